// Where a password sign-in lands (home-tenant.ts): the tenant the path names; through common or
// organizations the organisation listing the user, else the one that verified the user's domain,
// else the tenant made up from the domain.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { tenantOfSignIn, type SignInDirectory } from '../../src/auth/home-tenant.js'
import type { OAuthError } from '../../src/auth/oauth-error.js'

const tid = 'a1b2c3d4-0000-4000-8000-00000000000f'
const madeUpContoso = '2e53456b-8b3d-5066-b2af-a511633ba210' // tenantIdOfDomain('contoso.com'), written out

function directory(users: Record<string, string[]>, domains: Record<string, string>): SignInDirectory {
  return {
    organizationsListingUser: (name) => Promise.resolve(users[name.toLowerCase()] ?? []),
    organizationOfDomain: (domain) => Promise.resolve(domains[domain]),
  }
}

const cases: { name: string; path: string; user: string; dir: SignInDirectory; expected: string }[] = [
  {
    name: 'a named tenant wins over the directory',
    path: tid,
    user: 'ann@contoso.com',
    dir: directory({ 'ann@contoso.com': ['org-a'] }, { 'contoso.com': 'org-b' }),
    expected: tid,
  },
  {
    name: 'a user the directory does not know lands in the tenant of the domain',
    path: 'common',
    user: 'Ann@Contoso.com',
    dir: directory({}, {}),
    expected: madeUpContoso,
  },
  {
    name: 'a listed user lands in the organisation listing them',
    path: 'common',
    user: 'Ann@contoso.com',
    dir: directory({ 'ann@contoso.com': ['org-a'] }, {}),
    expected: 'org-a',
  },
  {
    name: 'a user of a verified domain lands in its organisation',
    path: 'organizations',
    user: 'bob@CONTOSO.com',
    dir: directory({}, { 'contoso.com': 'org-b' }),
    expected: 'org-b',
  },
  {
    name: 'being listed wins over the domain',
    path: 'common',
    user: 'ann@contoso.com',
    dir: directory({ 'ann@contoso.com': ['org-a'] }, { 'contoso.com': 'org-b' }),
    expected: 'org-a',
  },
  {
    name: 'listed in several, the one that verified the domain wins',
    path: 'common',
    user: 'ann@contoso.com',
    dir: directory({ 'ann@contoso.com': ['org-a', 'org-b'] }, { 'contoso.com': 'org-b' }),
    expected: 'org-b',
  },
  {
    name: 'listed in several, the oldest wins',
    path: 'common',
    user: 'ann@contoso.com',
    dir: directory({ 'ann@contoso.com': ['org-a', 'org-c'] }, {}),
    expected: 'org-a',
  },
  {
    name: 'a listing in the made-up tenant (from an earlier call) is no placement',
    path: 'common',
    user: 'ann@contoso.com',
    dir: directory({ 'ann@contoso.com': [madeUpContoso] }, { 'contoso.com': 'org-b' }),
    expected: 'org-b',
  },
  {
    name: 'a listed user without a domain in the name',
    path: 'common',
    user: 'ann',
    dir: directory({ ann: ['org-a'] }, {}),
    expected: 'org-a',
  },
]

for (const c of cases) {
  test(`sign-in: ${c.name}`, async () => {
    assert.equal(await tenantOfSignIn(c.dir, c.path, c.user), c.expected)
  })
}

test('through common a user name without a domain that no organisation lists is not found (AADSTS50034)', async () => {
  await assert.rejects(
    tenantOfSignIn(directory({}, {}), 'organizations', 'ann'),
    (e: OAuthError) => e.error === 'invalid_grant' && e.aadsts === 50034,
  )
})
