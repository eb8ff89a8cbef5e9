// Every JSON Patch path the Power Platform connector offers (read from its swagger, so a new path
// there fails here until it has a case), and the other writable fields of the documented PATCH:
// each PATCH is accepted, applied, and leaves a referral that is still faithful on the wire.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { edited, type JsonObject } from '../support/body-edit.js'
import { partnerLedCreate, privateCreate } from '../support/fixtures.js'
import {
  createReferral,
  itemUrl,
  patchReferral,
  send,
  type JsonPatchOperation,
  replace,
} from '../support/referral-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { connectorPatchPaths } from './connector-schema.js'
import { assertFaithfulReferral, observedKeyOrder } from './wire-form.js'

interface PathCase {
  /** The value sent at the path; `/-` paths append it with `add`, the others `replace`. */
  readonly value: unknown
  /** Stored form of `value` where it differs (every object member given must match). */
  readonly stored?: unknown
  /** Referral to patch; the documented Partner-led sample unless given. */
  readonly base?: () => JsonObject
  /** Operations sent after the one under test, where the rules need them (docs/lifecycle.md). */
  readonly with?: readonly JsonPatchOperation[]
}

const member = {
  firstName: 'Jane',
  lastName: 'Doe',
  phoneNumber: '0000000001',
  email: 'jane.doe@contoso.com',
}
const solution = { type: 'Name', id: 'SOL-2173-UYM', name: 'Contoso Analytics' }

/** One case per path of the connector's UpdateReferralDetails enum (the documented PATCH). */
const connectorCases: Readonly<Record<string, PathCase>> = {
  '/campaignId': { value: 'CAMPAIGN-2026-Q1' },
  '/consent/consentToShareReferralWithMicrosoftSellers': { value: true, base: privateCreate },
  '/customerProfile/team': { value: [member] },
  '/customerProfile/team/-': { value: member },
  '/details/closingDateTime': { value: '2026-06-30T00:00:00Z' },
  '/details/currency': { value: 'EUR' },
  '/details/dealValue': { value: 75000.5 },
  '/details/notes': { value: 'Notes updated through the connector.' },
  '/details/requirements/solutions': { value: [solution] },
  '/details/requirements/solutions/-': { value: solution },
  '/externalReferenceId': { value: 'CRM-0042' },
  '/referralProgram': { value: 'Co-sell' },
  '/salesStage': { value: 'Develop' },
  '/status': { value: 'Closed', with: [replace('/substatus', 'Won')] },
  '/substatus': {
    value: 'Lost',
    with: [replace('/status', 'Closed'), replace('/statusReason', 'Customer chose another vendor')],
  },
  '/statusReason': { value: 'Waiting for budget approval' },
  '/team': { value: [member] },
  '/team/-': { value: member },
}

/** The other user-writable fields the documented PATCH accepts so unknown clients do not break. */
const otherWritableCases: Readonly<Record<string, PathCase>> = {
  '/name': { value: 'Renamed deal' },
  '/favorite': { value: true },
  '/customerProfile/size': { value: '51to250employees' },
  '/target': { value: [{ type: 'SolutionProfile', id: 'SOL-34104-EBB' }] },
  '/target/-': { value: { type: 'SolutionProfile', id: 'SOL-34104-EBB' } },
  '/inviteContext/notes': { value: 'Notes to Microsoft' },
  '/inviteContext/assistanceRequestCode': { value: 'ProofOfConceptOrDemo' },
  '/details/requirements/products': { value: [{ id: 'Azure' }] },
  '/details/requirements/industries': { value: [{ id: 'Manufacturing' }] },
  '/details/requirements/services': { value: [{ id: 'DeploymentOrMigration' }] },
  '/details/requirements/offers': {
    value: [{ id: 'contoso-analytics', name: 'Contoso Analytics', type: 'Name', offerType: '3P' }],
  },
  '/details/requirements/additionalRequirements/attributes': {
    value: [{ type: 'CustomerMarketplaceIntent', id: 'Yes' }],
  },
  '/details/requirements/additionalRequirements/attributes/-': {
    value: { type: 'CustomerMarketplaceIntent', id: 'No' },
    base: () => edited(partnerLedCreate(), { 'details.requirements.additionalRequirements.attributes': [] }),
  },
}

let t: TestApp
before(async () => {
  t = await makeTestApp()
})
after(async () => {
  await t.close()
})

/** The value at a JSON pointer; for a `/-` pointer, the last element of the list. */
function at(doc: unknown, pointer: string): unknown {
  return pointer
    .slice(1)
    .split('/')
    .reduce<unknown>((node, segment) => {
      if (Array.isArray(node)) return segment === '-' ? node[node.length - 1] : node[Number(segment)]
      return (node as Record<string, unknown> | undefined)?.[segment]
    }, doc)
}

/** `actual` holds everything `expected` gives (objects may carry more members, filled with nulls). */
function assertHolds(actual: unknown, expected: unknown, where: string): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where} is not a list`)
    assert.equal(actual.length, expected.length, `${where} length`)
    expected.forEach((item, i) => assertHolds(actual[i], item, `${where}/${i}`))
  } else if (typeof expected === 'object' && expected !== null) {
    for (const [key, value] of Object.entries(expected)) {
      assertHolds((actual as Record<string, unknown>)[key], value, `${where}/${key}`)
    }
  } else {
    assert.equal(actual, expected, where)
  }
}

async function assertPathApplied(path: string, c: PathCase): Promise<void> {
  const { id } = await createReferral(t.app, (c.base ?? partnerLedCreate)())
  const op = path.endsWith('/-') ? 'add' : 'replace'
  const res = await patchReferral(t.app, id, [{ op, path, value: c.value }, ...(c.with ?? [])])
  assert.equal(res.statusCode, 204, `${op} ${path}: ${res.body}`)
  const get = await send(t.app, 'GET', itemUrl(id))
  const r = assertFaithfulReferral(get, ['@odata.context', ...observedKeyOrder])
  assertHolds(at(r, path), c.stored ?? c.value, path)
}

describe("the connector's PATCH paths (the documented PATCH)", () => {
  test('every path of the connector has a case here', () => {
    assert.deepEqual(connectorPatchPaths().sort(), Object.keys(connectorCases).sort())
  })

  for (const path of connectorPatchPaths()) {
    const c = connectorCases[path]
    if (!c) continue // reported by the test above
    test(`${path.endsWith('/-') ? 'add' : 'replace'} ${path} is accepted and applied`, async () => {
      await assertPathApplied(path, c)
    })
  }
})

describe('the other writable fields (the documented PATCH)', () => {
  for (const [path, c] of Object.entries(otherWritableCases)) {
    test(`${path.endsWith('/-') ? 'add' : 'replace'} ${path} is accepted and applied`, async () => {
      await assertPathApplied(path, c)
    })
  }
})

describe('add on an existing member replaces it (RFC 6902, the documented PATCH)', () => {
  const cases: [string, unknown][] = [
    ['/details/notes', 'Added over the old notes'],
    ['/team', [member]],
    ['/details/dealValue', 120],
  ]
  for (const [path, value] of cases) {
    test(`add ${path} replaces the stored value`, async () => {
      const { id } = await createReferral(t.app, partnerLedCreate())
      const res = await patchReferral(t.app, id, [{ op: 'add', path, value }])
      assert.equal(res.statusCode, 204, res.body)
      const get = await send(t.app, 'GET', itemUrl(id))
      assertHolds(at(get.json(), path), value, path)
    })
  }
})
