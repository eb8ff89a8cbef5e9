// docs/deal-registrations.md's walkthrough from a deal to a Passed registration, run as a user
// would: a real server, the real CLI.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Referral } from '../../src/domain/referral/schema.js'
import type { EligibilityPolicy } from '../../src/domain/registration/eligibility.js'
import { cliServer } from '../support/cli-server.js'
import { tenantA } from '../support/tokens.js'

const { cosell, url } = cliServer('registration')

test('a deal is registered, sent back, corrected and passed, all from the command line', async () => {
  // the partner's solution carries the Azure IP co-sell incentive (the CLI's default tenant is tenantA)
  const profile = await fetch(`${url()}/_cosell/organizations/${tenantA}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      solutionProfiles: [{ id: 'SOL-15974-MQF', name: 'Contoso Ale', incentives: ['Azure IP co-sell'] }],
    }),
  })
  assert.equal(profile.status, 200)

  const deal = JSON.parse(
    await cosell('referrals', 'create', 'test/fixtures/create-partner-led.json', '--json'),
  ) as Referral
  const eligibility = JSON.parse(
    await cosell('registration', 'eligibility', deal.id, '--json'),
  ) as EligibilityPolicy
  assert.equal(eligibility.isEligible, true)

  const registered = JSON.parse(
    await cosell(
      'registration',
      'create',
      deal.id,
      'test/fixtures/registration-azure-ip-co-sell.json',
      '--json',
    ),
  ) as Referral
  assert.equal(registered.registrationStatus, 'Approved')

  const sentBack = JSON.parse(
    await cosell(
      'registration',
      'review',
      deal.id,
      '--require-action',
      'Attach the signed contract.',
      '--json',
    ),
  ) as Referral
  assert.equal(sentBack.registrationStatus, 'ActionRequired')
  assert.equal(sentBack.registrations[0]!.statusReason, 'Attach the signed contract.')

  const corrected = JSON.parse(
    await cosell(
      'referrals',
      'update',
      deal.id,
      '/registrations/0/contract/signDateTime=2026-02-21T00:00:00Z',
      '--json',
    ),
  ) as Referral
  assert.equal(corrected.registrationStatus, 'Approved')

  const passed = JSON.parse(await cosell('registration', 'review', deal.id, '--pass', '--json')) as Referral
  assert.equal(passed.registrationStatus, 'Passed')
  assert.ok(passed.registrations[0]!.statusHistory.passedDateTime)
})

test('a review must name exactly one action: a usage error, exit 2', async () => {
  await assert.rejects(
    cosell('registration', 'review', '00000000-0000-4000-8000-000000000000', '--pass', '--fail', 'x'),
    (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 2)
      assert.match(error.stderr, /exactly one of --approve, --pass, --fail, --require-action, --close/)
      return true
    },
  )
})
