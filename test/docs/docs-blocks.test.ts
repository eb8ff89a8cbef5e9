// Every shell and TypeScript example of README.md and docs/*.md runs against a cosell server this
// test starts (a temporary data directory, a free port on 127.0.0.1), so an example that stops
// working fails the tests. How to write examples this test can run:
//
// - The ```sh (or ```bash) blocks of one file run in order in ONE bash process under
//   `set -Eeuo pipefail`, from the repository root, so variables set in one block are there in
//   the next. `localhost:8080` becomes the test server's host and port (`http://localhost:8080`
//   its URL), and COSELL_URL names it. `cosell …` and `npx cosell …` run the CLI from source
//   (bundled once by esbuild, which tsx uses too: a call then starts in a third of tsx's time).
// - Each ```ts block is written to a file under .scratch/ and run with tsx; `from 'cosell/client'`
//   imports the SDK from src/ (see `packageSources`).
// - A block fails the test when it exits non-zero. So call curl with `-f` (`curl -sf`) where the
//   example expects success, and where it shows an error, check for it, e.g.
//   `test "$(curl -s -o /dev/null -w '%{http_code}' …)" = 412`.
// - A block that must not run here (it installs, starts a server of its own, or calls Microsoft's
//   service) is preceded by `<!-- docs-test: skip (the reason) -->`; a marker without a reason
//   fails. ```json, ```http and plain ``` blocks show output and are never run.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type * as Esbuild from 'esbuild'
import { docBlocks, docFiles, repoRoot, type DocBlock } from '../support/doc-blocks.js'
import { startServer, stopAll, type RunningServer } from '../support/server-process.js'

/** Package imports the examples use, and the source file each stands for. */
const packageSources: Readonly<Record<string, string>> = { 'cosell/client': 'src/client/index.ts' }

// bounds, not speed claims: each CLI call compiles through tsx on a busy 2-core machine
const shellTimeoutMs = 300_000
const tsTimeoutMs = 90_000

const scratch = join(repoRoot, '.scratch', `docs-test-${process.pid}`)
const dataDirs: string[] = []
after(async () => {
  await stopAll()
  for (const dir of [scratch, ...dataDirs]) rmSync(dir, { recursive: true, force: true })
})

/** The server's host and port in place of the docs' `localhost:8080`, whatever the scheme. */
function pointAt(code: string, url: string): string {
  return code.replaceAll('localhost:8080', new URL(url).host)
}

const shellPrelude = `set -Eeuo pipefail
cosell() { node "$COSELL_CLI" "$@"; }
npx() { if [ "\${1:-}" = cosell ]; then shift; cosell "$@"; else command npx "$@"; fi; }
trap 'echo "docs-test: the block at $DOCS_BLOCK failed (line $LINENO of the script)" >&2' ERR
`

function shellScript(blocks: readonly DocBlock[], url: string): string {
  const parts = blocks.map(
    (block) => `\nDOCS_BLOCK=${block.where}\necho "### $DOCS_BLOCK"\n${pointAt(block.code, url)}\n`,
  )
  return shellPrelude + parts.join('')
}

/** The block's code with package imports pointing at the sources, from a file in `dir`. */
function tsModule(block: DocBlock, url: string, dir: string): string {
  let code = pointAt(block.code, url)
  for (const [specifier, source] of Object.entries(packageSources)) {
    const path = relative(dir, join(repoRoot, source)).replaceAll('\\', '/')
    code = code.replaceAll(`'${specifier}'`, `'${path.startsWith('.') ? path : `./${path}`}'`)
  }
  return code
}

/** src/cli/main.ts and the sources it imports in one file, packages left to node_modules. */
async function bundleCli(): Promise<string> {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx'))
  const esbuild = fromTsx('esbuild') as typeof Esbuild
  const outfile = join(scratch, 'cosell-cli.mjs')
  await esbuild.build({
    entryPoints: [join(repoRoot, 'src/cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  })
  return outfile
}

function environment(server: RunningServer, dataDir: string, cli: string): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([key]) => !key.startsWith('COSELL_'))
  return {
    ...Object.fromEntries(inherited),
    COSELL_URL: server.url,
    COSELL_DATA_DIR: dataDir, // `cosell token` signs with the server's key
    COSELL_CLI: cli,
  }
}

type Run = { code: number | null; output: string }

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeout: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { cwd: repoRoot, env, timeout, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
        resolve({ code, output: `${stdout}\n--- stderr ---\n${stderr}` })
      },
    )
    child.stdin?.end()
  })
}

function tail(text: string, lines = 60): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}

describe('the examples of README.md and docs/', () => {
  let cli: Promise<string>
  before(() => {
    cli = bundleCli()
  })
  for (const file of docFiles()) {
    const { blocks, problems } = docBlocks(file)
    const runnable = blocks.filter((block) => block.skip === undefined)
    test(`${file}: its skip markers give a reason`, () => {
      assert.deepEqual(problems, [])
    })
    if (runnable.length === 0) continue
    test(`${file}: every sh and ts block runs`, async (t) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'cosell-docs-'))
      dataDirs.push(dataDir)
      const server = await startServer(dataDir)
      const env = environment(server, dataDir, await cli)
      const shell = runnable.filter((block) => block.language === 'sh')
      if (shell.length > 0) {
        const result = await run('bash', ['-c', shellScript(shell, server.url)], env, shellTimeoutMs)
        assert.equal(result.code, 0, `${file}: the sh blocks failed:\n${tail(result.output)}`)
      }
      for (const block of runnable.filter((b) => b.language === 'ts')) {
        const path = join(scratch, `${block.where.replace(/[^\w]+/g, '-')}.ts`)
        mkdirSync(dirname(path), { recursive: true })
        writeFileSync(path, tsModule(block, server.url, dirname(path)))
        const result = await run(process.execPath, ['--import', 'tsx', path], env, tsTimeoutMs)
        assert.equal(result.code, 0, `${block.where}: the ts block failed:\n${tail(result.output)}`)
      }
      const skipped = blocks.length - runnable.length
      t.diagnostic(`${file}: ${runnable.length} blocks ran, ${skipped} skipped`)
    })
  }
})
