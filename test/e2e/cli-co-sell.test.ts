// The README's "co-sell with Microsoft in five commands", run as a user would: real server, real CLI.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Referral } from '../../src/domain/referral/schema.js'
import { cliServer } from '../support/cli-server.js'

const { cosell } = cliServer('cli')

test('a partner creates a deal, invites Microsoft, Microsoft accepts and wins it, the engagement shows both', async () => {
  const deal = JSON.parse(
    await cosell('referrals', 'create', 'test/fixtures/create-partner-led.json', '--output', 'json'),
  ) as Referral
  assert.equal(deal.type, 'Shared')
  const invitation = JSON.parse(
    await cosell(
      'referrals',
      'invite-microsoft',
      deal.id,
      '--help-needed',
      'ProofOfConceptOrDemo',
      '--notes',
      'Need a POC',
      '--output',
      'json',
    ),
  ) as Referral
  assert.equal(invitation.organizationId, 'msft')
  const accepted = JSON.parse(await cosell('microsoft', 'accept', invitation.id, '--json')) as Referral
  assert.equal(accepted.status, 'Active')
  const won = JSON.parse(await cosell('microsoft', 'close', invitation.id, '--json')) as Referral
  assert.deepEqual([won.status, won.substatus], ['Closed', 'Won'])
  const table = await cosell('referrals', 'related', deal.id)
  assert.match(table, new RegExp(`${deal.id}\\s+Active/Accepted\\s+Outgoing`))
  assert.match(table, new RegExp(`${invitation.id}\\s+Closed/Won\\s+Incoming`))
})

test('a refused request prints the server’s problems and exits non-zero', async () => {
  await assert.rejects(
    cosell('referrals', 'update', '00000000-0000-4000-8000-000000000000', '/name=x'),
    (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 1)
      assert.match(error.stderr, /404 itemNotFound/)
      return true
    },
  )
})
