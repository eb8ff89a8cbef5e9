// `cosell serve`: the same settings as the environment variables, as flags (flags win).
import type { Command } from 'commander'
import { loadConfig } from '../config/load.js'
import type { Config } from '../config/schema.js'
import { trustInstructions } from '../http/tls-certificate.js'
import { startServer } from '../main.js'
import { withExamples } from './help.js'
import { startupFailure } from './startup-failure.js'

export function addServeCommand(program: Command): void {
  withExamples(
    program.command('serve'),
    'cosell serve',
    'cosell serve --port 9090 --data-dir ./demo-data',
    'cosell serve --auth verify --oidc-issuers https://login.microsoftonline.com/contoso.example/v2.0',
  )
    .description('serve the Referrals API on http://HOST:PORT (https with --tls) with the embedded database')
    .option('--port <port>', 'TCP port (PORT, default 8080)')
    .option('--host <host>', 'address to listen on (HOST, default 127.0.0.1)')
    .option('--data-dir <dir>', 'embedded database directory (COSELL_DATA_DIR, default ./.cosell)')
    .option('--database-url <url>', 'run on PostgreSQL at this URL instead (DATABASE_URL)')
    .option('--redis-url <url>', 'keep throttle budgets in Redis, shared by every server (REDIS_URL)')
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
      '--audiences <list>',
      "comma-separated token audiences, replacing Partner Center's and cosell's own URL (COSELL_AUDIENCES)",
    )
    .option('--tls', 'serve HTTPS with a certificate made once per data directory (COSELL_TLS=1)')
    .option('--tls-cert <file>', 'PEM certificate to serve HTTPS with instead (COSELL_TLS_CERT)')
    .option('--tls-key <file>', 'PEM private key of --tls-cert (COSELL_TLS_KEY)')
    .option(
      '--allow-insecure',
      'let emulator mode listen on a non-loopback host; keep sign-in open in verify mode (COSELL_ALLOW_INSECURE=1)',
    )
    .option(
      '--throttle <profile>',
      'default throttle of every tenant: off, connector or budgets such as read=100/60,write=20/60 (COSELL_THROTTLE)',
    )
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (COSELL_LOG_LEVEL)')
    .option('--debug', 'print the stack trace of a start-up failure (COSELL_DEBUG=1)')
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      let config: Config | undefined
      try {
        config = loadConfig(process.env, flags)
        const server = await startServer(config)
        // before the ready line: a supervisor that stops the server as soon as it reads the line
        // must find the handler there (without it, SIGTERM kills at once and the WAL is not folded)
        const stop = () => void server.close().then(() => process.exit(0))
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
        if (server.tls && server.tls.origin !== 'supplied')
          console.log(trustInstructions(server.tls.certFile))
        console.log(
          `cosell: serving the Referrals API on ${server.url}/v1.0/engagements/referrals (data: ${config.databaseUrl === null ? config.dataDir : redactedUrl(config.databaseUrl)})`,
        )
      } catch (error) {
        console.error(startupFailure(error, config))
        if (flags.debug !== undefined || process.env.COSELL_DEBUG === '1') console.error(error)
        process.exit(2)
      }
    })
}

/** The URL without its password, for the ready line. */
function redactedUrl(url: string): string {
  const parsed = new URL(url)
  if (parsed.password) parsed.password = '***'
  return parsed.toString()
}
