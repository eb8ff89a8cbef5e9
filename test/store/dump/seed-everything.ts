// A store with something in every durable table, written through the store's own port: two
// organisations (profile, domains) and their users, referrals created and then changed (their
// change records chain), sync status records (a held value with keys out of order, non-ASCII text),
// a snapshot saved before more changes and reports, the moved clock and other settings,
// the paging key (binary), a webhook registration with deliveries delivered, dead and pending.
// More referrals than a dump reads in one page, live and in the snapshot.
import type { Referral } from '../../../src/domain/referral/schema.js'
import { clockSettingKey, type ReferralStore } from '../../../src/store/referral-store.js'
import { testCause } from '../../support/change-cause.js'
import { tenant } from '../../query/sql-harness.js'
import { storeReferrals } from '../store-referrals.js'

export const seededReferrals = 120

export async function seedEverything(store: ReferralStore): Promise<void> {
  await store.saveOrganization({
    id: tenant,
    name: 'Contoso Partner',
    mpnId: '1234567',
    createdDateTime: '2026-01-01T00:00:00.0000000Z',
    locations: [{ id: 'loc-1', name: 'Zürich', country: 'CH' }],
    solutionProfiles: [{ id: 'SOL-15974-MQF', name: 'Solution', incentives: ['Azure IP co-sell'] }],
    domains: ['contoso.example'],
  })
  await store.organization('org-b', () => ({
    name: 'B',
    mpnId: '7',
    createdDateTime: '2026-01-02T00:00:00.0000000Z',
  }))
  for (const [organizationId, email] of [
    [tenant, 'john@contoso.example'],
    [tenant, 'jane@contoso.example'],
    ['org-b', 'bob@b.example'],
  ] as const)
    await store.saveUser({
      organizationId,
      email,
      name: email.split('@')[0]!,
      role: 'Referral Admin',
      createdDateTime: '2026-01-03T00:00:00.0000000Z',
    })
  const referrals = storeReferrals(seededReferrals, { seed: 7 })
  await store.insertMany(referrals, testCause)
  await changeSome(store, referrals.slice(0, 10), 'first')
  await reportSync(store, referrals.slice(0, 3), 'first')
  await store.saveSetting(clockSettingKey, { offsetMs: 86_400_000, frozenAtMs: null })
  await store.saveSnapshot('before-changes', '2026-03-01T00:00:00.0000000Z', {
    now: '2026-03-02T00:00:00.0000000Z',
    frozen: false,
  })
  await changeSome(store, referrals.slice(5, 15), 'second')
  await reportSync(store, referrals.slice(2, 5), 'second')
  await store.saveSetting('microsoft-policy', { mode: 'scripted', seed: 4, nested: { b: 1, a: [2, 'ü'] } })
  await store.secret() // the paging key: 32 random bytes
  await seedWebhooks(store)
}

async function changeSome(
  store: ReferralStore,
  referrals: readonly Referral[],
  round: string,
): Promise<void> {
  for (const r of referrals) {
    const before = await store.get(r.organizationId, r.id)
    const after = {
      ...before!,
      name: `${before!.name ?? ''} ${round}`,
      eTag: `${before!.eTag}-${round}`,
      updatedDateTime: '2026-03-05T10:00:00.0000000Z',
    }
    await store.replace(after, before!, {
      actor: 'jane@contoso.example',
      channel: 'admin',
      requestId: `req-${round}`,
    })
  }
}

async function reportSync(
  store: ReferralStore,
  referrals: readonly Referral[],
  round: string,
): Promise<void> {
  const reports = referrals.map((r, i) => ({
    connection: i === 0 ? 'salesforce' : 'dynamics',
    connector: 'sql opportunities',
    referralId: r.id,
    crmId: i === 1 ? null : `OPP-${round}-${i}`,
    status: i === 1 ? ('held' as const) : ('synced' as const),
    lastSyncedAt: i === 1 ? null : '2026-03-04T10:00:00.0000000Z',
    lastError: i === 1 ? { reason: 'conflict', message: `Beide Seiten änderten es (${round}).` } : null,
    held:
      i === 1
        ? [
            {
              field: 'estimatedvalue',
              referralPath: 'details.dealValue',
              toSide: 'crm' as const,
              value: { z: 1, a: [true, null, 'ü'] },
              reason: 'both changed',
              since: '2026-03-04T10:00:00.0000000Z',
            },
          ]
        : [],
    events: [
      {
        at: '2026-03-04T10:00:00.0000000Z',
        direction: 'toCrm' as const,
        action: 'updated' as const,
        fields: ['name'],
        message: round,
      },
    ],
  }))
  await store.syncStatus.saveReports(
    referrals[0]!.organizationId,
    reports,
    `2026-03-04T10:00:0${round.length}.0000000Z`,
  )
}

async function seedWebhooks(store: ReferralStore): Promise<void> {
  const hooks = store.webhooks
  await hooks.createRegistration({
    subscriberId: tenant,
    webhookUrl: 'https://hooks.example/cosell',
    webhookEvents: ['referral-created', 'referral-updated'],
    msSignatureHeader: true,
    lastModified: '2026-03-01T00:00:00.0000000Z',
  })
  const delivery = (id: string, nextAttemptMs: number) => ({
    id,
    subscriberId: tenant,
    eventName: 'referral-updated' as const,
    referralId: storeReferrals(1, { seed: 7 })[0]!.id,
    body: `{"EventName":"referral-updated","ResourceUri":"${id}"}`,
    createdAt: '2026-03-01T00:00:00.0000000Z',
    nextAttemptMs,
  })
  await hooks.queueDeliveries([delivery('d1', 100), delivery('d2', 200), delivery('d3', 300)], 12)
  await hooks.recordAttempt({
    id: 'd1',
    status: 'delivered',
    attempts: 1,
    lastStatusCode: 200,
    lastError: null,
    nextAttemptMs: null,
    deliveredAt: '2026-03-01T00:00:01.0000000Z',
  })
  await hooks.recordAttempt({
    id: 'd2',
    status: 'dead',
    attempts: 5,
    lastStatusCode: 500,
    lastError: 'the subscriber answered 500',
    nextAttemptMs: null,
    deliveredAt: null,
  })
}
