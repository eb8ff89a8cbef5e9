// The SDK as users get it: `npm pack` of a fresh build, the tarball extracted into a temporary
// project's node_modules, and a child `node` importing `cosell/client` against a cosell server on
// 127.0.0.1; its types resolve under moduleResolution node16 and bundler; and the client's code,
// as shipped, imports nothing outside dist/client and touches no Node-only global.
//
// Extracting instead of `npm install`: the client needs no runtime dependency (the import-graph
// test below proves it), so the server's dependencies (a native SQLite build among them) are not
// needed to use it. Its declarations import types from `typebox`, a dependency of the package, so
// the type check links the repository's copy where `npm install` would put one.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { dirname, join, relative, resolve } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { promisify } from 'node:util'
import ts from 'typescript'
import { makeTestApp, type TestApp } from '../support/test-app.js'
import { scratchDirs } from '../support/scratch-dir.js'

const run = promisify(execFile)
const repo = resolve(import.meta.dirname, '../..')
const tsc = join(repo, 'node_modules/typescript/bin/tsc')
const scratch = scratchDirs('cosell-sdk-package-')

/** Builds and packs the repository as it is into a tarball; answers its path and its file list. */
async function packFreshBuild(): Promise<{ tarball: string; files: string[] }> {
  const stage = scratch()
  for (const entry of ['package.json', 'README.md', 'LICENSE', 'openapi.json', 'src', 'docs'])
    cpSync(join(repo, entry), join(stage, entry), { recursive: true })
  const build = [tsc, '-p', join(repo, 'tsconfig.build.json'), '--outDir', join(stage, 'dist')]
  await run(process.execPath, build).catch((error: { stdout: string }) => assert.fail(error.stdout))
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', stage], {
    cwd: stage,
  })
  const [packed] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }]
  return { tarball: join(stage, packed.filename), files: packed.files.map((f) => f.path) }
}

/** Relative imports followed from `entry` (`.js` files, or their `.d.ts`); answers the files reached and every other specifier. */
function importGraph(entry: string, extension = '.js'): { files: string[]; external: string[] } {
  const files = new Set<string>()
  const external = new Set<string>()
  const visit = (file: string) => {
    if (files.has(file)) return
    files.add(file)
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
    for (const { fileName } of info.importedFiles) {
      if (fileName.startsWith('.')) visit(resolve(dirname(file), fileName.replace(/\.js$/, extension)))
      else external.add(fileName)
    }
  }
  visit(entry)
  return { files: [...files], external: [...external] }
}

/** Identifiers in the code (comments and strings skipped). */
function identifiers(code: string): Set<string> {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, code)
  const names = new Set<string>()
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan())
    if (kind === ts.SyntaxKind.Identifier) names.add(scanner.getTokenText())
  return names
}

const consumerScript = `
import { HttpClient, ReferralsApi, ApiError, emulatorToken, filter } from 'cosell/client'
const http = new HttpClient({
  baseUrl: process.env.COSELL_URL,
  token: emulatorToken({ tid: '33333333-3333-4333-8333-333333333333', upn: 'pat@package.example' }),
})
const referrals = new ReferralsApi(http)
const created = await referrals.create(JSON.parse(process.env.BODY))
const page = await referrals.list({ $filter: filter.eq('id', created.id) })
const missing = await referrals.get('00000000-0000-4000-8000-000000000000').catch((error) => error)
console.log(JSON.stringify({
  listed: page.value.map((r) => r.id),
  created: created.id,
  error: missing instanceof ApiError ? [missing.status, missing.code] : String(missing),
}))
`

const consumerTypes = `
import { filter, HttpClient, ReferralsApi, type Referral } from 'cosell/client'
const referrals = new ReferralsApi(new HttpClient({ baseUrl: 'http://localhost:8080', token: 't' }))
export const name: Promise<string | null> = referrals.get('x').then((r: Referral) => r.name)
export const ok = filter.and(filter.eq('status', 'Active'), filter.gt('details/dealValue', 1000))
// @ts-expect-error 'Open' is no referral status: the types are real, not any
export const wrong = filter.eq('status', 'Open')
`

