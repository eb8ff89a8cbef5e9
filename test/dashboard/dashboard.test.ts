// The dashboard in a real browser (Debian's Chromium through playwright-core) against a server
// this test starts on loopback: sign in through the link, work the inbox, create a co-sell deal
// through its validation errors, resolve an ETag conflict, let a lead expire by the clock, read
// the timeline. Each page's screenshot goes to test-artifacts/dashboard/ (not committed).
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import {
  ActivitiesApi,
  AdminApi,
  HttpClient,
  MicrosoftApi,
  ReferralsApi,
  emulatorToken,
} from '../../src/client/index.js'
import type { Referral } from '../../src/client/referrals.js'
import { sampleLead } from '../../src/web/sample-lead.js'
import { browserMissing, launchBrowser, type Browser } from '../support/browser.js'
import { ensureDashboardBuilt } from '../support/dashboard-build.js'
import { partnerLedCreate } from '../support/fixtures.js'
import { eligibleSolution, registeredDeal, registrationBody } from '../support/registration-api.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { tenantA } from '../support/tokens.js'

const artifacts = 'test-artifacts/dashboard'
const user = 'john@partner.example'
const readmeShots = ['pipeline', 'referral']

describe('the dashboard in a browser', { skip: browserMissing() ?? false }, () => {
  let t: TestApp
  let browser: Browser
  let page: Page
  let url: string
  let referrals: ReferralsApi
  let activities: ActivitiesApi
  let leads: Referral[]

  before(async () => {
    ensureDashboardBuilt()
    mkdirSync(artifacts, { recursive: true })
    t = await makeTestApp()
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
    const admin = new HttpClient({ baseUrl: url, retry: false }) // loopback: the admin API trusts it
    await new AdminApi(admin).saveOrganization(tenantA, { name: 'Contoso Partners' })
    const microsoft = new MicrosoftApi(admin)
    const now = t.clock.now().getTime()
    leads = []
    for (const n of [1, 2, 3])
      leads.push(
        (await microsoft.sendLead({ organizationId: tenantA, referral: sampleLead(n, now) })).referral,
      )
    const partner = new HttpClient({
      baseUrl: url,
      retry: false,
      token: emulatorToken({ tid: tenantA, upn: user }),
    })
    referrals = new ReferralsApi(partner)
    activities = new ActivitiesApi(partner)
    browser = await launchBrowser()
    page = await browser.context.newPage()
  })
  after(async () => {
    await browser?.close()
    await t?.close()
  })

  /** Each page to test-artifacts/; with COSELL_DOCS_SCREENSHOTS=1 the README's two to docs/images/ too. */
  const shot = async (name: string) => {
    await page.screenshot({ path: `${artifacts}/${name}.png` })
    if (process.env.COSELL_DOCS_SCREENSHOTS === '1' && readmeShots.includes(name))
      await page.screenshot({ path: `docs/images/dashboard-${name}.png` })
  }
  const row = (r: Referral) => page.locator(`tr[data-referral="${r.id}"]`)

  test('the sign-in link opens the inbox of incoming leads, each with its time left', async (c) => {
    const started = performance.now()
    await page.goto(`${url}/?tenant=${tenantA}&user=${encodeURIComponent(user)}`)
    await page.getByRole('heading', { name: 'Inbox' }).waitFor()
    await row(leads[2]!).waitFor()
    const shown = performance.now() - started
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
      return { domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd }
    })
    c.diagnostic(
      `first page: DOMContentLoaded ${timing.domContentLoaded.toFixed(0)} ms, load ${timing.load.toFixed(0)} ms, inbox rows shown after ${shown.toFixed(0)} ms`,
    )
    assert.equal(new URL(page.url()).searchParams.get('view'), 'inbox')
    assert.equal(
      new URL(page.url()).searchParams.get('tenant'),
      null,
      'the link leaves no token material in the address',
    )
    for (const lead of leads) await assert.doesNotReject(row(lead).waitFor())
    assert.match((await row(leads[0]!).textContent()) ?? '', /14 d 0 h left/)
    await shot('inbox')
  })

  test('accepting a lead makes it Active/Accepted, recorded as the dashboard', async () => {
    await row(leads[0]!).getByRole('button', { name: 'Accept' }).click()
    await row(leads[0]!).waitFor({ state: 'detached' })
    const accepted = await referrals.get(leads[0]!.id)
    assert.deepEqual([accepted.status, accepted.substatus], ['Active', 'Accepted'])
    const [latest] = (await activities.ofReferral(accepted.id)).value
    assert.deepEqual([latest!.channel, latest!.actor], ['dashboard', user])
  })

  test('declining a lead asks for a reason and sends it', async () => {
    await row(leads[1]!).getByRole('button', { name: 'Decline…' }).click()
    await row(leads[1]!).getByLabel('Reason').selectOption('Customer chose another vendor')
    await shot('inbox-decline')
    await row(leads[1]!).getByRole('button', { name: 'Decline', exact: true }).click()
    await row(leads[1]!).waitFor({ state: 'detached' })
    const declined = await referrals.get(leads[1]!.id)
    assert.deepEqual(
      [declined.status, declined.substatus, declined.statusReason],
      ['Closed', 'Declined', 'Customer chose another vendor'],
    )
  })

  let deal: Referral

  test('a co-sell deal: the API’s problems appear at their fields, then the fixed form creates it', async () => {
    await page.getByRole('link', { name: 'New referral' }).click()
    await page.getByLabel('Name', { exact: true }).fill('Woodgrove data estate')
    await page.getByLabel('Deal value').fill('120000')
    await page.getByLabel('Share with Microsoft sellers (co-sell)').check()
    await page.getByRole('button', { name: 'Create referral' }).click()
    const problemsAt = (label: string) =>
      page.locator('.field', { has: page.getByLabel(label, { exact: true }) }).locator('.problems')
    await problemsAt('Customer name').waitFor()
    assert.match((await problemsAt('Customer name').textContent()) ?? '', /customerProfile\.name/)
    assert.match(
      (await problemsAt('Share with Microsoft sellers (co-sell)').textContent()) ?? '',
      /shared with Microsoft sellers needs at least one solution/,
    )
    await shot('create-errors')

    await page.getByLabel('Customer name').fill('Woodgrove Bank')
    await page.getByLabel('Address').fill('1 Bank Street')
    await page.getByLabel('City').fill('Toronto')
    await page.getByLabel('Industries').selectOption(['Financial Services'])
    await page.getByLabel('Solution area').selectOption('Cloud and AI Platforms')
    const play = await page.getByLabel('Solution play').locator('option').nth(1).textContent()
    await page.getByLabel('Solution play').selectOption(play)
    await page.getByLabel('Partner role').selectOption('Solution design')
    await page.getByRole('button', { name: 'Create referral' }).click()
    await page.getByRole('heading', { name: 'Woodgrove data estate' }).waitFor()
    const id = new URL(page.url()).searchParams.get('id')!
    deal = await referrals.get(id)
    assert.equal(deal.consent.consentToShareReferralWithMicrosoftSellers, true)
    assert.deepEqual(deal.details.requirements.additionalRequirements.attributes.map((a) => a.type).sort(), [
      'PartnerRole',
      'SolutionArea',
      'SolutionPlay',
    ])
  })

  test('an edit that meets a change made meanwhile (412) is resolved field by field', async () => {
    await page.getByRole('link', { name: 'Edit' }).click()
    await page.getByLabel('Deal value').waitFor()
    await referrals.patch(deal.id, [{ op: 'replace', path: '/details/notes', value: 'Changed elsewhere.' }])
    await page.getByLabel('Deal value').fill('99999')
    await page.getByRole('button', { name: 'Save changes' }).click()
    const conflict = page.getByRole('alert').filter({ hasText: '412' })
    await conflict.waitFor()
    assert.ok(await conflict.locator('tr[data-path="details.notes"]').getByLabel('Take theirs').isChecked())
    assert.ok(await conflict.locator('tr[data-path="details.dealValue"]').getByLabel('Keep mine').isChecked())
    await shot('conflict')
    await page.getByRole('button', { name: 'Save with these choices' }).click()
    await page.getByRole('heading', { name: 'Woodgrove data estate' }).waitFor()
    const saved = await referrals.get(deal.id)
    assert.deepEqual([saved.details.dealValue, saved.details.notes], [99999, 'Changed elsewhere.'])
  })

  test('advancing the virtual clock past 14 days expires the lead left in the inbox', async () => {
    await page.getByRole('link', { name: 'Sandbox' }).click()
    await page.getByRole('button', { name: '+15 days' }).click()
    await page.getByRole('status').filter({ hasText: '1 referral(s) expired' }).waitFor()
    await shot('sandbox')
    const expired = await referrals.get(leads[2]!.id)
    assert.deepEqual([expired.status, expired.substatus], ['Closed', 'Expired'])
    await page.getByRole('link', { name: 'Inbox' }).click()
    await page.getByText('Nothing waiting.').waitFor()
  })

  test('the activity timeline shows who changed what, through the dashboard', async () => {
    await page.goto(`${url}/?view=referral&id=${deal.id}`)
    const timeline = page.getByRole('list', { name: 'Activity timeline' })
    await timeline.waitFor()
    const entries = timeline.locator(':scope > li')
    assert.equal(await entries.count(), 3)
    const text = await entries.allTextContents()
    assert.match(text[0]!, /updated by john@partner\.example dashboard/)
    assert.match(text[0]!, /details\.dealValue120000/)
    assert.match(text[1]!, /updated by john@partner\.example api.*details\.notes/)
    assert.match(text[2]!, /created by john@partner\.example dashboard/)
    await shot('referral')
  })

  test('a deal moves along the lifecycle from its page; a lost one needs a reason', async () => {
    const form = page.getByRole('form', { name: 'Move along the lifecycle' })
    await form.getByLabel('Move to').selectOption('Closed/Lost')
    await form.getByRole('button', { name: 'Move' }).click()
    await form.getByRole('alert').filter({ hasText: 'statusReason' }).waitFor()
    await form.getByLabel('Reason (required)').fill('Customer chose another vendor')
    await form.getByRole('button', { name: 'Move' }).click()
    await page.getByText('Closed is final: no further moves.').waitFor()
    const lost = await referrals.get(deal.id)
    assert.deepEqual(
      [lost.status, lost.substatus, lost.statusReason],
      ['Closed', 'Lost', 'Customer chose another vendor'],
    )
  })

  test('a registered deal’s page shows its registration and the status history', async () => {
    const registered = await registeredDeal(t.app)
    await page.goto(`${url}/?view=referral&id=${registered.id}`)
    const history = page.getByRole('table', { name: 'Registration status history' })
    await history.waitFor()
    const steps = await history.locator('tbody tr td:first-child').allTextContents()
    assert.ok(steps.includes('reviewPending') && steps.includes('approved'), steps.join(', '))
    await page.getByText(`AzureIPCoSell: ${registered.registrations[0]!.status}`).waitFor()
    await shot('registration')
  })

  test('a deal is registered from its page: a 400 at its field, then the fixed form registers it', async () => {
    const admin = new AdminApi(new HttpClient({ baseUrl: url, retry: false }))
    const solutionProfiles = [{ id: eligibleSolution, name: 'Contoso Ale', incentives: ['Azure IP co-sell'] }]
    await admin.saveOrganization(tenantA, { solutionProfiles })
    const partnerLed = await referrals.create(partnerLedCreate())
    await page.goto(`${url}/?view=referral&id=${partnerLed.id}`)
    const form = page.getByRole('form', { name: 'Register this deal' })
    await form.getByLabel('Solution value').fill('30000')
    await form.getByLabel('Primary deployment').selectOption('Customer')
    await form.getByLabel('Pricing model').selectOption('PayAsYouGo')
    await form.getByLabel('Contract value').fill('1000')
    await form.getByLabel('Signed on').fill('2026-02-20')
    await form.getByLabel('Starts on').fill('2026-03-01')
    await form.getByLabel('Ends on').fill('2028-03-01')
    await form.getByRole('button', { name: 'Register' }).click()
    const problems = form.locator('.field', { has: page.getByLabel('Contract value') }).locator('.problems')
    await problems.waitFor()
    assert.match((await problems.textContent()) ?? '', /25,?000/)
    await shot('register-errors')
    await form.getByLabel('Contract value').fill('80000')
    await form.getByRole('button', { name: 'Register' }).click()
    await page.getByRole('table', { name: 'Registration status history' }).waitFor()
    await page.getByText('AzureIPCoSell: Approved').waitFor()
    const registered = await referrals.get(partnerLed.id)
    assert.deepEqual(registered.registrations[0]!.contract, registrationBody().contract)
  })

  test('the pipeline filters by status as a shareable link, with totals and charts', async () => {
    const admin = new AdminApi(new HttpClient({ baseUrl: url, retry: false }))
    await admin.seed({ organizationId: tenantA, referrals: 120, seed: 7 })
    await page.goto(`${url}/?view=pipeline&status=Closed&sort=details/dealValue&dir=desc`)
    await page.getByRole('table', { name: 'Totals by status' }).waitFor()
    await page.locator('table.referrals').waitFor()
    const statuses = await page.locator('table.referrals tbody tr td:nth-child(3)').allTextContents()
    assert.ok(statuses.length > 0)
    assert.ok(
      statuses.every((s) => s.startsWith('Closed')),
      statuses.join(', '),
    )
    assert.match((await page.locator('p.odata').textContent()) ?? '', /\$filter=status eq 'Closed'/)
    await shot('pipeline')
    await page.getByRole('combobox', { name: 'Status' }).selectOption('')
    await page.getByText('$filter=(none)').waitFor()
    const first = await page.locator('table.referrals tbody tr').first().textContent()
    await page.getByRole('button', { name: 'Next page' }).click()
    await page.getByText('Page 2').waitFor()
    await page.waitForFunction(
      (before) => document.querySelector('table.referrals tbody tr')?.textContent !== before,
      first,
    )
    assert.equal(new URL(page.url()).searchParams.get('status'), null)
    await page.getByRole('link', { name: 'Charts' }).click()
    await page.getByRole('img', { name: 'Won and lost by month' }).waitFor()
    await shot('charts')
  })

  test('signing in through the form, and moving around with the keyboard alone', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { name: 'Sign in to cosell' }).waitFor()
    await page.getByLabel('Tenant id').focus()
    await page.keyboard.type(tenantA)
    await page.keyboard.press('Tab')
    await page.keyboard.type(user)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Inbox' }).waitFor()
    await page.locator('body').focus()
    for (let tabs = 0; tabs < 10; tabs++) {
      await page.keyboard.press('Tab')
      if ((await page.evaluate(() => document.activeElement?.textContent)) === 'Pipeline') break
    }
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Pipeline' }).waitFor()
  })
})
