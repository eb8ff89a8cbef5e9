// The mirror connector against a real cosell server listening on 127.0.0.1, seeded through the SDK:
// one record per source referral, oldest change first, paged by cursor; personal data replaced by
// deterministic fakes and business data kept; read-only; signed in by token or client credentials.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import {
  HttpClient,
  ReferralsApi,
  clientCredentials,
  emulatorToken,
  type Referral,
  type ReferralCreate,
} from '../../../src/client/index.js'
import { writablePaths } from '../../../src/domain/patch/patch-paths.js'
import { clientWritableFields } from '../../../src/domain/referral/referral-input.js'
import { schemaProblems } from '../../../src/domain/referral/schema-problems.js'
import { MissingSecretError } from '../../../src/sync/config/secret.js'
import type { ConnectorContext } from '../../../src/sync/connectors/connector-type.js'
import {
  CrmRefusedError,
  CrmUnavailableError,
  type CrmConnector,
} from '../../../src/sync/connectors/connector.js'
import { mirrorConnectorType } from '../../../src/sync/connectors/mirror.js'
import type { MirrorSettings } from '../../../src/sync/connectors/mirror/mirror-settings.js'
import { mirrorFields } from '../../../src/sync/connectors/mirror/record-fields.js'
import { mappingProblems } from '../../../src/sync/mapping/mapping-problems.js'
import { MappingSchema } from '../../../src/sync/mapping/mapping-schema.js'
import { makeAuthTestApp } from '../../support/auth-app.js'
import { closedPort } from '../../support/closed-port.js'
import { partnerLedCreate } from '../../support/fixtures.js'
import { makeTestApp, type TestApp } from '../../support/test-app.js'

/** Every personal value a seeded referral holds; no faked field may contain any of them. */
const personal = {
  customer: 'Zephyrine Quarrystone Holdings',
  line1: '1234 Wobbleberry Lane',
  line2: 'Apartment 77',
  postalCode: '98052',
  contactFirst: 'Ottoline',
  contactLast: 'Vasquezberg',
  contactEmail: 'Ottoline.Vasquezberg@zephyrine-quarry.com',
  contactPhone: '+1 (425) 867-5309',
  contactTitle: 'Chief Rock Officer',
  customerId: 'DUNS-804-771-239',
  sellerFirst: 'Barnaby',
  sellerLast: 'Quillfeather',
  sellerEmail: 'barnaby@partner-zephyr.com',
  sellerPhone: '206-555-0199',
  notes: 'Ottoline Vasquezberg asked Barnaby to call her cell at 867-5309 about the quarry ERP rollout.',
  inviteNotes: 'Barnaby Quillfeather needs licensing help for Zephyrine Quarrystone Holdings.',
}

const fakedFields = [
  'name',
  'statusReason',
  'team',
  'customerProfile.name',
  'customerProfile.address',
  'customerProfile.team',
  'customerProfile.ids',
  'details.notes',
  'inviteContext.notes',
]

function sourceBody(n: number): ReferralCreate {
  const sample = partnerLedCreate() as unknown as ReferralCreate
  return {
    ...sample,
    name: `${personal.customer} - Azure migration ${n}`,
    externalReferenceId: `CRM-${n}`,
    campaignId: 'FY26-Q3',
    customerProfile: {
      ...sample.customerProfile,
      name: personal.customer,
      address: {
        addressLine1: personal.line1,
        addressLine2: personal.line2,
        city: 'Redmond',
        state: 'WA',
        postalCode: personal.postalCode,
        country: 'US',
      },
      team: [
        {
          firstName: personal.contactFirst,
          lastName: personal.contactLast,
          email: personal.contactEmail,
          phoneNumber: personal.contactPhone,
          title: personal.contactTitle,
        },
      ],
      ids: [{ profileType: 'External', id: personal.customerId }],
    },
    team: [
      {
        firstName: personal.sellerFirst,
        lastName: personal.sellerLast,
        email: personal.sellerEmail,
        phoneNumber: personal.sellerPhone,
      },
    ],
    details: { ...sample.details, notes: personal.notes, dealValue: 50_000 + n },
    inviteContext: { notes: personal.inviteNotes, assistanceRequestCode: 'QuotesOrLicensing' },
  }
}

let t: TestApp
let baseUrl: string

before(async () => {
  t = await makeTestApp()
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
})
after(() => t.close())