describe('the SDK from a packed tarball', { timeout: 240_000 }, () => {
  let project: string
  let packageDir: string
  let files: string[]
  let t: TestApp

  before(async () => {
    const packed = await packFreshBuild()
    files = packed.files
    project = scratch()
    packageDir = join(project, 'node_modules/cosell')
    mkdirSync(packageDir, { recursive: true })
    await run('tar', ['-xzf', packed.tarball, '-C', packageDir, '--strip-components=1'])
    writeFileSync(join(project, 'package.json'), JSON.stringify({ type: 'module', private: true }))
    // where `npm install` would put the package's dependency (types only: nothing imports it at run time)
    symlinkSync(join(repo, 'node_modules/typebox'), join(project, 'node_modules/typebox'))
    t = await makeTestApp()
    await t.app.listen({ port: 0, host: '127.0.0.1' })
  })
  after(() => t?.close())

  test('the tarball ships the built client with its declarations, and no tests', () => {
    for (const file of ['dist/client/index.js', 'dist/client/index.d.ts', 'package.json', 'README.md'])
      assert.ok(files.includes(file), `${file} is missing from the tarball`)
    assert.deepEqual(
      files.filter((f) => f.startsWith('test/') || f.endsWith('.test.ts')),
      [],
    )
  })

  test('a child node process imports cosell/client and uses it against a cosell server', async () => {
    const port = (t.app.server.address() as AddressInfo).port
    const body = readFileSync(join(repo, 'test/fixtures/create-partner-led.json'), 'utf8')
    writeFileSync(join(project, 'use.mjs'), consumerScript)
    const { stdout } = await run(process.execPath, ['use.mjs'], {
      cwd: project,
      env: { PATH: process.env.PATH, COSELL_URL: `http://127.0.0.1:${port}`, BODY: body },
    })
    const result = JSON.parse(stdout) as { listed: string[]; created: string; error: unknown }
    assert.deepEqual(result.listed, [result.created])
    assert.deepEqual(result.error, [404, 'itemNotFound'])
  })

  test('the client’s code imports only files of dist/client: no server code, no package', () => {
    const { files: reached, external } = importGraph(join(packageDir, 'dist/client/index.js'))
    assert.deepEqual(external, [])
    const clientDir = join(packageDir, 'dist/client')
    assert.deepEqual(
      reached.filter((file) => relative(clientDir, file).startsWith('..')),
      [],
    )
  })

  test('the client’s code runs in browsers: no node: import, no Buffer, process or require', () => {
    const clientDir = join(packageDir, 'dist/client')
    for (const name of readdirSync(clientDir).filter((n) => n.endsWith('.js'))) {
      const code = readFileSync(join(clientDir, name), 'utf8')
      const nodeOnly = ['Buffer', 'process', 'require', '__dirname', 'global'].filter((id) =>
        identifiers(code).has(id),
      )
      assert.deepEqual(nodeOnly, [], `${name} uses ${nodeOnly.join(', ')}`)
      assert.doesNotMatch(code, /from\s+['"]node:/, name)
    }
  })

  test('the declarations a consumer loads need no Node types: no node: import, Buffer or NodeJS', () => {
    const { files: reached, external } = importGraph(join(packageDir, 'dist/client/index.d.ts'), '.d.ts')
    assert.deepEqual(external, ['typebox'])
    for (const file of reached) {
      const names = identifiers(readFileSync(file, 'utf8'))
      const nodeOnly = ['Buffer', 'NodeJS', 'process'].filter((id) => names.has(id))
      assert.deepEqual(nodeOnly, [], `${relative(packageDir, file)} names ${nodeOnly.join(', ')}`)
    }
  })

  for (const moduleResolution of ['node16', 'bundler'] as const) {
    test(`its types resolve for a consumer with moduleResolution ${moduleResolution}`, async () => {
      const dir = join(project, moduleResolution)
      mkdirSync(join(dir, 'node_modules'), { recursive: true })
      symlinkSync(packageDir, join(dir, 'node_modules/cosell'))
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }))
      writeFileSync(join(dir, 'consumer.ts'), consumerTypes)
      const module = moduleResolution === 'node16' ? 'node16' : 'esnext'
      // skipLibCheck: checking every declaration of the package takes over a minute; the test
      // below checks that none of them needs Node's types
      const options = ['--noEmit', '--strict', '--skipLibCheck', '--lib', 'es2022,dom']
      const args = [
        tsc,
        ...options,
        '--module',
        module,
        '--moduleResolution',
        moduleResolution,
        'consumer.ts',
      ]
      const answer = await run(process.execPath, args, { cwd: dir }).catch(
        (error: { stdout: string }) => error,
      )
      assert.equal(answer.stdout, '', 'tsc reported errors')
    })
  }
})
