// Another server process on the same database can write a referral between this process's read
// and its compare-and-set. An unconditional write then re-applies its change to the newer version
// (with back-off), a conditional one answers 412, and a referral that never stops changing ends in
// 409 resourceModified rather than an endless loop.
import type { ChangeCause } from '../../src/domain/change/change-record.js'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { defaultRuleOptions } from '../../src/domain/referral/rules.js'
import type { Referral } from '../../src/domain/referral/schema.js'
import { buildApp } from '../../src/http/app.js'
import { randomIds } from '../../src/service/ids.js'
import type { ReferralStore, SettingAsRead, WriteOutcome } from '../../src/store/referral-store.js'
import { SqliteReferralStore } from '../../src/store/sqlite/store.js'
import { assertErrorBody } from '../support/error-body.js'
import { partnerLedCreate } from '../support/fixtures.js'
import { createReferral, patchReferral, readReferral } from '../support/referral-api.js'
import { ManualClock } from '../support/test-app.js'
import { testCause } from '../support/change-cause.js'

/** A store where, before each of the next `pending` compare-and-sets, another process writes the referral. */
function contendedStore(store: SqliteReferralStore): {
  store: ReferralStore
  contend: (times: number) => void
} {
  let pending = 0
  const foreignWrite = async (id: string): Promise<void> => {
    const current = (await store.find(id))!
    const changed: Referral = {
      ...current,
      details: { ...current.details, notes: `written by another process (${pending})` },
      eTag: `"${randomUUID()}"`,
    }
    assert.equal(await store.replace(changed, current, testCause), 'written')
  }
  const proxy = new Proxy(store, {
    get(target, property) {
      if (property === 'replace') {
        return async (
          referral: Referral,
          before: Referral,
          cause: ChangeCause,
          asRead?: SettingAsRead,
        ): Promise<WriteOutcome> => {
          if (pending > 0) {
            pending--
            await foreignWrite(referral.id)
          }
          return target.replace(referral, before, cause, asRead)
        }
      }
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
  return { store: proxy, contend: (times) => void (pending = times) }
}

describe('writes that lose to another process', () => {
  let app: FastifyInstance
  let raw: SqliteReferralStore
  let contend: (times: number) => void
  before(async () => {
    raw = SqliteReferralStore.open(':memory:')
    const contended = contendedStore(raw)
    contend = contended.contend
    app = await buildApp(
      { store: contended.store, clock: new ManualClock(), ids: randomIds, rules: defaultRuleOptions },
      { publicUrl: null, createStatus: 200, logLevel: 'silent' },
    )
  })
  after(async () => {
    await app.close()
    await raw.close()
  })

  const addMember = [
    {
      op: 'add',
      path: '/team/-',
      value: { firstName: 'A', lastName: 'B', phoneNumber: '1', email: 'a.b@contoso.com' },
    },
  ]

  test('an unconditional PATCH that loses three rounds is applied to the newer version', async () => {
    const { id } = await createReferral(app, partnerLedCreate())
    contend(3)
    const res = await patchReferral(app, id, addMember)
    assert.equal(res.statusCode, 204, res.body)
    const { referral } = await readReferral(app, id)
    assert.ok(
      referral.team.some((m) => m.email === 'a.b@contoso.com'),
      'our change landed',
    )
    assert.match(
      referral.details.notes ?? '',
      /written by another process/,
      "the other process's change is kept",
    )
  })

  test('a conditional PATCH that loses once answers 412', async () => {
    const { id } = await createReferral(app, partnerLedCreate())
    const { etag } = await readReferral(app, id)
    contend(1)
    assertErrorBody(await patchReferral(app, id, addMember, { 'if-match': etag }), 412, 'preconditionFailed')
  })

  test('a referral that changes before every attempt ends in 409 resourceModified, not a loop', async () => {
    const { id } = await createReferral(app, partnerLedCreate())
    contend(1_000)
    assertErrorBody(await patchReferral(app, id, addMember), 409, 'resourceModified')
    contend(0)
  })
})
