// Incoming leads and invitations not acted on within 14 days are archived as Closed/Expired
// (spec §6.1, D-LIST).
export const incomingLifetimeDays = 14

export function expirationFor(receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + incomingLifetimeDays * 24 * 60 * 60 * 1000)
}
