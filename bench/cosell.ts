// How the bench runs cosell: compiled once per run into the run's temporary directory (JavaScript
// as `npm start` runs it, fair against the raw node:http baseline), or from source through tsx with
// `--source`. The build goes there so the shared tree's dist/ is never touched.
import { spawnSync } from 'node:child_process'
import { existsSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { startServer, type ServerProcess } from './server-process.js'

const root = resolve(import.meta.dirname, '..')

export type CosellBuild = {
  /** Node arguments that start `cosell serve`. */
  readonly args: readonly string[]
  readonly description: string
}

/** Builds into `<workDir>/build`, which goes when the run's directory does. */
export function buildCosell(fromSource: boolean, workDir: string): CosellBuild {
  if (fromSource) {
    return {
      args: ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'serve'],
      description: 'from source through tsx (--source)',
    }
  }
  const dir = join(workDir, 'build')
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  const result = spawnSync(
    process.execPath,
    [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', join(dir, 'dist')],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
  const main = join(dir, 'dist/cli/main.js')
  if (!existsSync(main)) {
    throw new Error(`bench: tsc did not build the server:\n${result.stdout}${result.stderr}`)
  }
  if (result.status !== 0)
    console.warn(`bench: tsc reported type errors (the build is used anyway):\n${result.stdout}`)
  // the compiled files resolve packages and their module type from beside them
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
  return {
    args: [main, 'serve'],
    description: 'compiled with tsc -p tsconfig.build.json',
  }
}

/** `env` adds settings, e.g. COSELL_DURABILITY. */
export function startCosell(
  build: CosellBuild,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  return startServer({
    args: build.args,
    env: { PORT: '0', HOST: '127.0.0.1', COSELL_DATA_DIR: dataDir, COSELL_LOG_LEVEL: 'silent', ...env },
    ready: /serving the Referrals API on (http:\/\/[^/\s]+)/,
  })
}
