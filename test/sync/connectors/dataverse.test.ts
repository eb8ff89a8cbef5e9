import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { schemaProblems } from '../../../src/domain/referral/schema-problems.js'
import {
  CrmConflictError,
  CrmNotFoundError,
  CrmRefusedError,
  CrmUnavailableError,
  type CrmConnector,
} from '../../../src/sync/connectors/connector.js'
import { dataverseConnector, type DataverseSettings } from '../../../src/sync/connectors/dataverse.js'
import { changePages } from './change-pages.js'
import { connectorContract } from './contract.js'
import { MappingSchema } from '../../../src/sync/mapping/mapping-schema.js'
import { FakeDataverse } from '../fakes/dataverse-server.js'

const credentials = { tenantId: 'contoso-tenant', clientId: 'cosell-sync', clientSecret: 's3cret' }

function settings(fake: FakeDataverse, change: Partial<DataverseSettings> = {}): DataverseSettings {
  return {
    type: 'dataverse',
    url: fake.url,
    entity: 'opportunity',
    auth: { ...credentials, clientSecret: { env: 'DATAVERSE_SECRET' }, authority: fake.url },
    retry: { maxAttempts: 3, maxWaitSeconds: 1 },
    ...change,
  }
}

function open(
  fake: FakeDataverse,
  change: Partial<DataverseSettings> = {},
  secret = credentials.clientSecret,
) {
  return dataverseConnector.open(settings(fake, change), { env: { DATAVERSE_SECRET: secret }, baseDir: '.' })
}

