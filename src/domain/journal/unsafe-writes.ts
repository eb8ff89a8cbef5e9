// Writes that risk losing someone else's update: PUTs and PATCHes sent without If-Match, and writes
// sent again after a 412 without reading the referral first.
import { examplesOf, plural, type Finding } from './finding.js'
import { pathOf, type JournalEntry } from './journal-entry.js'

const isWrite = (entry: JournalEntry) => entry.method === 'PUT' || entry.method === 'PATCH'

export function writesWithoutIfMatch(entries: readonly JournalEntry[]): Finding[] {
  const blind = entries.filter((e) => isWrite(e) && !e.ifMatch)
  if (blind.length === 0) return []
  const puts = blind.filter((e) => e.method === 'PUT').length
  return [
    {
      kind: 'writeWithoutIfMatch',
      title: 'PUT or PATCH without If-Match',
      count: blind.length,
      what: `${sentWithout(puts, blind.length - puts)} sent without an If-Match header.`,
      why: 'Without If-Match a PATCH overwrites whatever is stored, silently losing a change Microsoft or a colleague made since the client read the referral, and a PUT is refused with 400.',
      instead:
        'Send If-Match with the eTag of the referral as last read, and on 412 read it again, re-apply the change and retry.',
      examples: examplesOf(blind.map((e) => e.requestId)),
    },
  ]
}

/** A 412, then the same client's next request for that referral is another write, not a read. */
export function writesAfter412WithoutRead(entries: readonly JournalEntry[]): Finding[] {
  const refused = new Set<string>() // paths answered 412, awaiting the client's next request
  const blind: JournalEntry[] = []
  for (const entry of entries) {
    const path = pathOf(entry)
    if (refused.delete(path) && isWrite(entry)) blind.push(entry)
    if (isWrite(entry) && entry.status === 412) refused.add(path)
  }
  if (blind.length === 0) return []
  return [
    {
      kind: 'writeAfter412WithoutRead',
      title: 'Wrote again after a 412 without reading first',
      count: blind.length,
      what: `${plural(blind.length, 'write')} followed a 412 Precondition Failed on the same referral with no GET in between.`,
      why: 'A 412 means the referral changed since it was read: writing again without reading either fails the same way forever or, without If-Match, overwrites the other change.',
      instead:
        'On 412, GET the referral, re-apply the user’s change to the fresh copy and send it with the new eTag as If-Match.',
      examples: examplesOf(blind.map((e) => e.requestId)),
    },
  ]
}

/** "1 PUT and 2 PATCHes were", "1 PATCH was": the counts that are not zero. */
function sentWithout(puts: number, patches: number): string {
  const parts = [puts > 0 && plural(puts, 'PUT'), patches > 0 && plural(patches, 'PATCH', 'PATCHes')]
  return `${parts.filter(Boolean).join(' and ')} ${puts + patches === 1 ? 'was' : 'were'}`
}
