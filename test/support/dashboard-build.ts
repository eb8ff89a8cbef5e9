// The browser tests serve the built dashboard (dist/web): build it when it is missing or older
// than its sources, as `npm run build` would (a fresh clone builds it in `npm ci`).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const built = join(root, 'dist/web/index.html')

function newest(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))))
}

export function ensureDashboardBuilt(): void {
  const sources = Math.max(newest(join(root, 'src/web')), newest(join(root, 'src/client')))
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js')
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'src/web/vite.config.ts'], {
    cwd: root,
    stdio: 'inherit',
    timeout: 180_000,
  })
  if (result.status !== 0) throw new Error('building the dashboard (vite build) failed')
}