/** A tenant of its own on the source server, so each test sees only the referrals it seeded. */
function sourceTenant(): { tid: string; token: string; api: ReferralsApi } {
  const tid = randomUUID()
  const token = emulatorToken({ tid, upn: 'seeder@partner.example' })
  return { tid, token, api: new ReferralsApi(new HttpClient({ baseUrl, token, retry: false })) }
}

/** Creates referrals one second apart on the source's clock, oldest first. */
async function seed(api: ReferralsApi, count: number, step = 1000): Promise<Referral[]> {
  const created: Referral[] = []
  for (let n = 1; n <= count; n++) {
    t.clock.advance(step)
    created.push(await api.create(sourceBody(n)))
  }
  return created
}

const opened: CrmConnector[] = []
after(() => Promise.all(opened.map((c) => c.close())))

async function mirror(
  token: string,
  extra: Partial<MirrorSettings> = {},
  context: Partial<ConnectorContext> = {},
): Promise<CrmConnector> {
  const settings: MirrorSettings = { type: 'mirror', baseUrl, auth: { token }, ...extra }
  assert.deepEqual(schemaProblems(mirrorConnectorType.settings, settings), [])
  const connector = await mirrorConnectorType.open(settings, { env: {}, baseDir: '.', ...context })
  opened.push(connector)
  return connector
}

/** A fetch that notes every request it sends. */
function recordingFetch(): { fetch: typeof fetch; calls: { url: string; body: string | undefined }[] } {
  const calls: { url: string; body: string | undefined }[] = []
  const recording: typeof fetch = (input, init) => {
    calls.push({ url: new Request(input).url, body: init?.body as string | undefined })
    return fetch(input, init)
  }
  return { fetch: recording, calls }
}

const ids = (items: readonly { id: string }[]) => items.map((item) => item.id)

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => assert.fail('the call succeeded'),
    (error: unknown) => error,
  )
  assert.ok(error instanceof Error, String(error))
  return error
}

describe('mirror records', () => {
  test('one record per source referral: id, eTag as version, updatedDateTime, the source id', async () => {
    const source = sourceTenant()
    const [referral] = await seed(source.api, 1)
    const page = await (await mirror(source.token)).changes(undefined, 10)
    assert.equal(page.records.length, 1)
    const [record] = page.records
    assert.deepEqual(
      [record!.id, record!.version, record!.modifiedAt],
      [referral!.id, referral!.eTag, referral!.updatedDateTime],
    )
    assert.equal(record!.fields.sourceId, referral!.id)
    assert.deepEqual(
      Object.keys(record!.fields).sort(),
      ['sourceId', ...mirrorFields.map((f) => f.name)].sort(),
    )
  })

  test('business fields are the source’s own, objects and lists as JSON text', async () => {
    const source = sourceTenant()
    const [referral] = await seed(source.api, 1)
    const { fields } = (await (await mirror(source.token)).get(referral!.id))!
    for (const field of mirrorFields.filter((f) => !fakedFields.includes(f.name))) {
      const value = field.name
        .split('.')
        .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], referral)
      const held = fields[field.name]
      assert.deepEqual(field.json ? JSON.parse(held as string) : held, value, field.name)
    }
    assert.equal(fields['details.dealValue'], 50_001)
  })

  test('the fields cover every path a create or PATCH may write', () => {
    const names = mirrorFields.map((f) => f.name as string)
    for (const field of clientWritableFields) {
      assert.ok(
        names.some((n) => n === field || n.startsWith(`${field}.`)),
        field,
      )
    }
    for (const path of writablePaths) {
      const [top, below] = path.split('/')
      assert.ok(names.includes(top!) || names.includes(`${top}.${below}`), path)
    }
  })

  test('get answers undefined for a referral the source does not have', async () => {
    const source = sourceTenant()
    assert.equal(await (await mirror(source.token)).get(randomUUID()), undefined)
  })
})

