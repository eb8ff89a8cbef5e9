// `cosell serve`: the same settings as the environment variables, as flags (flags win).
import type { Command } from 'commander'
import { ConfigError, loadConfig } from '../config/load.js'
import { startServer } from '../main.js'
import { DataDirectoryInUseError } from '../store/sqlite/store.js'

export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the Referrals API on http://HOST:PORT with the embedded database')
    .option('--port <port>', 'TCP port (PORT, default 8080)')
    .option('--host <host>', 'address to listen on (HOST, default 127.0.0.1)')
    .option('--data-dir <dir>', 'embedded database directory (COSELL_DATA_DIR, default ./.cosell)')
    .option(
      '--public-url <url>',
      'base URL of links and nextLinks (COSELL_PUBLIC_URL, default: the request host)',
    )
    .option('--auth <mode>', 'emulator or verify (COSELL_AUTH, default emulator)')
    .option(
      '--oidc-issuers <urls>',
      'comma-separated OIDC issuer URLs trusted in verify mode (COSELL_OIDC_ISSUERS)',
    )
    .option(
      '--allow-insecure',
      'let emulator mode listen on a non-loopback host; keep sign-in open in verify mode (COSELL_ALLOW_INSECURE=1)',
    )
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (COSELL_LOG_LEVEL)')
    .action(async (flags: Record<string, string | undefined>) => {
      try {
        const config = loadConfig(process.env, flags)
        const server = await startServer(config)
        console.log(
          `cosell: serving the Referrals API on ${server.url}/v1.0/engagements/referrals (data: ${config.dataDir})`,
        )
        const stop = () => void server.close().then(() => process.exit(0))
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      } catch (error) {
        if (error instanceof ConfigError || error instanceof DataDirectoryInUseError) {
          console.error(error.message)
          process.exit(2)
        }
        throw error
      }
    })
}
