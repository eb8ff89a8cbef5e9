// Starts a worker thread from a module beside the caller: the compiled .js in production (dist/),
// the TypeScript source under tsx (tests, `npm run dev`). Node 20 does not run the parent's
// `--import tsx` hooks for a worker's entry module, so from source the thread registers tsx itself
// before importing it; tsx is a development dependency and is never loaded from dist/.
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'

/** The module `name` (without extension) beside `importer` (`import.meta.url`), as this build runs it. */
export function siblingModule(importer: string, name: string): URL {
  return new URL(`./${name}${extname(fileURLToPath(importer))}`, importer)
}

export function spawnWorker(entry: URL, workerData: unknown): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData })
  const tsx = import.meta.resolve('tsx/esm/api')
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}) })`
  return new Worker(boot, { eval: true, workerData })
}
