// `npm start`: serves the compiled server in dist/, which `npm install` built (the `prepare`
// script). When dist/ is missing or older than the sources (new commits pulled without a new
// install), it says so and builds first, so `npm start` always serves the code in src/.
// Plain JavaScript, so starting costs no compiler; arguments after `npm start --` go to `cosell serve`.
// With --build-only (the `prepare` script) it builds when needed and stops: `npx cosell` runs
// `prepare` on its first use in a checkout, and then finds nothing to build.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url)) // import.meta.dirname needs Node 20.11
const main = join(root, 'dist/cli/main.js')
const buildInputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json']

/** The newest input to the build, with its modification time. */
function newestInput() {
  let newest = { path: '', mtimeMs: 0 }
  const visit = (path) => {
    const stat = statSync(path)
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name))
    else if (stat.mtimeMs > newest.mtimeMs) newest = { path, mtimeMs: stat.mtimeMs }
  }
  for (const input of buildInputs) visit(join(root, input))
  return newest
}

/** Why dist/ must be built before serving, or null when it is up to date. */
function staleness() {
  if (!existsSync(main)) return 'dist/ has not been built'
  const newest = newestInput()
  if (newest.mtimeMs > statSync(main).mtimeMs)
    return `${relative(root, newest.path)} changed since the last build`
  return null
}

function typescriptCompiler() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc')
  } catch {
    console.error('cosell: TypeScript is not installed, so dist/ cannot be built: run `npm install`.')
    process.exit(1)
  }
}

function build(reason) {
  console.error(`cosell: ${reason}; building it (npm run build, about a minute)…`)
  const started = Date.now()
  const tsc = typescriptCompiler()
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  })
  if (result.status !== 0) {
    console.error('cosell: the build failed (above); fix the error or run `git status` to see what changed.')
    process.exit(result.status ?? 1)
  }
  console.error(`cosell: built in ${((Date.now() - started) / 1000).toFixed(0)} s.`)
}

const reason = staleness()
if (reason !== null) build(reason)
if (process.argv[2] === '--build-only') process.exit(0)
process.argv = [process.argv[0], main, 'serve', ...process.argv.slice(2)]
await import(pathToFileURL(main).href)
