// Data directories of seeded referrals under the run's temporary directory (removed with it).
import { cpSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { emptyTally, idFor, isOpen, type Tally } from './dataset.js'
import type { Env } from './measure.js'
import { seedReferrals } from './seed.js'

export type Dataset = { readonly dir: string; size: number; readonly tally: Tally }

export async function seedDataset(env: Env, name: string, size: number): Promise<Dataset> {
  const dataset: Dataset = { dir: join(env.workDir, name), size: 0, tally: emptyTally() }
  await growDataset(env, dataset, size)
  return dataset
}

/** Adds rows until the data set holds `size` referrals (the server must not be running on it). */
export async function growDataset(env: Env, dataset: Dataset, size: number): Promise<void> {
  if (size <= dataset.size) return
  env.log(`seeding ${label(dataset.size)} → ${label(size)} referrals in ${dataset.dir}`)
  const seconds = await seedReferrals(dataset.dir, dataset.size, size, dataset.tally)
  env.log(
    `  seeded ${label(size - dataset.size)} in ${seconds.toFixed(1)} s (${label((size - dataset.size) / seconds)}/s)`,
  )
  dataset.size = size
}

/** A copy of the data set's directory under another name (the server must not be running on it). */
export function copyDataset(env: Env, dataset: Dataset, name: string): Dataset {
  const copy = { ...dataset, dir: join(env.workDir, name), tally: { ...dataset.tally } }
  cpSync(dataset.dir, copy.dir, { recursive: true })
  return copy
}

export function removeDataset(dataset: Dataset): void {
  rmSync(dataset.dir, { recursive: true, force: true })
}

/** The ids of the first `count` seeded referrals. */
export function seededIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => idFor(i))
}

export function label(n: number): string {
  return Math.round(n).toLocaleString('en-US')
}

/** The ids of the seeded referrals among the first `count` that are not Closed. */
export function openSeededIds(count: number): string[] {
  return seededIds(count).filter((_, i) => isOpen(i))
}
