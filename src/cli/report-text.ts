// The client report as a person reads it in a terminal: one block a client, one paragraph a
// finding (what, why, instead), lines wrapped to the width given.
import type { ClientFindings, ClientReport, Finding } from '../client/admin.js'

const labels = ['What', 'Why', 'Instead', 'Requests'] as const
const labelWidth = Math.max(...labels.map((l) => l.length)) + 2

export function reportText(report: ClientReport, width = 100): string[] {
  const lines = [`Client report for tenant ${report.tenant}`]
  if (report.requests === 0) {
    return [
      ...lines,
      'No requests in the journal yet: call the API with this tenant’s token, then ask again.',
    ]
  }
  lines.push(
    `${report.requests} requests from ${report.from ?? '?'} to ${report.to ?? '?'} (wall time; the journal's last requests)`,
  )
  for (const client of report.clients) lines.push('', ...clientText(client, width))
  return lines
}

function clientText(client: ClientFindings, width: number): string[] {
  const count = client.findings.length
  const head = `${client.userAgent} — ${client.requests} request${client.requests === 1 ? '' : 's'}`
  if (count === 0) return [`${head}: nothing to report.`]
  const lines = [`${head}, ${count} finding${count === 1 ? '' : 's'}:`]
  client.findings.forEach((finding, i) => lines.push('', ...findingText(finding, i + 1, width)))
  return lines
}

function findingText(finding: Finding, n: number, width: number): string[] {
  const indent = '     '
  const field = (label: (typeof labels)[number], text: string) =>
    wrap(`${`${label}:`.padEnd(labelWidth)}${text}`, width - indent.length, ' '.repeat(labelWidth)).map(
      (line) => `${indent}${line}`,
    )
  return [
    `  ${String(n).padStart(2)}. ${finding.title} (${finding.count}×)`,
    ...field('What', finding.what),
    ...field('Why', finding.why),
    ...field('Instead', finding.instead),
    ...field('Requests', finding.examples.join(', ')),
  ]
}

/** Word-wraps `text` to `width`, continuing lines with `hanging`. */
export function wrap(text: string, width: number, hanging: string): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line)
      line = hanging + word
    } else line = line === '' ? word : `${line} ${word}`
  }
  lines.push(line)
  return lines
}