describe('mirror changes', () => {
  test('pages of `limit`, oldest change first; the cursor’s own instant comes again', async () => {
    const source = sourceTenant()
    const created = await seed(source.api, 5)
    const connector = await mirror(source.token)
    const first = await connector.changes(undefined, 2)
    assert.deepEqual(ids(first.records), idsAt(created, 0, 1))
    assert.equal(first.caughtUp, false)
    assert.equal(first.cursor, created[1]!.updatedDateTime)
    const second = await connector.changes(first.cursor, 2)
    assert.deepEqual(ids(second.records), idsAt(created, 1, 2), 'the referral at the cursor is read again')
    const third = await connector.changes(second.cursor, 2)
    const fourth = await connector.changes(third.cursor, 2)
    assert.deepEqual(ids(fourth.records), idsAt(created, 3, 4))
    assert.equal(fourth.caughtUp, true)
    assert.equal(fourth.cursor, created[4]!.updatedDateTime)
    const idle = await connector.changes(fourth.cursor, 2)
    assert.deepEqual(
      [ids(idle.records), idle.cursor, idle.caughtUp],
      [idsAt(created, 4), fourth.cursor, true],
    )
  })

  test('a limit beyond the source’s largest page follows its nextLink', async () => {
    const source = sourceTenant()
    const created = await seed(source.api, 103)
    const { fetch, calls } = recordingFetch()
    const connector = await mirror(source.token, {}, { fetch })
    const first = await connector.changes(undefined, 102)
    assert.deepEqual(ids(first.records), ids(created.slice(0, 102)))
    assert.equal(first.caughtUp, false)
    assert.equal(
      calls.filter((call) => call.url.includes('skiptoken')).length,
      1,
      'the second page by its nextLink',
    )
    const rest = await connector.changes(first.cursor, 102)
    assert.deepEqual([ids(rest.records), rest.caughtUp], [ids(created.slice(101)), true])
  })

  test('a referral changed after the cursor comes again with its new version', async () => {
    const source = sourceTenant()
    const created = await seed(source.api, 3)
    const connector = await mirror(source.token)
    const caughtUp = await connector.changes(undefined, 10)
    t.clock.advance(1000)
    const changed = await source.api.patch(created[0]!.id, [
      { op: 'replace', path: '/details/dealValue', value: 7 },
    ])
    const next = await connector.changes(caughtUp.cursor, 10)
    assert.deepEqual(ids(next.records), [created[2]!.id, created[0]!.id])
    const record = next.records[1]!
    assert.deepEqual([record.version, record.modifiedAt], [changed.eTag, changed.updatedDateTime])
    assert.equal(record.fields['details.dealValue'], 7)
  })

  test('more referrals than the limit at one instant: the page reads past them to move the cursor', async () => {
    const source = sourceTenant()
    t.clock.advance(1000)
    const together = await Promise.all([1, 2, 3, 4].map((n) => source.api.create(sourceBody(n))))
    const [later] = await seed(source.api, 1)
    const connector = await mirror(source.token)
    const first = await connector.changes(undefined, 2)
    assert.equal(first.records.length, 2)
    assert.equal(first.cursor, together[0]!.updatedDateTime)
    const second = await connector.changes(first.cursor, 2)
    assert.deepEqual(new Set(ids(second.records.slice(0, 4))), new Set(ids(together)))
    assert.deepEqual(ids(second.records.slice(4)), [later!.id])
    assert.equal(second.cursor, later!.updatedDateTime)
  })

  test('the settings’ filter narrows every page', async () => {
    const source = sourceTenant()
    const created = await seed(source.api, 4)
    const connector = await mirror(source.token, {
      filter: 'details/dealValue ge 50003 or details/dealValue eq 50001',
    })
    const first = await connector.changes(undefined, 1)
    assert.deepEqual(ids(first.records), idsAt(created, 0))
    const rest = await connector.changes(first.cursor, 10)
    assert.deepEqual(ids(rest.records), idsAt(created, 0, 2, 3))
  })

  test('a cursor that is not a date-time is refused before anything is sent', async () => {
    const source = sourceTenant()
    const error = await rejection((await mirror(source.token)).changes("2026-01-01' or true", 5))
    assert.match(error.message, /cursor .* is not an ISO 8601 date-time/)
  })
})

function idsAt(referrals: readonly Referral[], ...at: number[]): string[] {
  return at.map((i) => referrals[i]!.id)
}

