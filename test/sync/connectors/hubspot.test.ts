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
import { hubspotConnector, type HubSpotSettings } from '../../../src/sync/connectors/hubspot.js'
import { connectorContract } from './contract.js'
import { MappingSchema } from '../../../src/sync/mapping/mapping-schema.js'
import { FakeHubSpot } from '../fakes/hubspot-server.js'
import { changePages } from './change-pages.js'

const accessToken = 'pat-na1-fake'

function open(fake: FakeHubSpot, change: Partial<HubSpotSettings> = {}, token = accessToken) {
  const settings: HubSpotSettings = {
    type: 'hubspot',
    baseUrl: fake.baseUrl,
    accessToken: { env: 'HUBSPOT_TOKEN' },
    retry: { maxAttempts: 3, maxWaitSeconds: 1 },
    ...change,
  }
  return hubspotConnector.open(settings, { env: { HUBSPOT_TOKEN: token }, baseDir: '.' })
}

describe('HubSpot connector', () => {
  let fake: FakeHubSpot
  let connector: CrmConnector

  before(async () => {
    fake = await FakeHubSpot.start({ accessToken })
    connector = await open(fake)
  })
  after(() => fake.close())

  it('sends the private app token, and reports a refused one once, with HubSpot’s message', async () => {
    const wrong = await open(fake, {}, 'pat-na1-revoked')
    const before = fake.http.log.length
    await assert.rejects(wrong.get('1000000001'), (error: unknown) => {
      assert.ok(error instanceof CrmRefusedError)
      assert.equal(error.status, 401)
      assert.match(error.message, /Authentication credentials not found.*\(INVALID_AUTHENTICATION\)/)
      return true
    })
    assert.equal(fake.http.log.length - before, 1)
  })

  it('writes values as text and reads them back, an empty value as null', async () => {
    const created = await connector.create({
      dealname: 'Northwind',
      amount: 1500,
      sync_with_partner_center: true,
      description: null,
    })
    assert.deepEqual(
      {
        dealname: created.fields.dealname,
        amount: created.fields.amount,
        sync: created.fields.sync_with_partner_center,
      },
      { dealname: 'Northwind', amount: '1500', sync: 'true' },
    )
    assert.equal(created.fields.description, null)
    assert.match(created.version, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    assert.deepEqual(await connector.get(created.id), created)
  })

  it('searches changes in hs_lastmodifieddate order, skipping deals already returned at the cursor’s instant', async () => {
    const instant = Date.UTC(2025, 1, 3, 12)
    let now = instant
    const own = await FakeHubSpot.start({ accessToken, now: () => now })
    try {
      const tracked = await open(own)
      const ids = Array.from({ length: 5 }, (_, i) => own.createOutside({ dealname: `Same instant ${i}` }))
      const pages = await changePages(tracked, 2)
      assert.deepEqual(
        pages.map((p) => p.records.length),
        [2, 2, 1],
      )
      assert.deepEqual(
        pages.flatMap((p) => p.records.map((r) => r.id)),
        ids,
      )
      assert.equal(pages.at(-1)!.cursor, `${instant}|${ids.join(',')}`)

      now += 5
      own.editOutside(ids[3]!, { amount: '10' })
      const next = await tracked.changes(pages.at(-1)!.cursor, 10)
      assert.deepEqual(
        next.records.map((r) => [r.id, r.fields.amount]),
        [[ids[3], '10']],
      )
      assert.deepEqual(await tracked.changes(next.cursor, 10), {
        records: [],
        cursor: next.cursor,
        caughtUp: true,
      })
    } finally {
      await own.close()
    }
  })

  it('finds deals by a property through the search endpoint', async () => {
    const referral = `ref-${crypto.randomUUID()}`
    const id = fake.createOutside({ dealname: 'Found', partner_center_referral_id: referral })
    assert.deepEqual(
      (await connector.findBy('partner_center_referral_id', referral)).map((r) => r.id),
      [id],
    )
  })

  it('emulates ifVersion by reading hs_lastmodifieddate first: a deal changed since is a conflict', async () => {
    let now = Date.UTC(2025, 1, 4)
    const own = await FakeHubSpot.start({ accessToken, now: () => (now += 1) })
    try {
      const deals = await open(own)
      const created = await deals.create({ dealname: 'Conflicted' })
      own.editOutside(created.id, { description: 'edited in HubSpot' })
      await assert.rejects(
        deals.update(created.id, { description: 'stale' }, created.version),
        CrmConflictError,
      )
      assert.equal(own.deal(created.id)?.description, 'edited in HubSpot')
      const current = await deals.get(created.id)
      const updated = await deals.update(created.id, { description: 'fresh' }, current!.version)
      assert.equal(updated.fields.description, 'fresh')
      assert.notEqual(updated.version, current!.version)
    } finally {
      await own.close()
    }
  })

  it('answers a missing deal as missing', async () => {
    assert.equal(await connector.get('999'), undefined)
    assert.equal(await connector.get('not-numeric'), undefined)
    await assert.rejects(connector.update('999', { dealname: 'x' }), CrmNotFoundError)
    await assert.rejects(
      connector.update('999', { dealname: 'x' }, '2025-01-01T00:00:00.000Z'),
      CrmNotFoundError,
    )
  })

  it('turns a validation error into CrmRefusedError with HubSpot’s message', async () => {
    await assert.rejects(connector.create({ dealname: 'x', no_such_property: 'y' }), (error: unknown) => {
      assert.ok(error instanceof CrmRefusedError)
      assert.equal(error.status, 400)
      assert.match(
        error.message,
        /Property \\"no_such_property\\" does not exist.*PROPERTY_DOESNT_EXIST.*\(VALIDATION_ERROR\)/,
      )
      return true
    })
  })

  it('waits out 429 for the interval HubSpot names, then reports CrmUnavailableError', async () => {
    const id = fake.createOutside({ dealname: 'Throttled' })
    fake.rateLimitNext(2)
    assert.equal((await connector.get(id))?.fields.dealname, 'Throttled')
    fake.rateLimitNext(3)
    await assert.rejects(connector.get(id), (error: unknown) => {
      assert.ok(error instanceof CrmUnavailableError)
      assert.equal(error.retryAfterMs, 20)
      assert.match(error.message, /ten_secondly_rolling limit.*\(RATE_LIMIT\)/)
      return true
    })
  })

  it('offers a valid default mapping and names bad settings', () => {
    assert.deepEqual(
      schemaProblems(MappingSchema, hubspotConnector.defaultMapping({ type: 'hubspot', accessToken })),
      [],
    )
    const problems = schemaProblems(hubspotConnector.settings, { type: 'hubspot', properties: ['Deal Name'] })
    assert.deepEqual(problems.map((p) => p.target).sort(), ['accessToken', 'properties[0]'])
  })
})

connectorContract('hubspot deals', async () => {
  const fake = await FakeHubSpot.start({ accessToken })
  return {
    connector: await open(fake),
    // HubSpot holds every value as text, so the sample is text
    sample: (n) => ({
      dealname: `Deal ${n}`,
      amount: String(100 * n),
      closedate: '2025-06-30',
      dealstage: 'appointmentscheduled',
      partner_center_referral_id: `ref-${n}`,
      sync_with_partner_center: n % 2 === 0 ? 'true' : 'false',
    }),
    textField: 'description',
    keyField: 'partner_center_referral_id',
    editOutside: (id, fields) => Promise.resolve(fake.editOutside(id, fields)),
    createOutside: (fields) => Promise.resolve(fake.createOutside(fields)),
    close: () => fake.close(),
  }
})
