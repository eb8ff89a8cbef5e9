// A domain belongs to one organisation at most: it decides where a user of it signs in through
// `common`, so two owners would make that a coin toss.
import { CosellError } from '../errors.js'

export function domainTaken(domain: string, owner: string): CosellError {
  return new CosellError(
    'resourceModified',
    `The domain '${domain}' is already a verified domain of organisation '${owner}'; a domain belongs to one organisation at most. Remove it there first.`,
    'domains',
    {
      code: 'domainTaken',
      message: `'${domain}' belongs to '${owner}'.`,
      details: [{ domain, organizationId: owner }],
    },
  )
}
