// Figures as tables: a plain-text table after each scenario group, and at the end one Markdown
// table (printed and written to bench/results.md) that the README can carry verbatim.
import type { LoadResult } from './load.js'
import type { CpuShare } from './measure.js'

export type Target = { readonly text: string; readonly met: boolean }

export type Row = {
  readonly scenario: string
  /** Referrals stored, e.g. "10,000". */
  readonly rows: string
  readonly connections?: number
  readonly load?: LoadResult
  readonly peakMb?: number
  readonly cpu?: CpuShare
  /** Server CPU of one request, measured in-process, when there is no load to divide by. */
  readonly cpuMs?: number
  /** Requests per second the CPU figures cover, when more than this row's (concurrent loads). */
  readonly cpuCovers?: number
  /** This row's req/s ÷ another row's, named by `of` (e.g. raw node:http for GET by id). */
  readonly ratio?: { readonly value: number; readonly of: string }
  readonly target?: Target
  readonly note?: string
}

const headings = [
  'scenario',
  'rows',
  'conns',
  'req/s',
  'p50 ms',
  'p99 ms',
  'peak RSS MB',
  'CPU server/load gen',
  'server CPU ms/req',
  'DB CPU ms/req',
  'ratio',
  'target',
  'notes',
]
/** Columns from here on are text, left-aligned. */
const firstTextColumn = 11

function cells(row: Row): string[] {
  const load = row.load
  return [
    row.scenario,
    row.rows,
    row.connections === undefined ? '' : String(row.connections),
    load ? fixed(load.rps, load.rps < 10 ? 2 : 0) : '-',
    load ? fixed(load.p50, 2) : '-',
    load ? fixed(load.p99, 2) : '-',
    row.peakMb === undefined ? '' : fixed(row.peakMb, 0),
    row.cpu ? `${percent(row.cpu.server)} / ${percent(row.cpu.client)}` : '',
    serverCpuMs(row),
    databaseCpuMs(row),
    row.ratio === undefined ? '' : `${fixed(row.ratio.value, 2)}x ${row.ratio.of}`,
    row.target ? `${row.target.met ? 'PASS' : 'MISS'} ${row.target.text}` : '',
    [row.note, failures(load)].filter(Boolean).join('; '),
  ]
}

function serverCpuMs(row: Row): string {
  if (row.cpuMs !== undefined) return milliseconds(row.cpuMs)
  const load = row.load
  return row.cpu && load ? milliseconds((row.cpu.server / (row.cpuCovers ?? load.rps)) * 1000) : ''
}

/** PostgreSQL's backends' CPU a request, where the row counted them. */
function databaseCpuMs(row: Row): string {
  const load = row.load
  if (row.cpu?.database === undefined || !load) return ''
  return milliseconds((row.cpu.database / (row.cpuCovers ?? load.rps)) * 1000)
}

function failures(load: LoadResult | undefined): string {
  if (!load || load.failed === 0) return ''
  const codes = Object.entries(load.statuses).filter(([code]) => !code.startsWith('2'))
  const first = load.firstFailure === undefined ? '' : `, first: ${load.firstFailure.replace(/\s+/g, ' ')}`
  return `${load.failed} failed (${codes.map(([code, n]) => `${code}: ${n}`).join(', ')}${first})`
}

function milliseconds(ms: number): string {
  return fixed(ms, ms < 1 ? 3 : ms < 100 ? 2 : 0)
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`
}

function fixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '-'
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

export function textTable(title: string, rows: readonly Row[]): string {
  const body = rows.map(cells)
  const widths = headings.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)))
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === 0 || i >= firstTextColumn ? v.padEnd(widths[i]!) : v.padStart(widths[i]!)))
      .join('  ')
      .trimEnd()
  return [
    `\n== ${title}`,
    line(headings),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map(line),
  ].join('\n')
}

export function markdownTable(rows: readonly Row[]): string {
  const escape = (cell: string) => cell.replaceAll('|', '\\|')
  const align = headings.map((_, i) => (i === 0 || i >= firstTextColumn ? '---' : '---:'))
  return [headings, align, ...rows.map(cells)].map((r) => `| ${r.map(escape).join(' | ')} |`).join('\n')
}
