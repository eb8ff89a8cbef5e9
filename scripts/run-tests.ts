// Gathers test files and hands them to Node's test runner: Node 20 takes paths, not globs, and
// passes silently when given none, so an empty list is an error here. The HTTP suite runs twice:
// on the embedded store, and on PostgreSQL where the machine has one (each file through a small
// wrapper that asks test/support/test-store.ts for PostgreSQL), so both stores pass the same tests.
// Failed tests are listed again at the end of the output (failed-tests.ts).
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { postgresUnavailable } from '../test/support/postgres-reachable.js'
import { FailedTests } from './failed-tests.js'

/** The suite that runs on both stores. */
const bothStores = 'test/http/'

function gather(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return gather(path)
    return name.endsWith('.test.ts') ? [path] : []
  })
}

/** A wrapper per file of the HTTP suite that runs it on PostgreSQL, in `dir`. */
function onPostgres(files: readonly string[], dir: string): string[] {
  return files.map((file) => {
    const wrapper = join(dir, 'postgres', file.replace(/\.ts$/, '.mjs'))
    mkdirSync(join(wrapper, '..'), { recursive: true })
    writeFileSync(
      wrapper,
      [
        `// ${file} on PostgreSQL: its tests, hooks and all, inside one suite that says so`,
        "import { describe } from 'node:test'",
        "process.env.COSELL_TEST_STORE = 'postgres'",
        `describe('on PostgreSQL: ${file}', () => import(${JSON.stringify(pathToFileURL(resolve(file)).href)}))`,
        '',
      ].join('\n'),
    )
    return wrapper
  })
}

const filters = process.argv.slice(2)
const files = gather('test')
  .map((file) => relative('.', file))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort()

if (files.length === 0) {
  console.error(
    `run-tests: no test files found under test/${filters.length ? ` matching ${filters.join(', ')}` : ''}`,
  )
  process.exit(1)
}

const http = process.env.COSELL_TEST_STORE === 'postgres' ? [] : files.filter((f) => f.startsWith(bothStores))
const unavailable = http.length > 0 ? await postgresUnavailable() : undefined
if (unavailable) console.log(`# skipping the HTTP suite on PostgreSQL: ${unavailable}`)
const wrappers = mkdtempSync(join(tmpdir(), 'cosell-tests-'))
const twice = http.length > 0 && !unavailable ? onPostgres(http, wrappers) : []

const runner = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', ...files, ...twice],
  {
    stdio: ['inherit', 'pipe', 'inherit'],
  },
)
const closed = new Promise<number>((done) => runner.on('close', (code) => done(code ?? 1)))
const failed = new FailedTests()
for await (const line of createInterface({ input: runner.stdout })) {
  process.stdout.write(`${line}\n`)
  failed.line(line)
}
const status = await closed
failed.end()
process.stdout.write(failed.summary())
rmSync(wrappers, { recursive: true, force: true })
process.exit(status)
