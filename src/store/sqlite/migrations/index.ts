// Numbered migrations, applied in order and recorded in schema_migrations. A released migration
// is frozen: a fix is a new one. test/store/upgrade/ upgrades data written at every version.
import * as createReferrals from './001-create-referrals.js'
import * as organizationProfiles from './002-organization-profiles-and-users.js'
import * as countryIndex from './004-country-index.js'
import * as expiryAndSnapshots from './003-expiry-and-snapshots.js'
import * as referralsRowidTable from './005-referrals-rowid-table.js'
import * as teamEmailIndex from './006-team-email-index.js'
import * as snapshotsOfVersion3 from './007-snapshots-of-version-3.js'
import * as organizationDomains from './008-organization-domains.js'
import * as changes from './009-changes.js'
import * as webhooks from './010-webhooks.js'
import * as syncRecords from './011-sync-records.js'

export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'create-referrals', sql: createReferrals.sql },
  { version: 2, name: 'organization-profiles-and-users', sql: organizationProfiles.sql },
  { version: 3, name: 'expiry-and-snapshots', sql: expiryAndSnapshots.sql },
  { version: 4, name: 'country-index', sql: countryIndex.sql },
  { version: 5, name: 'referrals-rowid-table', sql: referralsRowidTable.sql },
  { version: 6, name: 'team-email-index', sql: teamEmailIndex.sql },
  { version: 7, name: 'snapshots-of-version-3', sql: snapshotsOfVersion3.sql },
  { version: 8, name: 'organization-domains', sql: organizationDomains.sql },
  { version: 9, name: 'changes', sql: changes.sql },
  { version: 10, name: 'webhooks', sql: webhooks.sql },
  { version: 11, name: 'sync-records', sql: syncRecords.sql },
]