describe('Dataverse connector', () => {
  let fake: FakeDataverse
  let connector: CrmConnector

  before(async () => {
    fake = await FakeDataverse.start(credentials)
    connector = await open(fake)
  })
  after(() => fake.close())

  it('signs in with client credentials for the environment scope, once for many requests', async () => {
    const id = fake.createOutside('opportunity', { name: 'Token reuse' })
    await connector.get(id)
    await connector.get(id)
    await connector.findBy('name', 'Token reuse')
    assert.equal(fake.tokens.granted, 1)
  })

  it('asks for a new token once when the API answers 401', async () => {
    const id = fake.createOutside('opportunity', { name: 'Expired token' })
    await connector.get(id)
    fake.tokens.expireAll()
    const record = await connector.get(id)
    assert.equal(record?.fields.name, 'Expired token')
    assert.equal(fake.tokens.granted, 2)
  })

  it('reports a refused sign-in with Entra ID’s own description', async () => {
    const wrong = await open(fake, {}, 'not-the-secret')
    await assert.rejects(wrong.get(crypto.randomUUID()), (error: unknown) => {
      assert.ok(error instanceof CrmRefusedError)
      assert.match(error.message, /Dataverse sign-in failed: invalid_client: AADSTS7000215/)
      return true
    })
  })

  it('creates with return=representation and reads back the selected columns, ETag and modifiedon', async () => {
    const created = await connector.create({
      name: 'Fabrikam expansion',
      estimatedvalue: 120000,
      cosell_syncwithpartnercenter: true,
    })
    assert.match(created.version, /^W\/"\d+"$/)
    assert.match(created.modifiedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/)
    assert.deepEqual(await connector.get(created.id), created)
    assert.equal(created.fields.statuscode, 1)
    assert.equal(created.fields.cosell_referralid, null)
  })

  it('pages through the table with change tracking, then follows the delta link to what changed', async () => {
    const own = await FakeDataverse.start(credentials)
    try {
      const tracked = await open(own)
      const ids = Array.from({ length: 7 }, (_, i) => own.createOutside('opportunity', { name: `Deal ${i}` }))
      const pages = await changePages(tracked, 3)
      const cursor = pages.at(-1)!.cursor
      assert.deepEqual(
        pages.map((p) => p.records.length),
        [3, 3, 1, 0],
      )
      assert.deepEqual(
        pages.map((p) => p.caughtUp),
        [false, false, false, true],
      )
      assert.deepEqual(new Set(pages.flatMap((p) => p.records.map((r) => r.id))), new Set(ids))
      assert.match(cursor, /\$deltatoken=/)

      own.editOutside('opportunity', ids[2]!, { name: 'Deal 2, renamed' })
      own.deleteOutside('opportunity', ids[4]!)
      const added = own.createOutside('opportunity', { name: 'Deal 7' })
      const delta = await tracked.changes(cursor, 10)
      assert.deepEqual(
        delta.records.map((r) => [r.id, r.fields.name]),
        [
          [ids[2], 'Deal 2, renamed'],
          [added, 'Deal 7'],
        ],
      )
      assert.equal(delta.caughtUp, true)
      const quiet = await tracked.changes(delta.cursor, 10)
      assert.deepEqual(quiet, { records: [], cursor: quiet.cursor, caughtUp: true })
    } finally {
      await own.close()
    }
  })

  it('refuses a cursor that does not lead back into the table', async () => {
    await assert.rejects(
      connector.changes('https://elsewhere.example/api/data/v9.2/opportunities?$deltatoken=1', 10),
      /not a link into/,
    )
  })

  it('finds rows by a column, quotes included', async () => {
    const id = fake.createOutside('opportunity', { name: "O'Brien & sons", cosell_referralid: "ref-'1'" })
    fake.createOutside('opportunity', { name: 'Other', cosell_referralid: 'ref-2' })
    const found = await connector.findBy('cosell_referralid', "ref-'1'")
    assert.deepEqual(
      found.map((r) => r.id),
      [id],
    )
    await assert.rejects(connector.findBy('name; drop', 'x'), /not a Dataverse column name/)
  })

  it('updates with If-Match: a stale ETag is a conflict and leaves the row as it was', async () => {
    const created = await connector.create({ name: 'Conflicted' })
    const updated = await connector.update(created.id, { description: 'first' }, created.version)
    assert.notEqual(updated.version, created.version)
    assert.equal(updated.fields.description, 'first')
    await assert.rejects(
      connector.update(created.id, { description: 'stale' }, created.version),
      CrmConflictError,
    )
    assert.equal(fake.row('opportunity', created.id)?.description, 'first')
  })

  it('never creates a row by updating a missing one (PATCH is an upsert without If-Match)', async () => {
    const missing = crypto.randomUUID()
    await assert.rejects(connector.update(missing, { name: 'ghost' }), CrmNotFoundError)
    await assert.rejects(connector.update('not-a-guid', { name: 'ghost' }), CrmNotFoundError)
    assert.equal(fake.row('opportunity', missing), undefined)
    assert.equal(await connector.get(missing), undefined)
    assert.equal(await connector.get('not-a-guid'), undefined)
  })

  it('turns an error body into CrmRefusedError with Dataverse’s message and code', async () => {
    await assert.rejects(connector.create({ name: 'Bad', cosell_unknown: 1 }), (error: unknown) => {
      assert.ok(error instanceof CrmRefusedError)
      assert.equal(error.status, 400)
      assert.match(
        error.message,
        /The property 'cosell_unknown' does not exist on type 'Microsoft\.Dynamics\.CRM\.opportunity'.*\(0x80060888\)/,
      )
      return true
    })
  })

  it('waits out 429 as Retry-After asks, and gives up with CrmUnavailableError past its attempts', async () => {
    const id = fake.createOutside('opportunity', { name: 'Throttled' })
    const before = fake.http.count('/api/data/v9.2/opportunities')
    fake.rateLimitNext(2)
    assert.equal((await connector.get(id))?.fields.name, 'Throttled')
    assert.equal(fake.http.count('/api/data/v9.2/opportunities') - before, 3)

    fake.rateLimitNext(3)
    await assert.rejects(connector.get(id), (error: unknown) => {
      assert.ok(error instanceof CrmUnavailableError)
      assert.equal(error.status, 429)
      assert.equal(error.retryAfterMs, 10)
      assert.match(error.message, /Number of requests exceeded the limit of 6000/)
      return true
    })
  })

  it('reads leads with the lead columns', async () => {
    const leads = await open(fake, { entity: 'lead' })
    const created = await leads.create({ subject: 'Inbound', companyname: 'Litware', lastname: 'Lee' })
    assert.equal(leads.label, 'dataverse leads')
    assert.equal((await leads.get(created.id))?.fields.companyname, 'Litware')
  })

  it('offers a valid default mapping per table', () => {
    for (const entity of ['opportunity', 'lead'] as const) {
      const mapping = dataverseConnector.defaultMapping(settings(fake, { entity }))
      assert.deepEqual(schemaProblems(MappingSchema, mapping), [])
      assert.equal(mapping.crmReferralId, 'cosell_referralid')
      assert.deepEqual(mapping.syncFlag, { field: 'cosell_syncwithpartnercenter', values: [true] })
    }
  })

  it('names each bad setting', () => {
    const problems = schemaProblems(dataverseConnector.settings, {
      type: 'dataverse',
      url: 'org.crm.dynamics.com',
      entity: 'account',
      auth: { tenantId: 't', clientId: 'c' },
    })
    const targets = problems.map((p) => p.target)
    assert.ok(targets.includes('url'), JSON.stringify(problems))
    assert.ok(targets.includes('entity'), JSON.stringify(problems))
    assert.ok(targets.includes('auth.clientSecret'), JSON.stringify(problems))
  })
})

connectorContract('dataverse opportunities', async () => {
  const fake = await FakeDataverse.start(credentials)
  return {
    connector: await open(fake),
    sample: (n) => ({
      name: `Deal ${n}`,
      cosell_customername: `Customer ${n}`,
      estimatedvalue: 1000 * n,
      estimatedclosedate: '2025-06-30',
      cosell_referralid: `ref-${n}`,
      cosell_syncwithpartnercenter: n % 2 === 0,
    }),
    textField: 'description',
    keyField: 'cosell_referralid',
    editOutside: (id, fields) => Promise.resolve(fake.editOutside('opportunity', id, fields)),
    createOutside: (fields) => Promise.resolve(fake.createOutside('opportunity', fields)),
    close: () => fake.close(),
  }
})
