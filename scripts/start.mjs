// `npm start`: serves the compiled server in dist/, which `npm install` built (the `prepare`
// script). When dist/ is missing or older than the sources (new commits pulled without a new
// install), it says so and builds first, so `npm start` always serves the code in src/.
// Plain JavaScript, so starting costs no compiler; arguments after `npm start --` go to `cosell serve`.
// With --build-only (the `prepare` script) it builds when needed and stops: `npx cosell` runs
// `prepare` on its first use in a checkout, and then finds nothing to build.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url)) // import.meta.dirname needs Node 20.11
const main = join(root, 'dist/cli/main.js')
const dashboard = join(root, 'dist/web/index.html') // the web dashboard, built by Vite from src/web
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
  if (!existsSync(dashboard)) return 'the dashboard (dist/web) has not been built'
  const newest = newestInput()
  const built = Math.min(statSync(main).mtimeMs, statSync(dashboard).mtimeMs)
  if (newest.mtimeMs > built) return `${relative(root, newest.path)} changed since the last build`
  return null
}

/** A build tool's command-line script (TypeScript's, Vite's): dev dependencies, which `npm install` brings. */
function buildTool(pkg, script) {
  try {
    return join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), script)
  } catch {
    console.error(`cosell: ${pkg} is not installed, so dist/ cannot be built: run \`npm install\`.`)
    process.exit(1)
  }
}

/** Runs one build step (the same as `npm run build`), stopping with its status when it fails. */
function run(pkg, script, args) {
  const result = spawnSync(process.execPath, [buildTool(pkg, script), ...args], {
    cwd: root,
    stdio: 'inherit',
  })
  if (result.status !== 0) {
    console.error('cosell: the build failed (above); fix the error or run `git status` to see what changed.')
    process.exit(result.status ?? 1)
  }
}

function build(reason) {
  console.error(`cosell: ${reason}; building it (npm run build, about a minute)…`)
  const started = Date.now()
  run('typescript', 'bin/tsc', ['-p', 'tsconfig.build.json'])
  run('vite', 'bin/vite.js', ['build', '--config', 'src/web/vite.config.ts'])
  console.error(`cosell: built in ${((Date.now() - started) / 1000).toFixed(0)} s.`)
}

const reason = staleness()
if (reason !== null) build(reason)
if (process.argv[2] === '--build-only') process.exit(0)
process.argv = [process.argv[0], main, 'serve', ...process.argv.slice(2)]
await import(pathToFileURL(main).href)