describe('mirror fakes', () => {
  test('no faked field holds any of the source’s personal values; fakes look real', async () => {
    const source = sourceTenant()
    const [referral] = await seed(source.api, 1)
    await source.api.patch(referral!.id, [
      { op: 'replace', path: '/status', value: 'Closed' },
      { op: 'replace', path: '/substatus', value: 'Lost' },
      {
        op: 'replace',
        path: '/statusReason',
        value: `${personal.contactFirst} ${personal.contactLast} chose another vendor`,
      },
    ])
    const { fields } = (await (await mirror(source.token, { fakeSeed: 'test seed' })).get(referral!.id))!
    for (const name of fakedFields) {
      const text = String(fields[name]).toLowerCase()
      for (const [what, value] of Object.entries(personal)) {
        assert.ok(!text.includes(value.toLowerCase()), `${name} holds the source's ${what}: ${text}`)
      }
    }
    const [contact] = JSON.parse(fields['customerProfile.team'] as string) as Referral['team']
    assert.match(contact!.email!, /^[a-z]+\.[a-z]+@[a-z-]+\.example$/)
    assert.ok(
      contact!.email!.startsWith(`${contact!.firstName!.toLowerCase()}.`),
      'the address matches the fake name',
    )
    assert.match(contact!.phoneNumber!, /^\+1 \(\d{3}\) \d{3}-\d{4}$/)
    assert.notEqual(contact!.title, null)
    const address = JSON.parse(
      fields['customerProfile.address'] as string,
    ) as Referral['customerProfile']['address']
    assert.equal(address.country, 'US')
    assert.match(address.postalCode!, /^\d{5}$/)
    assert.ok(address.city && address.city !== 'Redmond' && address.state)
    const notes = fields['details.notes'] as string
    assert.ok(notes.length <= personal.notes.length && notes.length > personal.notes.length - 80, notes)
    assert.match(fields.name as string, / - Azure migration 1$/, 'the words of the name are kept')
    assert.match(fields.statusReason as string, / chose another vendor$/)
  })

  test('the same value under the same seed gives the same fake, on every referral; another seed another', async () => {
    const source = sourceTenant()
    const [a, b] = await seed(source.api, 2)
    const once = await mirror(source.token, { fakeSeed: 'seed one' })
    const again = await mirror(
      source.token,
      { fakeSeed: { env: 'MIRROR_SEED' } },
      { env: { MIRROR_SEED: 'seed one' } },
    )
    const other = await mirror(source.token, { fakeSeed: 'seed two' })
    const recordA = (await once.get(a!.id))!
    assert.deepEqual((await again.get(a!.id))!.fields, recordA.fields)
    const recordB = (await once.get(b!.id))!
    for (const name of ['customerProfile.name', 'customerProfile.address', 'customerProfile.team', 'team']) {
      assert.equal(recordB.fields[name], recordA.fields[name], `${name}: the same person, the same fake`)
    }
    const otherA = (await other.get(a!.id))!
    assert.notEqual(otherA.fields['customerProfile.team'], recordA.fields['customerProfile.team'])
  })

  test('findBy: by source id, and by a faked value as the records hold it', async () => {
    const source = sourceTenant()
    const [a, b] = await seed(source.api, 2)
    const connector = await mirror(source.token)
    assert.deepEqual(ids(await connector.findBy('sourceId', a!.id)), [a!.id])
    const name = (await connector.get(a!.id))!.fields['customerProfile.name'] as string
    assert.deepEqual(
      new Set(ids(await connector.findBy('customerProfile.name', name))),
      new Set([a!.id, b!.id]),
    )
    assert.deepEqual(await connector.findBy('customerProfile.name', personal.customer), [])
    const error = await rejection(connector.findBy('customerName', 'x'))
    assert.match(error.message, /no field 'customerName'; the fields are sourceId, name, /)
  })
})

describe('mirror is read-only', () => {
  test('create and update are refused, naming the reason', async () => {
    const source = sourceTenant()
    const connector = await mirror(source.token)
    assert.equal(connector.writable, false)
    for (const write of [connector.create({ name: 'x' }), connector.update('some-id', { name: 'x' }, 'v1')]) {
      const error = await rejection(write)
      assert.ok(error instanceof CrmRefusedError)
      assert.match(error.message, /the mirror connector is read-only/)
    }
  })

  test('the default mapping copies every field to the referral and links by externalReferenceId', () => {
    const mapping = mirrorConnectorType.defaultMapping({ type: 'mirror', auth: { token: 'x' } })
    assert.deepEqual(schemaProblems(MappingSchema, mapping), [])
    assert.deepEqual(mappingProblems(mapping), [])
    assert.equal(mapping.crmReferralId, 'localReferralId')
    assert.ok(!mirrorFields.some((f) => f.name === mapping.crmReferralId), 'no record holds it')
    assert.deepEqual(mapping.create, { toCrm: false, toReferral: true })
    assert.ok(mapping.fields.every((f) => f.direction === 'toReferral'))
    assert.deepEqual(mapping.fields[0], {
      crm: 'sourceId',
      referral: 'externalReferenceId',
      direction: 'toReferral',
    })
    const mapped = new Set(mapping.fields.map((f) => f.crm))
    for (const field of mirrorFields.filter((f) => f.name !== 'externalReferenceId')) {
      assert.ok(mapped.has(field.name), field.name)
      const format = mapping.fields.find((f) => f.crm === field.name)!.format
      assert.equal(format, field.json ? 'json' : undefined, field.name)
    }
  })
})

