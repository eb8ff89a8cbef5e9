// `cosell sync` as the bench runs it: the build's CLI in child processes, acting as the bench
// tenant's user against a server the scenario started, with one configuration file (and the
// SQLite state beside it) in a directory of the run's own.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { benchUser } from './api.js'
import { cliArgs, runCli, type CliRun } from './cli-run.js'
import { benchTenant } from './dataset.js'
import type { Env } from './measure.js'
import { startServer, type ServerProcess } from './server-process.js'
import type { PassSummary } from '../src/sync/sync-outcome.js'

export type SyncPass = { readonly summary: PassSummary; readonly run: CliRun }

export class SyncCli {
  private constructor(
    private readonly env: Env,
    private readonly config: string,
    private readonly origin: string,
  ) {}

  /** `cosell sync init sql … --create-table` in `dir`, then `poll` written into the configuration. */
  static async init(
    env: Env,
    dir: string,
    origin: string,
    crm: { url: string; table: string },
    poll: { crm: number },
  ): Promise<SyncCli> {
    mkdirSync(dir, { recursive: true })
    const config = join(dir, 'sync.json')
    const settings = [`url=${crm.url}`, `table=${crm.table}`]
    await runCli(env, [
      'sync',
      'init',
      'sql',
      ...settings,
      '--create-table',
      '--name',
      'bench',
      '--file',
      config,
    ])
    const written = JSON.parse(readFileSync(config, 'utf8')) as Record<string, unknown>
    writeFileSync(config, `${JSON.stringify({ ...written, poll }, null, 2)}\n`)
    return new SyncCli(env, config, origin)
  }

  /** `cosell sync run`: one pass, its summary and the process's wall time and peak RSS. */
  async pass(): Promise<SyncPass> {
    const run = await runCli(this.env, ['sync', 'run', ...this.common(), '--json'])
    return { summary: JSON.parse(run.stdout) as PassSummary, run }
  }

  /** `cosell sync watch`, ready once it says where its webhooks arrive. */
  watch(): Promise<ServerProcess> {
    return startServer({
      args: [...cliArgs(this.env), 'sync', 'watch', ...this.common()],
      ready: /webhooks at (\S+)/,
      readyOn: 'stderr',
    })
  }

  private common(): string[] {
    return ['-c', this.config, '--url', this.origin, '--tenant', benchTenant, '--user', benchUser]
  }
}
