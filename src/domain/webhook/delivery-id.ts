// A delivery's id: a UUID whose first 48 bits are the time it was queued (the layout of UUID
// version 7), the rest random. Ids that rise with time go in at the end of the table's unique
// index instead of on a random page of it: an outbox row is written for every event.
export function deliveryId(queuedAtMs: number, randomUuid: string): string {
  const time = Math.max(0, Math.floor(queuedAtMs)).toString(16).padStart(12, '0').slice(-12)
  const random = randomUuid.replace(/-/g, '')
  const hex = `${time}7${random.slice(13, 16)}${random.slice(16, 32)}`
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}
