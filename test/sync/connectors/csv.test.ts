// The CSV connector: the contract on a file edited around it as a spreadsheet would (read whole,
// written whole, in place), then what only a CSV file does: quoting, a header alone, rows typed
// by hand without an id or copied with one, a file that is not a table.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { CsvParser } from '../../../src/bulk/csv-parser.js'
import { csvRecord } from '../../../src/bulk/csv-writer.js'
import { CrmRefusedError, type CrmFields } from '../../../src/sync/connectors/connector.js'
import { csvConnectorType } from '../../../src/sync/connectors/csv.js'
import { layoutColumns } from '../../../src/sync/connectors/table-layout.js'
import { connectorContract, type ContractSubject } from './contract.js'
import { scratchDir } from './sql-subject.js'

const header = ['id', ...layoutColumns.map((c) => c.name)]

const sample = (n: number): CrmFields => ({
  name: `Deal ${n}, "quoted"`,
  account_name: `Account ${n}`,
  amount: String(1000 + n),
  close_date: `2026-0${1 + (n % 9)}-1${n % 10}`,
  notes: `line one\nline two of ${n}`,
  referral_id: `ref-${n}`,
})

/** What a spreadsheet does on save: the whole table read, edited and written back in place. */
async function editTable(path: string, edit: (rows: string[][]) => void): Promise<void> {
  const parser = new CsvParser()
  const rows = [...parser.push(await readFile(path, 'utf8')), ...parser.end()].map((r) => r.fields)
  edit(rows)
  await writeFile(path, rows.map(csvRecord).join(''))
}

function setCells(rows: string[][], row: string[], fields: CrmFields): void {
  for (const [name, value] of Object.entries(fields))
    row[rows[0]!.indexOf(name)] = value === null ? '' : String(value)
}

async function csvFile(text: string): Promise<{ dir: string; path: string }> {
  const dir = scratchDir()
  const path = join(dir, 'crm.csv')
  await writeFile(path, text)
  return { dir, path }
}

const open = (dir: string) =>
  csvConnectorType.open({ type: 'csv', path: 'crm.csv' }, { env: {}, baseDir: dir })

async function csvSubject(): Promise<ContractSubject> {
  const { dir, path } = await csvFile(csvRecord(header))
  const connector = await open(dir)
  return {
    connector,
    sample,
    textField: 'name',
    keyField: 'referral_id',
    editOutside: (id, fields) =>
      editTable(path, (rows) =>
        setCells(
          rows,
          rows.find((r) => r[0] === id)!,
          fields,
        ),
      ),
    async createOutside(fields) {
      const id = `typed-${randomUUID()}`
      await editTable(path, (rows) => {
        const row = new Array<string>(rows[0]!.length).fill('')
        setCells(rows, row, { ...fields, id })
        rows.push(row)
      })
      return id
    },
    close: () => connector.close(),
  }
}

connectorContract('csv', csvSubject)

