// JSON lines: one referral object a line, as `cosell export --format jsonl` writes them. A line
// that is not a JSON object fails alone. A create sends the fields a client sets; `id` names the
// referral to update; anything else (`errors` from a failed import, server-owned fields) is left out.
import { clientWritableFields } from '../domain/referral/referral-input.js'
import type { RowReader } from './import-referrals.js'

export interface JsonlRow {
  readonly text: string
  readonly line: number
  readonly value: Record<string, unknown> | undefined
}

/** Longer lines are refused rather than held in memory. */
export const maxLineChars = 1 << 20

export async function* jsonlRows(chunks: AsyncIterable<string>): AsyncGenerator<JsonlRow> {
  let pending = ''
  let line = 0
  for await (const chunk of chunks) {
    pending += chunk
    let end: number
    while ((end = pending.indexOf('\n')) >= 0) {
      const text = pending.slice(0, end).replace(/\r$/, '')
      pending = pending.slice(end + 1)
      line++
      if (text.trim() !== '') yield parseLine(text, line)
    }
    if (pending.length > maxLineChars)
      throw new Error(`line ${line + 1}: longer than ${maxLineChars} characters`)
  }
  if (pending.trim() !== '') yield parseLine(pending, line + 1)
}

function parseLine(text: string, line: number): JsonlRow {
  const clean = line === 1 ? text.replace(/^\uFEFF/, '') : text
  try {
    const value: unknown = JSON.parse(clean)
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return { text: clean, line, value: value as Record<string, unknown> }
  } catch {
    // reported as the row's problem below
  }
  return { text: clean, line, value: undefined }
}

export const jsonlRowReader: RowReader<JsonlRow> = {
  id: (row) => (typeof row.value?.id === 'string' && row.value.id.trim() !== '' ? row.value.id : undefined),
  referral: (row, base) => {
    if (!row.value) return { body: {}, problems: [{ column: '', message: 'the line is not a JSON object' }] }
    if (base) return { body: row.value, problems: [] }
    // only what a client sets: Microsoft's service need not ignore the rest as cosell does, and an
    // engagementId in a create would join that engagement instead of starting one
    const body = Object.fromEntries(
      clientWritableFields.flatMap((f) => (f in row.value! ? [[f, row.value![f]]] : [])),
    )
    return { body, problems: [] }
  },
  column: (target) => target,
}
