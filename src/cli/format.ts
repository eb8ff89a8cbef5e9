// How a command ends: its work done (exit 0), or the failure printed the way a person wants to
// read it (the server's message with every problem it listed, the address that did not answer)
// with the exit code of its kind (exit-codes.ts). Also the referral's view, which most groups print.
import { InvalidArgumentError } from 'commander'
import { ApiError } from '../client/errors.js'
import type { Referral } from '../client/referrals.js'
import { exitCodes } from './exit-codes.js'
import { printItem, printList, type OutputFlags, type View } from './output.js'
import { SyncConfigError } from '../sync/config/load-sync-config.js'
import { ProfileError } from './profiles.js'
import { UnreachableError } from './unreachable.js'

export { printJson, printTable } from './output.js'

export const referralView: View<Referral> = {
  columns: [
    { header: 'id', value: (r) => r.id },
    { header: 'status', value: (r) => `${r.status}/${r.substatus}` },
    { header: 'direction', value: (r) => r.direction },
    { header: 'type', value: (r) => r.type },
    { header: 'organization', value: (r) => r.organizationName },
    { header: 'name', value: (r) => r.name ?? '' },
    { header: 'eTag', value: (r) => r.eTag },
  ],
  line: (r) =>
    [
      r.id,
      `${r.status}/${r.substatus}`,
      r.registrationStatus && r.registrationStatus !== 'None' ? `registration ${r.registrationStatus}` : '',
      `eTag ${r.eTag}`,
      r.name ?? '',
    ]
      .filter((part) => part !== '')
      .join('  '),
}

export function printReferrals(referrals: readonly Referral[], flags: OutputFlags): void {
  printList(referrals, referralView, flags)
}

export function printReferral(referral: Referral, flags: OutputFlags): void {
  printItem(referral, referralView, flags)
}

/** A mistake in what the user asked for (exit 2), found after the command line parsed. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** Runs a command's work; a failure is printed and sets the exit code of its kind. */
export async function run(work: () => Promise<void> | void): Promise<void> {
  try {
    await work()
  } catch (error) {
    process.exitCode = report(error)
  }
}

function report(error: unknown): number {
  if (error instanceof ApiError) {
    console.error(`cosell: ${error.status} ${error.code}: ${error.message}`)
    const problems = error.problems
    for (const p of problems) console.error(`  ${p.target}: ${p.message}`)
    if (problems.length === 0 && error.target) console.error(`  target: ${error.target}`)
    if (error.requestId) console.error(`  request id: ${error.requestId}`)
    return error.status === 412 ? exitCodes.preconditionFailed : exitCodes.failed
  }
  if (error instanceof UnreachableError) {
    console.error(`cosell: ${error.message}`)
    console.error(`  ${error.hint}`)
    return exitCodes.unreachable
  }
  const message = error instanceof Error ? error.message : String(error)
  console.error(`cosell: ${message.replace(/^cosell: /, '')}`)
  const usage =
    error instanceof InvalidArgumentError ||
    error instanceof UsageError ||
    error instanceof ProfileError ||
    error instanceof SyncConfigError
  return usage ? exitCodes.usage : exitCodes.failed
}
