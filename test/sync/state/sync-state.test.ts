// The sync's state on SQLite and on PostgreSQL: the same behaviour from both — work recorded with
// its cursor in one step, an item's removal and its outcome in one step, held changes replaced per
// pair, history reported once, connections kept apart.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { openSyncState } from '../../../src/sync/state/open-state.js'
import type { HeldChange, SyncLink, SyncState } from '../../../src/sync/state/sync-state.js'
import { freshDatabase, postgresUnavailable } from '../../support/postgres.js'

const dir = mkdtempSync(join(tmpdir(), 'cosell-sync-state-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const skipPostgres = await postgresUnavailable()

const at = '2026-12-05T10:00:00.000Z'

const link = (referralId: string, crmId: string, status: SyncLink['status'] = 'synced'): SyncLink => ({
  referralId,
  crmId,
  referralETag: '"e1"',
  crmVersion: '7',
  base: { amount: 5, title: 'A deal' },
  status,
  lastError: null,
  lastSyncedAt: at,
})

const held = (pairKey: string, field: string): HeldChange => ({
  pairKey,
  field,
  toSide: 'referral',
  value: 'Won',
  kind: 'refused',
  reason: 'closed',
  referralETag: '"e1"',
  crmVersion: null,
  since: at,
  attempts: 1,
})

function stateContract(name: string, open: (connection: string) => Promise<SyncState>, skip?: string): void {
  describe(`sync state on ${name}`, { skip }, () => {
    test('changes are recorded with the cursor past them, once each', async () => {
      const state = await open('a')
      assert.equal(await state.cursor('crm'), undefined)
      await state.enqueue('crm', ['1', '2'], 'c1', at)
      await state.enqueue('crm', ['2', '3'], 'c2', at)
      await state.enqueue('referral', ['r1'], undefined, at)
      assert.equal(await state.cursor('crm'), 'c2')
      assert.equal(await state.cursor('referral'), undefined)
      assert.deepEqual((await state.pending(10)).map((w) => `${w.side}:${w.id}`).sort(), [
        'crm:1',
        'crm:2',
        'crm:3',
        'referral:r1',
      ])
      await state.close()
    })

    test('settling removes the item and saves the pair, its held changes and its history together', async () => {
      const state = await open('b')
      await state.enqueue('referral', ['r1'], undefined, at)
      const [item] = await state.pending(1)
      const event = {
        at,
        referralId: 'r1',
        crmId: 'c1',
        direction: 'toCrm' as const,
        action: 'created' as const,
        fields: ['title'],
        message: null,
      }
      await state.settle(item, {
        link: link('r1', 'c1', 'held'),
        pairKey: 'r1',
        held: [held('r1', 'stage')],
        events: [event],
      })
      assert.deepEqual(await state.pending(10), [])
      assert.deepEqual(await state.linkByReferral('r1'), link('r1', 'c1', 'held'))
      assert.deepEqual(await state.linkByCrm('c1'), link('r1', 'c1', 'held'))
      assert.deepEqual(await state.heldFor('r1'), [held('r1', 'stage')])
      await state.settle(undefined, {
        pairKey: 'r1',
        held: [held('r1', 'notes')],
        events: [],
        clear: ['crm:c1'],
      })
      assert.deepEqual(
        (await state.heldFor('r1')).map((h) => h.field),
        ['notes'],
      )
      const history = await state.history(['r1'], 10)
      assert.equal(history.length, 1)
      assert.deepEqual(history[0]?.fields, ['title'])
      assert.deepEqual((await state.counts()).pairs.held, 1)
      await state.close()
    })

    test('a create announced and never settled is remembered until its pair settles', async () => {
      const state = await open('i')
      assert.equal(await state.intended('crm:7'), false)
      await state.intend('crm:7', at)
      await state.intend('crm:7', at)
      assert.equal(await state.intended('crm:7'), true)
      await state.settle(undefined, {
        link: link('r7', '7'),
        pairKey: 'r7',
        held: [],
        events: [],
        clear: ['crm:7'],
      })
      assert.equal(await state.intended('crm:7'), false)
      await state.close()
    })

    test('a settlement that fails leaves the item where it was', async () => {
      const state = await open('c')
      await state.enqueue('crm', ['x'], 'c1', at)
      const [item] = await state.pending(1)
      // the same CRM id for two referrals breaks the unique pair index: the whole settlement is undone
      await state.settle(undefined, { link: link('r-other', 'x'), pairKey: 'r-other', held: [], events: [] })
      await assert.rejects(
        state.settle(item, { link: link('r-x', 'x'), pairKey: 'r-x', held: [], events: [] }),
      )
      assert.deepEqual(
        (await state.pending(10)).map((w) => w.id),
        ['x'],
      )
      assert.equal(await state.linkByReferral('r-x'), undefined)
      await state.close()
    })

    test('history is reported once, oldest first', async () => {
      const state = await open('d')
      const event = (n: number) => ({
        at,
        referralId: `r${n}`,
        crmId: null,
        direction: 'none' as const,
        action: 'linked' as const,
        fields: [],
        message: null,
      })
      await state.settle(undefined, { pairKey: 'r1', held: [], events: [event(1), event(2)] })
      const first = await state.unreported(10)
      assert.deepEqual(
        first.map((e) => e.referralId),
        ['r1', 'r2'],
      )
      await state.markReported(first[0]!.seq!)
      assert.deepEqual(
        (await state.unreported(10)).map((e) => e.referralId),
        ['r2'],
      )
      await state.close()
    })

    test('connections sharing one database keep their state apart', async () => {
      const one = await open('e1')
      const two = await open('e2')
      await one.enqueue('crm', ['1'], 'c9', at)
      await one.settle(undefined, {
        link: link('r1', 'c1'),
        pairKey: 'r1',
        held: [held('r1', 'f')],
        events: [],
      })
      assert.equal(await two.cursor('crm'), undefined)
      assert.deepEqual(await two.pending(10), [])
      assert.equal(await two.linkByReferral('r1'), undefined)
      assert.deepEqual(await two.held({ limit: 10 }), [])
      await one.close()
      await two.close()
    })
  })
}

stateContract('SQLite', (connection) => openSyncState(join(dir, 'state.db'), connection))
let url: string | undefined
stateContract(
  'PostgreSQL',
  async (connection) => openSyncState((url ??= await freshDatabase()), connection),
  skipPostgres,
)
