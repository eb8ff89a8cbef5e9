// Reads by id that arrive in one turn of the event loop go out as one statement per organisation,
// at most 100 ids each; each caller gets its own row (or none), a failure reaches every caller of
// that statement and no other, and a read made after a statement was sent goes in a later one.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ReadBatches } from '../../src/store/postgres/read-batches.js'

interface Row {
  readonly id: string
  readonly organizationId: string
}

/** Rows for every id but those starting "missing", recording each statement it was asked for. */
function database(fail: (organizationId: string) => boolean = () => false) {
  const statements: { organizationId: string; ids: readonly string[] }[] = []
  const batches = new ReadBatches<Row>((organizationId, ids) => {
    statements.push({ organizationId, ids })
    if (fail(organizationId)) return Promise.reject(new Error(`${organizationId} is down`))
    return Promise.resolve(
      ids.filter((id) => !id.startsWith('missing')).map((id) => ({ id, organizationId })),
    )
  })
  return { batches, statements }
}

test('reads made together are one statement per organisation, each id once', async () => {
  const { batches, statements } = database()
  const rows = await Promise.all([
    batches.read('org-a', 'one'),
    batches.read('org-b', 'one'),
    batches.read('org-a', 'two'),
    batches.read('org-a', 'one'),
    batches.read('org-a', 'missing'),
  ])
  assert.deepEqual(rows, [
    { id: 'one', organizationId: 'org-a' },
    { id: 'one', organizationId: 'org-b' },
    { id: 'two', organizationId: 'org-a' },
    { id: 'one', organizationId: 'org-a' },
    undefined,
  ])
  assert.deepEqual(statements, [
    { organizationId: 'org-a', ids: ['one', 'two', 'missing'] },
    { organizationId: 'org-b', ids: ['one'] },
  ])
})

test('a statement names at most 100 ids', async () => {
  const { batches, statements } = database()
  const ids = Array.from({ length: 250 }, (_, i) => `id-${i}`)
  const rows = await Promise.all(ids.map((id) => batches.read('org-a', id)))
  assert.deepEqual(
    rows.map((r) => r?.id),
    ids,
  )
  assert.deepEqual(
    statements.map((s) => s.ids.length),
    [100, 100, 50],
  )
})

test('a failed statement fails its own readers only, and the next read is sent afresh', async () => {
  const { batches, statements } = database((organizationId) => organizationId === 'org-down')
  const [down, up] = await Promise.allSettled([batches.read('org-down', 'one'), batches.read('org-a', 'one')])
  assert.equal(down.status, 'rejected')
  assert.match(String(down.reason), /org-down is down/)
  assert.deepEqual(up, { status: 'fulfilled', value: { id: 'one', organizationId: 'org-a' } })
  assert.deepEqual(await batches.read('org-a', 'one'), { id: 'one', organizationId: 'org-a' })
  assert.equal(statements.length, 3)
})

test('a read made once a statement is sent waits for a statement of its own', async () => {
  const { batches, statements } = database()
  const first = batches.read('org-a', 'one')
  await new Promise((resolve) => setImmediate(resolve))
  assert.equal(statements.length, 1, 'the first statement is sent at the end of the turn')
  const second = batches.read('org-a', 'one')
  await Promise.all([first, second])
  assert.equal(statements.length, 2)
})

test('reads made while a statement is out gather, over several turns, into the next one', async () => {
  const statements: (readonly string[])[] = []
  let release: () => void = () => undefined
  const batches = new ReadBatches<Row>((organizationId, ids) => {
    statements.push(ids)
    const rows = ids.map((id) => ({ id, organizationId }))
    return statements.length === 1
      ? new Promise((resolve) => (release = () => resolve(rows)))
      : Promise.resolve(rows)
  })
  const turn = () => new Promise((resolve) => setImmediate(resolve))
  const first = batches.read('org-a', 'one')
  await turn()
  const later = [batches.read('org-a', 'two')]
  await turn()
  later.push(batches.read('org-a', 'three'), batches.read('org-b', 'four'))
  await turn()
  assert.deepEqual(statements, [['one']], 'nothing more is sent while the first is out')
  release()
  assert.equal((await first)?.id, 'one')
  assert.deepEqual(
    (await Promise.all(later)).map((r) => r?.id),
    ['two', 'three', 'four'],
  )
  assert.deepEqual(statements, [['one'], ['two', 'three'], ['four']])
})