describe('mirror settings and the source', () => {
  test('client credentials: signs in at the authority’s token endpoint, then reads the tenant', async () => {
    // a server in verify mode, where only tokens its token endpoint signed pass
    const verifying = await makeAuthTestApp({ mode: 'verify', allowInsecure: true })
    try {
      await verifying.app.listen({ port: 0, host: '127.0.0.1' })
      const base = `http://127.0.0.1:${(verifying.app.server.address() as AddressInfo).port}`
      const tenantId = randomUUID()
      const app = { authority: base, clientId: 'seeder', clientSecret: 'x' }
      const seeder = clientCredentials({ ...app, authority: `${base}/${tenantId}` })
      const referral = await new ReferralsApi(new HttpClient({ baseUrl: base, token: seeder })).create(
        sourceBody(1),
      )
      const { fetch, calls } = recordingFetch()
      const connector = await mirror(
        '',
        {
          baseUrl: base,
          auth: { tenantId, clientId: 'mirror-app', clientSecret: { env: 'MIRROR_SECRET' }, authority: base },
        },
        { env: { MIRROR_SECRET: 'app secret' }, fetch },
      )
      assert.deepEqual(ids((await connector.changes(undefined, 10)).records), [referral.id])
      await connector.get(referral.id)
      const tokenCalls = calls.filter((call) => call.url.includes('/oauth2/'))
      assert.equal(tokenCalls.length, 1, 'the token is kept while it is valid')
      assert.equal(tokenCalls[0]!.url, `${base}/${tenantId}/oauth2/v2.0/token`)
      const form = new URLSearchParams(tokenCalls[0]!.body)
      assert.deepEqual(
        [form.get('grant_type'), form.get('client_id'), form.get('client_secret'), form.get('scope')],
        ['client_credentials', 'mirror-app', 'app secret', 'https://api.partner.microsoft.com/.default'],
      )
    } finally {
      await verifying.close()
    }
  })

  test('an unsigned token is refused by a verifying source: CrmRefusedError with 401', async () => {
    const verifying = await makeAuthTestApp({ mode: 'verify', allowInsecure: true })
    try {
      await verifying.app.listen({ port: 0, host: '127.0.0.1' })
      const base = `http://127.0.0.1:${(verifying.app.server.address() as AddressInfo).port}`
      const connector = await mirror(sourceTenant().token, { baseUrl: base })
      const error = await rejection(connector.changes(undefined, 5))
      assert.ok(error instanceof CrmRefusedError, String(error))
      assert.equal(error.status, 401)
    } finally {
      await verifying.close()
    }
  })

  test('a secret named by an unset variable fails at open, naming it', async () => {
    const settings: MirrorSettings = { type: 'mirror', baseUrl, auth: { token: { env: 'NO_SUCH_TOKEN' } } }
    const error = await rejection(mirrorConnectorType.open(settings, { env: {}, baseDir: '.' }))
    assert.ok(error instanceof MissingSecretError)
    assert.match(error.message, /mirror\.auth\.token: the environment variable NO_SUCH_TOKEN is not set/)
  })

  test('settings problems name the field and the rule; unknown settings are refused', () => {
    const problems = schemaProblems(mirrorConnectorType.settings, {
      type: 'mirror',
      baseUrl: 'ftp://example.com',
      auth: { token: 'x' },
      colour: 'blue',
    })
    assert.ok(
      problems.some((p) => p.target === 'baseUrl' && p.rule === 'pattern'),
      JSON.stringify(problems),
    )
    assert.ok(
      problems.some((p) => p.rule === 'additionalProperties'),
      JSON.stringify(problems),
    )
  })

  test('a filter the source refuses is a CrmRefusedError with its status', async () => {
    const source = sourceTenant()
    const connector = await mirror(source.token, { filter: 'dealValue gt 5' })
    const error = await rejection(connector.changes(undefined, 5))
    assert.ok(error instanceof CrmRefusedError, String(error))
    assert.equal(error.status, 400)
    assert.match(error.message, /^mirror: reading changes: /)
  })

  test('an unreachable source is a CrmUnavailableError (try later)', async () => {
    const settings: MirrorSettings = {
      type: 'mirror',
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      auth: { token: 'x' },
    }
    const connector = await mirrorConnectorType.open(settings, { env: {}, baseDir: '.' })
    const error = await rejection(connector.changes(undefined, 5))
    assert.ok(error instanceof CrmUnavailableError, String(error))
  })
})
