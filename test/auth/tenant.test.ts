// Which tenant a `{tenant}` path names, the made-up tenant ids of domains, and object ids.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { OAuthError } from '../../src/auth/oauth-error.js'
import {
  domainOfUser,
  objectIdOf,
  stableGuid,
  tenantIdOfDomain,
  tenantOfPath,
} from '../../src/auth/tenant.js'

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const tid = 'a1b2c3d4-0000-4000-8000-00000000000f'

test('stable GUIDs are well-formed name-based UUIDs and the same for the same words', () => {
  assert.match(stableGuid('a', 'b'), guid)
  assert.equal(stableGuid('a', 'b'), stableGuid('a', 'b'))
  assert.notEqual(stableGuid('a', 'b'), stableGuid('ab'))
})

test('the tenant of a path', () => {
  const cases: [string, string | null][] = [
    [tid.toUpperCase(), tid],
    ['common', null],
    ['Organizations', null],
    ['contoso.com', tenantIdOfDomain('contoso.com')],
    ['Contoso.onmicrosoft.com', tenantIdOfDomain('contoso.onmicrosoft.com')],
  ]
  for (const [path, expected] of cases) assert.equal(tenantOfPath(path), expected, path)
})

test('paths that name no tenant are refused as Entra refuses them', () => {
  for (const path of ['consumers', 'no_such', 'x', '']) {
    assert.throws(
      () => tenantOfPath(path),
      (e: OAuthError) => e.error === 'invalid_tenant' && e.aadsts === 90002,
      path,
    )
  }
})

test('the domain of a user name is lower-cased; a name without a valid domain has none', () => {
  assert.equal(domainOfUser('ann@Contoso.com'), 'contoso.com')
  assert.equal(domainOfUser('a@b@fabrikam.io'), 'fabrikam.io')
  for (const name of ['ann', '@contoso.com', 'ann@localhost', 'ann@-x.com'])
    assert.equal(domainOfUser(name), undefined, name)
})

test('object ids are per tenant and ignore the case of the name', () => {
  assert.equal(objectIdOf(tid, 'Ann@Contoso.com'), objectIdOf(tid, 'ann@contoso.com'))
  assert.notEqual(
    objectIdOf(tid, 'ann@contoso.com'),
    objectIdOf(tenantIdOfDomain('x.com'), 'ann@contoso.com'),
  )
})
