import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { schemaProblems } from '../../../src/domain/referral/schema-problems.js'
import {
  CrmConflictError,
  CrmNotFoundError,
  CrmRefusedError,
  CrmUnavailableError,
  type CrmConnector,
  type CrmFields,
} from '../../../src/sync/connectors/connector.js'
import { salesforceConnector, type SalesforceSettings } from '../../../src/sync/connectors/salesforce.js'
import { changePages } from './change-pages.js'
import { connectorContract } from './contract.js'
import { MappingSchema } from '../../../src/sync/mapping/mapping-schema.js'
import { FakeSalesforce } from '../fakes/salesforce-server.js'

const credentials = { clientId: 'consumer-key', clientSecret: 'consumer-secret' }
const required = { StageName: 'Prospecting', CloseDate: '2025-03-31' }

function open(
  fake: FakeSalesforce,
  change: Partial<SalesforceSettings> = {},
  secret = credentials.clientSecret,
) {
  const settings: SalesforceSettings = {
    type: 'salesforce',
    instanceUrl: fake.instanceUrl,
    auth: { clientId: credentials.clientId, clientSecret: { env: 'SF_SECRET' } },
    retry: { maxAttempts: 3, maxWaitSeconds: 1 },
    ...change,
  }
  return salesforceConnector.open(settings, { env: { SF_SECRET: secret }, baseDir: '.' })
}

describe('Salesforce connector', () => {
  // Salesforce stamps to the second: this clock moves one second at each write
  let clock = Date.UTC(2025, 0, 6, 9)
  let fake: FakeSalesforce
  let connector: CrmConnector

  before(async () => {
    fake = await FakeSalesforce.start({
      ...credentials,
      now: () => (clock += 1000),
      batchSize: 2,
    })
    connector = await open(fake)
  })
  after(() => fake.close())

  it('signs in with client credentials once, and again when the session expires', async () => {
    const id = fake.createOutside('Opportunity', { Name: 'Session', ...required })
    await connector.get(id)
    await connector.get(id)
    assert.equal(fake.tokens.granted, 1)
    fake.tokens.expireAll()
    assert.equal((await connector.get(id))?.fields.Name, 'Session')
    assert.equal(fake.tokens.granted, 2)
  })

  it('reports refused client credentials with Salesforce’s description', async () => {
    const wrong = await open(fake, {}, 'wrong')
    await assert.rejects(
      wrong.get('006FAKE00000000001'),
      /Salesforce sign-in failed: invalid_client: invalid client credentials/,
    )
  })

  it('creates an opportunity with its primary contact, read back as PrimaryContact fields', async () => {
    const created = await connector.create({
      Name: 'Contoso rollout',
      ...required,
      Amount: 50000,
      'PrimaryContact.FirstName': 'Sue',
      'PrimaryContact.LastName': 'Smith',
      'PrimaryContact.Email': 'sue@contoso.example',
    })
    assert.equal(created.fields.Amount, 50000)
    assert.equal(created.fields['PrimaryContact.LastName'], 'Smith')
    assert.equal(created.fields['PrimaryContact.Phone'], null)
    assert.equal(created.version, created.version.replace(/\+0000$/, '') + '+0000')
    assert.deepEqual(await connector.get(created.id), created)

    const updated = await connector.update(
      created.id,
      { 'PrimaryContact.Phone': '+1 425 555 0100' },
      created.version,
    )
    assert.notEqual(updated.version, created.version)
    assert.equal(updated.fields['PrimaryContact.Phone'], '+1 425 555 0100')
    assert.equal(fake.primaryContact(created.id)?.FirstName, 'Sue')
  })

  it('pages through changes in SystemModstamp order, telling records of one second apart by Id', async () => {
    const own = await FakeSalesforce.start({ ...credentials, now: () => clock })
    try {
      const tracked = await open(own)
      const ids = Array.from({ length: 5 }, (_, i) =>
        own.createOutside('Opportunity', { Name: `Same second ${i}`, ...required }),
      )
      const pages = await changePages(tracked, 2)
      const cursor = pages.at(-1)!.cursor
      assert.deepEqual(
        pages.map((p) => p.records.length),
        [2, 2, 1],
      )
      assert.deepEqual(
        pages.flatMap((p) => p.records.map((r) => r.id)),
        ids,
      )

      clock += 1000
      own.editOutside('Opportunity', ids[1]!, { Amount: 10 })
      const next = await tracked.changes(cursor, 10)
      assert.deepEqual(
        next.records.map((r) => [r.id, r.fields.Amount]),
        [[ids[1], 10]],
      )
      assert.equal(next.caughtUp, true)
      assert.deepEqual(await tracked.changes(next.cursor, 10), {
        records: [],
        cursor: next.cursor,
        caughtUp: true,
      })
    } finally {
      await own.close()
    }
  })

  it('follows nextRecordsUrl to the end of a query', async () => {
    const referral = `ref-${crypto.randomUUID()}`
    const ids = Array.from({ length: 5 }, (_, i) =>
      fake.createOutside('Opportunity', {
        Name: `Paged ${i}`,
        ...required,
        Partner_Center_Referral_Id__c: referral,
      }),
    )
    const found = await connector.findBy('Partner_Center_Referral_Id__c', referral)
    assert.deepEqual(found.map((r) => r.id).sort(), ids.sort())
    assert.deepEqual(await connector.findBy('Name', "nobody's \\ deal"), [])
    await assert.rejects(connector.findBy('PrimaryContact.Email', 'x'), /Opportunity fields only/)
  })

  it('updates with If-Unmodified-Since: a write since the version read is a conflict', async () => {
    const created = await connector.create({ Name: 'Conflicted', ...required })
    fake.editOutside('Opportunity', created.id, { Description: 'edited in Salesforce' })
    await assert.rejects(
      connector.update(created.id, { Description: 'stale' }, created.version),
      CrmConflictError,
    )
    assert.equal(fake.record('Opportunity', created.id)?.Description, 'edited in Salesforce')
    const current = await connector.get(created.id)
    const updated = await connector.update(created.id, { Description: 'fresh' }, current!.version)
    assert.equal(updated.fields.Description, 'fresh')
  })

  it('answers a missing record as missing', async () => {
    assert.equal(await connector.get('006FAKE99999999999'), undefined)
    assert.equal(await connector.get('not an id'), undefined)
    await assert.rejects(connector.update('006FAKE99999999999', { Name: 'x' }), CrmNotFoundError)
  })

  it('turns the error list into CrmRefusedError with each errorCode, message and field', async () => {
    await assert.rejects(connector.create({ Name: 'Incomplete' }), (error: unknown) => {
      assert.ok(error instanceof CrmRefusedError)
      assert.equal(error.status, 400)
      assert.match(
        error.message,
        /REQUIRED_FIELD_MISSING: Required fields are missing: \[StageName, CloseDate\] \(fields: StageName, CloseDate\)/,
      )
      return true
    })
    const created = await connector.create({ Name: 'No last name', ...required })
    await assert.rejects(connector.update(created.id, { 'PrimaryContact.FirstName': 'Ann' }), /LastName/)
    await assert.rejects(
      connector.create({ Name: 'x', ...required, Bogus__c: 1 }),
      /INVALID_FIELD: No such column 'Bogus__c'/,
    )
  })

  it('waits out REQUEST_LIMIT_EXCEEDED as a rate limit, then reports it as CrmUnavailableError', async () => {
    const id = fake.createOutside('Opportunity', { Name: 'Limited', ...required })
    fake.limitNext(2, '0.01')
    assert.equal((await connector.get(id))?.fields.Name, 'Limited')

    const once = await open(fake, { retry: { maxAttempts: 1 } })
    fake.limitNext(1)
    await assert.rejects(once.get(id), (error: unknown) => {
      assert.ok(error instanceof CrmUnavailableError)
      assert.equal(error.status, 403)
      assert.match(error.message, /REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded/)
      return true
    })
  })

  it('refuses a cursor it did not write', async () => {
    await assert.rejects(
      connector.changes("2025-01-01T00:00:00Z|x' OR Name != '", 10),
      /not a Salesforce connector cursor/,
    )
  })

  it('offers a valid default mapping and names bad settings', async () => {
    const settings = { type: 'salesforce', instanceUrl: fake.instanceUrl, auth: credentials } as const
    assert.deepEqual(schemaProblems(MappingSchema, salesforceConnector.defaultMapping(settings)), [])
    const problems = schemaProblems(salesforceConnector.settings, {
      ...settings,
      apiVersion: '60',
      fields: ['Bad Field'],
    })
    assert.deepEqual(problems.map((p) => p.target).sort(), ['apiVersion', 'fields[0]'])
    await assert.rejects(open(fake, { object: 'Lead' }), /PrimaryContact\.… fields exist on Opportunity only/)
  })
})