describe('csv connector: the file', () => {
  test('quoted fields, a byte order mark and a short row read as written; writes keep column order', async () => {
    const { dir, path } = await csvFile(
      '\ufeffname,id,notes,amount\r\n"Contoso, Ltd",a1,"said ""yes""\nthen left",12\nFabrikam,a2\n',
    )
    const connector = await open(dir)
    const [a1, a2] = (await connector.changes(undefined, 10)).records
    assert.deepEqual(a1!.fields, {
      name: 'Contoso, Ltd',
      id: 'a1',
      notes: 'said "yes"\nthen left',
      amount: '12',
    })
    assert.deepEqual(a2!.fields, { name: 'Fabrikam', id: 'a2', notes: null, amount: null })

    await connector.update('a2', { amount: 7, stage: 'Qualify' })
    assert.equal(
      await readFile(path, 'utf8'),
      '\ufeffname,id,notes,amount,stage\r\n"Contoso, Ltd",a1,"said ""yes""\nthen left",12,\r\nFabrikam,a2,,7,Qualify\r\n',
    )
    await connector.close()
  })

  test('a header alone is a CRM without records; a create fills it', async () => {
    const { dir, path } = await csvFile('name,referral_id\n')
    const connector = await open(dir)
    const empty = await connector.changes(undefined, 10)
    assert.deepEqual([empty.records, empty.caughtUp], [[], true])
    const created = await connector.create({ name: 'first', referral_id: 'r1' })
    assert.match(created.id, /^[0-9a-f-]{36}$/)
    assert.equal(await readFile(path, 'utf8'), `name,referral_id,id\r\nfirst,r1,${created.id}\r\n`)
    assert.deepEqual((await connector.changes(empty.cursor, 10)).records, [created])
    await connector.close()
  })

  test('rows typed by hand without an id, or copied with one, get ids of their own and come as changes', async () => {
    const { dir, path } = await csvFile('id,name\r\nk1,kept\r\n')
    const connector = await open(dir)
    const { cursor } = await connector.changes(undefined, 10)
    await writeFile(path, 'id,name\r\nk1,kept\r\n,typed by hand\r\nk1,copied\r\n')

    const page = await connector.changes(cursor, 10)
    assert.deepEqual(
      page.records.map((r) => r.fields.name),
      ['typed by hand', 'copied'],
    )
    const [typed, copied] = page.records
    assert.notEqual(typed!.id, copied!.id)
    assert.notEqual(copied!.id, 'k1')
    assert.equal(
      await readFile(path, 'utf8'),
      `id,name\r\nk1,kept\r\n${typed!.id},typed by hand\r\n${copied!.id},copied\r\n`,
    )
    assert.deepEqual(await connector.get(typed!.id), typed, 'the id stays')
    assert.deepEqual((await connector.changes(page.cursor, 10)).records, [])
    await connector.close()
  })

  test('a file without an id column gets one at the end', async () => {
    const { dir, path } = await csvFile('name\nonly\n')
    const connector = await open(dir)
    const [only] = (await connector.changes(undefined, 10)).records
    assert.equal(await readFile(path, 'utf8'), `name,id\r\nonly,${only!.id}\r\n`)
    await connector.close()
  })

  test('a file that is not a table is refused, naming the line and the fault', async () => {
    const cases: [string, RegExp][] = [
      ['id,name\n1,"never closed\n', /csv crm\.csv: line 2: a quoted field is not closed/],
      ['id,name\n1,a\n2,b,extra\n', /csv crm\.csv: line 3: 3 cells, but the header names 2 columns/],
      ['id,name,id\n', /line 1: the header names column id twice/],
      ['id,,name\n', /line 1: column 2 of the header has no name/],
    ]
    for (const [text, message] of cases) {
      const { dir } = await csvFile(text)
      const connector = await open(dir)
      await assert.rejects(connector.changes(undefined, 10), (error: unknown) => {
        assert.ok(error instanceof CrmRefusedError, String(error))
        assert.match(error.message, message)
        return true
      })
      await connector.close()
    }
    await assert.rejects(open(scratchDir()), /csv: no file at .*crm\.csv/)
  })

  test('a row log deleted and begun afresh reads every row again from an old cursor', async () => {
    const { dir } = await csvFile('id,name\na,1\nb,2\n')
    const connector = await open(dir)
    const { cursor } = await connector.changes(undefined, 10)
    await writeFile(join(dir, '.crm.csv.cosell-sync.json'), 'not JSON')
    const again = await connector.changes(cursor, 10)
    assert.deepEqual(
      again.records.map((r) => r.id),
      ['a', 'b'],
    )
    await connector.close()
  })

  test('an id given on create is kept, and one already in the file is refused', async () => {
    const { dir } = await csvFile('id,name\na,1\n')
    const connector = await open(dir)
    assert.equal((await connector.create({ id: 'b', name: '2' })).id, 'b')
    await assert.rejects(connector.create({ id: 'a', name: 'again' }), /a row with id a exists/)
    await assert.rejects(connector.update('a', { id: 'z' }), /the id column id cannot be changed/)
    await connector.close()
  })
})
