// The referral page's "CRM sync" panel in a real browser (Debian's Chromium through
// playwright-core) against a server this test starts on loopback: a referral nobody reported on
// says so quietly; after a report posted through the SDK, the page shows each connection's CRM id,
// status badge, last sync and error, the held changes and the history. The screenshot goes to
// test-artifacts/dashboard/ (not committed).
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { HttpClient, ReferralsApi, SyncApi, emulatorToken, type Referral } from '../../src/client/index.js'
import { browserMissing, launchBrowser, type Browser } from '../support/browser.js'
import { ensureDashboardBuilt } from '../support/dashboard-build.js'
import { partnerLedCreate } from '../support/fixtures.js'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { tenantA } from '../support/tokens.js'

const artifacts = 'test-artifacts/dashboard'
const user = 'john@partner.example'

describe('the CRM sync panel in a browser', { skip: browserMissing() ?? false }, () => {
  let t: TestApp
  let browser: Browser
  let page: Page
  let url: string
  let sync: SyncApi
  let referral: Referral

  before(async () => {
    ensureDashboardBuilt()
    mkdirSync(artifacts, { recursive: true })
    t = await makeTestApp()
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
    const partner = new HttpClient({
      baseUrl: url,
      retry: false,
      token: emulatorToken({ tid: tenantA, upn: user }),
    })
    sync = new SyncApi(partner)
    referral = await new ReferralsApi(partner).create(partnerLedCreate())
    browser = await launchBrowser()
    page = await browser.context.newPage()
    await page.goto(`${url}/?tenant=${tenantA}&user=${encodeURIComponent(user)}`)
    // signed in once the app has kept the session and taken the link out of the address: a page
    // left before that (its effects wait for a frame, late on a busy machine) keeps no session
    await page.waitForURL((address) => !address.searchParams.has('tenant'))
  })
  after(async () => {
    await browser?.close()
    await t?.close()
  })

  test('a referral no engine reported on says it is not synced with a CRM', async () => {
    await page.goto(`${url}/?view=referral&id=${referral.id}`)
    await page.getByRole('heading', { name: 'CRM sync' }).waitFor()
    await page.getByText('Not synced with a CRM.').waitFor()
  })

  test('a report posted through the SDK shows on the page: CRM id, status, error, held changes, history', async () => {
    const result = await sync.report([
      {
        connection: 'dynamics',
        connector: 'sql opportunities',
        referralId: referral.id,
        crmId: 'OPP-4711',
        status: 'held',
        lastSyncedAt: '2026-03-01T09:00:00Z',
        lastError: { reason: 'conflict', message: 'Both sides changed the deal value.' },
        held: [
          {
            field: 'estimatedvalue',
            referralPath: 'details.dealValue',
            toSide: 'crm',
            value: 250000,
            reason: 'the CRM changed it since the last sync',
            since: '2026-03-01T09:30:00Z',
          },
        ],
        events: [
          {
            at: '2026-03-01T08:00:00Z',
            direction: 'toCrm',
            action: 'created',
            fields: ['name'],
            message: null,
          },
          {
            at: '2026-03-01T09:30:00Z',
            direction: 'none',
            action: 'held',
            fields: ['details.dealValue'],
            message: 'waiting for a person',
          },
        ],
      },
    ])
    assert.deepEqual(result, { accepted: 1, refused: [] })
    await page.goto(`${url}/?view=referral&id=${referral.id}`)
    const panel = page.getByRole('region', { name: 'CRM sync: dynamics' })
    await panel.waitFor()
    const text = (await panel.textContent()) ?? ''
    assert.match(text, /sql opportunities/)
    assert.match(text, /OPP-4711/)
    assert.match(text, /conflict: Both sides changed the deal value\./)
    assert.equal(await panel.locator('[data-status]').getAttribute('data-status'), 'held')
    const held = panel.getByRole('table', { name: 'Held changes' })
    assert.match(
      (await held.textContent()) ?? '',
      /estimatedvalue → CRM \(details\.dealValue\)250000the CRM changed it/,
    )
    const history = panel.getByRole('list', { name: 'Sync history' }).locator(':scope > li')
    const entries = await history.allTextContents()
    assert.equal(entries.length, 2)
    assert.match(entries[0]!, /held.*details\.dealValue.*waiting for a person/)
    assert.match(entries[1]!, /created to the CRM · name/)
    await page.screenshot({ path: `${artifacts}/referral-sync.png` })
  })
})