connectorContract('salesforce opportunities', async () => {
  // one second a write, as Salesforce stamps to the second
  let clock = Date.UTC(2025, 0, 6, 9)
  const fake = await FakeSalesforce.start({ ...credentials, now: () => (clock += 1000) })
  return {
    connector: await open(fake),
    sample: (n) => ({
      Name: `Deal ${n}`,
      ...required,
      Amount: 100 * n,
      Partner_Center_Referral_Id__c: `ref-${n}`,
      Sync_With_Partner_Center__c: n % 2 === 0,
      'PrimaryContact.LastName': `Contact ${n}`,
    }),
    textField: 'Description',
    keyField: 'Partner_Center_Referral_Id__c',
    editOutside: (id, fields) => Promise.resolve(void writeOutside(fake, fields, id)),
    createOutside: (fields) => Promise.resolve(writeOutside(fake, fields)),
    close: () => fake.close(),
  }
})

/** Writes an opportunity as a Salesforce user would, its PrimaryContact fields on the primary contact. */
function writeOutside(fake: FakeSalesforce, fields: CrmFields, id?: string): string {
  const own = Object.entries(fields).filter(([name]) => !name.startsWith('PrimaryContact.'))
  const contact = Object.entries(fields)
    .filter(([name]) => name.startsWith('PrimaryContact.'))
    .map(([name, value]) => [name.slice('PrimaryContact.'.length), value] as const)
  const opportunity = id ?? fake.createOutside('Opportunity', Object.fromEntries(own))
  if (id !== undefined) fake.editOutside('Opportunity', id, Object.fromEntries(own))
  if (contact.length === 0) return opportunity
  const contactId = fake.primaryContactId(opportunity)
  if (contactId) fake.editOutside('Contact', contactId, Object.fromEntries(contact))
  else {
    const created = fake.createOutside('Contact', Object.fromEntries(contact))
    fake.createOutside('OpportunityContactRole', {
      OpportunityId: opportunity,
      ContactId: created,
      IsPrimary: true,
    })
  }
  return opportunity
}
