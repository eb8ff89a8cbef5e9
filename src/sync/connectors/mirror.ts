// `mirror`: a read-only connector whose "CRM" is another Referrals API endpoint (Microsoft's
// service, or another cosell). Each source referral is one record, its personal data replaced by
// deterministic fakes, so the engine can copy real shapes into a local tenant without real
// people's data. Nothing is ever written to the source.
import { ApiError, type Referral, type ReferralsApi } from '../../client/index.js'
import { readSecret } from '../config/secret.js'
import type { ConnectorContext, ConnectorType } from './connector-type.js'
import {
  CrmRefusedError,
  type CrmChangePage,
  type CrmConnector,
  type CrmFields,
  type CrmRecord,
} from './connector.js'
import { mirrorMapping } from './mirror/default-mapping.js'
import { fakeReferral } from './mirror/fake-referral.js'
import { defaultBaseUrl, MirrorSettingsSchema, type MirrorSettings } from './mirror/mirror-settings.js'
import { mirrorFields, recordFields, sourceIdField } from './mirror/record-fields.js'
import { readReferralChanges } from '../referral-changes.js'
import { fromSource, sourceApi } from './mirror/source-api.js'

/** The seed when the settings name none: fakes stay stable, but anyone can compute them (set your own). */
const publicSeed = 'cosell-mirror'

export const mirrorConnectorType: ConnectorType<typeof MirrorSettingsSchema> = {
  type: 'mirror',
  settings: MirrorSettingsSchema,
  open: (settings, context) => Promise.resolve().then(() => new MirrorConnector(settings, context)),
  defaultMapping: () => mirrorMapping(),
}

class MirrorConnector implements CrmConnector {
  readonly label: string
  readonly writable = false
  private readonly api: ReferralsApi
  private readonly seed: string

  constructor(
    private readonly settings: MirrorSettings,
    context: ConnectorContext,
  ) {
    this.label = `mirror ${new URL(settings.baseUrl ?? defaultBaseUrl).host}`
    this.api = sourceApi(settings, context)
    this.seed =
      settings.fakeSeed === undefined
        ? publicSeed
        : readSecret(settings.fakeSeed, context.env, 'mirror.fakeSeed')
  }

  async changes(cursor: string | undefined, limit: number): Promise<CrmChangePage> {
    const read = await fromSource('reading changes', () =>
      readReferralChanges(this.api, this.settings.filter, cursor, limit),
    )
    return {
      records: read.referrals.map((r) => this.record(r)),
      cursor: read.cursor,
      caughtUp: read.caughtUp,
    }
  }

  async get(id: string): Promise<CrmRecord | undefined> {
    const referral = await fromSource(`reading referral ${id}`, async () => {
      try {
        return await this.api.get(id)
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return undefined
        throw error
      }
    })
    return referral && this.record(referral)
  }

  /** By `sourceId`, one read; by any other field, every source referral the filter selects, compared after faking. */
  async findBy(field: string, value: string): Promise<CrmRecord[]> {
    if (field === sourceIdField) return [await this.get(value)].filter((r) => r !== undefined)
    if (!mirrorFields.some((f) => f.name === field)) {
      const known = [sourceIdField, ...mirrorFields.map((f) => f.name)].join(', ')
      throw new RangeError(`mirror: findBy: no field '${field}'; the fields are ${known}`)
    }
    const found: CrmRecord[] = []
    await fromSource(`finding ${field} = ${value}`, async () => {
      const filter = this.settings.filter
      for await (const referral of this.api.all(filter === undefined ? {} : { $filter: filter })) {
        const record = this.record(referral)
        const held = record.fields[field]
        if (held !== null && held !== undefined && String(held) === value) found.push(record)
      }
    })
    return found
  }

  create(_fields: CrmFields): Promise<CrmRecord> {
    return Promise.reject(this.readOnly('create a record'))
  }

  update(id: string, _fields: CrmFields, _ifVersion?: string): Promise<CrmRecord> {
    return Promise.reject(this.readOnly(`update record ${id}`))
  }

  close(): Promise<void> {
    return Promise.resolve()
  }

  private record(referral: Referral): CrmRecord {
    return {
      id: referral.id,
      version: referral.eTag,
      modifiedAt: referral.updatedDateTime,
      fields: recordFields(fakeReferral(referral, this.seed)),
    }
  }

  private readOnly(what: string): CrmRefusedError {
    return new CrmRefusedError(
      `${this.label}: cannot ${what}: the mirror connector is read-only (it copies referrals from its source and never writes to it)`,
    )
  }
}
