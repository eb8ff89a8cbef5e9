// The OpenAPI document (issue 4 item 7): generated from the TypeBox schemas, committed as
// openapi.json (a generated file, checked against what generates it), served at /openapi.json, covering
// the five Referrals API operations and every /_cosell route, and describing what the server really answers.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { Ajv2020 } from 'ajv/dist/2020.js'
import Fastify, { type RouteOptions } from 'fastify'
import { defaultRuleOptions } from '../../src/domain/referral/rules.js'
import { registerAdminApi } from '../../src/http/admin/admin-api.js'
import { cosellVersion, openApiDocument, openApiFileText } from '../../src/http/openapi/document.js'
import { adminSecurity, type Paths } from '../../src/http/openapi/operations.js'
import { randomIds } from '../../src/service/ids.js'
import { withVirtualClock } from '../../src/service/virtual-clock.js'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'
import { createReferral } from '../support/referral-api.js'
import { ManualClock, makeTestApp, type TestApp } from '../support/test-app.js'

const repoFile = (name: string) => new URL(`../../${name}`, import.meta.url)
const document = openApiDocument() as { paths: Paths; components: { schemas: Record<string, unknown> } }

/** `METHOD /path/{param}` for each operation of the document under `prefix` (`admin`: admin-secured only). */
function documented(prefix: string, admin = false): string[] {
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith(prefix))
    .flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(
          ([, operation]) => !admin || JSON.stringify(operation.security) === JSON.stringify(adminSecurity),
        )
        .map(([m]) => `${m.toUpperCase()} ${path}`),
    )
    .sort()
}

describe('the OpenAPI document', () => {
  let t: TestApp
  before(async () => {
    t = await makeTestApp()
  })
  after(() => t.close())

  test('openapi.json at the repository root is what scripts/export-openapi.ts generates now', () => {
    const committed = readFileSync(repoFile('openapi.json'), 'utf8')
    assert.ok(
      committed === openApiFileText(),
      'openapi.json is out of date: run `npx tsx scripts/export-openapi.ts` and commit the result',
    )
  })

  test('it is OpenAPI 3.1 with the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(repoFile('package.json'), 'utf8')) as { version: string }
    assert.equal(cosellVersion, pkg.version)
    assert.equal((openApiDocument() as { openapi: string }).openapi, '3.1.0')
  })

  test('every /_cosell route the admin API registers is documented, and nothing more', async () => {
    const app = Fastify()
    const registered: string[] = []
    app.addHook('onRoute', (route: RouteOptions) => {
      for (const method of [route.method].flat().filter((m) => m !== 'HEAD'))
        registered.push(`${method} ${route.url.replace(/:(\w+)/g, '{$1}')}`)
    })
    const store = SqliteReferralStore.open(':memory:')
    const deps = await withVirtualClock({
      store,
      clock: new ManualClock(),
      ids: randomIds,
      rules: defaultRuleOptions,
    })
    await registerAdminApi(app, deps, { adminToken: null, trustLoopback: true })
    await app.ready()
    await app.close()
    await store.close()
    const missing = registered.filter((r) => !documented('/_cosell').includes(r))
    assert.deepEqual(missing, [], 'document these routes in a src/http/openapi/*-operations.ts file')
    // a /_cosell route a partner's token opens (deal-registration eligibility) lives outside the admin API
    assert.deepEqual(documented('/_cosell', true), [...new Set(registered)].sort())
  })

  test('the five Referrals API operations are documented under the documented prefix, and the server answers each', () => {
    assert.deepEqual(documented('/v1.0/'), [
      'GET /v1.0/engagements/referrals',
      'GET /v1.0/engagements/referrals/{id}',
      'PATCH /v1.0/engagements/referrals/{id}',
      'POST /v1.0/engagements/referrals',
      'PUT /v1.0/engagements/referrals/{id}',
    ])
    for (const entry of documented('/')) {
      const [method, path] = entry.split(' ') as ['GET', string]
      const url = path.replace(/\{(\w+)\}/g, ':$1')
      assert.ok(t.app.hasRoute({ method, url }), `${entry} is documented but not served`)
    }
  })

  test('admin operations are marked as cosell extensions; Microsoft’s are not', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const extension = (operation as { 'x-cosell-extension'?: boolean })['x-cosell-extension'] === true
        assert.equal(extension, path.startsWith('/_cosell/'), `${method} ${path}`)
      }
    }
  })

  test('its schemas describe what the server answers', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true, formats: { 'date-time': true } })
    ajv.addSchema({ $id: 'openapi', components: document.components })
    const check = (name: string, value: unknown) => {
      const validate = ajv.getSchema(`openapi#/components/schemas/${name}`)
      assert.ok(validate, `no component ${name}`)
      assert.ok(validate(value), `${name}: ${ajv.errorsText(validate.errors)}`)
    }
    const created = await createReferral(t.app)
    check('Referral', created)
    const get = async (url: string) => (await t.app.inject({ method: 'GET', url })).json<unknown>()
    check('Clock', await get('/_cosell/clock'))
    check('OrganizationList', await get('/_cosell/organizations'))
    check('SnapshotInfo', (await t.app.inject({ method: 'PUT', url: '/_cosell/snapshots/s' })).json())
    check('SnapshotList', await get('/_cosell/snapshots'))
    const bad = await t.app.inject({ method: 'POST', url: '/_cosell/clock', payload: { advance: 'soon' } })
    check('ErrorBody', bad.json())
  })

  test('GET /openapi.json serves the document with this server as its server', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/openapi.json',
      headers: { host: 'cosell.test:9000' },
    })
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json(), { ...openApiDocument(), servers: [{ url: 'http://cosell.test:9000' }] })
  })
})
