// The extract of Microsoft's connector definition the fidelity tests read
// (test/fixtures/connector/) holds together on its own: nothing it names is missing.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { deriveFixture } from '../../scripts/derive-connector-fixture.js'

type Node = Record<string, unknown>
const fixture = JSON.parse(
  readFileSync(
    new URL('../fixtures/connector/partner-center-referrals.swagger.json', import.meta.url),
    'utf8',
  ),
) as Parameters<typeof deriveFixture>[0]

/** Every schema object in `node`, each with the JSON pointer it sits at. */
function schemas(node: unknown, at = ''): { at: string; schema: Node }[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => schemas(item, `${at}/${i}`))
  if (typeof node !== 'object' || node === null) return []
  const here = 'type' in node || '$ref' in node || 'properties' in node ? [{ at, schema: node as Node }] : []
  return [...here, ...Object.entries(node).flatMap(([key, value]) => schemas(value, `${at}/${key}`))]
}

const all = schemas(fixture)
const refs = all.flatMap(({ at, schema }) =>
  typeof schema.$ref === 'string' ? [{ at, ref: schema.$ref }] : [],
)

describe('the connector fixture', () => {
  test('every $ref names a definition the fixture holds', () => {
    assert.ok(refs.length > 0)
    for (const { at, ref } of refs) {
      assert.match(ref, /^#\/definitions\//, at)
      assert.ok(ref.slice('#/definitions/'.length) in fixture.definitions, `${at}: ${ref}`)
    }
  })

  test('every definition is referenced by a kept operation or another definition', () => {
    const used = new Set(refs.map(({ ref }) => ref.slice('#/definitions/'.length)))
    assert.deepEqual(
      Object.keys(fixture.definitions).filter((name) => !used.has(name)),
      [],
    )
  })

  test('the definitions and operations the fidelity tests read are present', () => {
    const prefix = 'Microsoft.Partner.Service.PartnerReferrals.Contracts.V3.'
    for (const name of ['Referral', 'UpdateReferralDetails', 'DealRegistration', 'UpdateDealRegistration'])
      assert.ok(`${prefix}${name}` in fixture.definitions, name)
    assert.ok(fixture.paths['/referrals']?.get?.responses['200'])
    for (const path of ['/referrals/{id}', '/referrals/{id}/', '/referrals/{id}//'])
      assert.ok(fixture.paths[path]?.patch?.responses['204'], path)
  })

  test('every enum is a non-empty list of distinct values of the declared type', () => {
    const enums = all.filter(({ schema }) => Array.isArray(schema.enum))
    assert.ok(enums.length > 0)
    for (const { at, schema } of enums) {
      const values = schema.enum as unknown[]
      assert.ok(values.length > 0, at)
      assert.equal(new Set(values).size, values.length, at)
      for (const value of values) assert.equal(typeof value, schema.type, `${at}: ${String(value)}`)
    }
  })

  test('every property declares a type or a $ref, but the value of a patch operation (any JSON)', () => {
    const properties = all.flatMap(({ at, schema }) =>
      Object.entries((schema.properties ?? {}) as Record<string, Node>).map(([name, p]) => ({
        at: `${at}/${name}`,
        p,
      })),
    )
    assert.ok(properties.length > 100)
    const untyped = properties.filter(({ p }) => !('type' in p) && !('$ref' in p)).map(({ at }) => at)
    assert.deepEqual(untyped.map((at) => at.replace(/^.*Contracts\.V3\./, '')).sort(), [
      'UpdateDealRegistration/items/value',
      'UpdateReferralDetails/items/value',
    ])
  })

  test('deriving from the fixture gives the fixture back: it holds exactly what the script keeps', () => {
    assert.deepEqual(deriveFixture(fixture), fixture)
  })
})
