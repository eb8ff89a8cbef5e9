// Every setting of a cosell server: one schema for types, validation and the README table.
import Type, { type Static } from 'typebox'
import { ThrottleProfileSchema } from '../domain/throttle/throttle-profile.js'
import { journalDefaults } from '../service/request-journal.js'

export const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'TCP port (PORT, --port).' }),
  host: Type.String({
    minLength: 1,
    default: '127.0.0.1',
    description: 'Address to listen on (HOST, --host).',
  }),
  dataDir: Type.String({
    minLength: 1,
    default: './.cosell',
    description: 'Directory of the embedded database (COSELL_DATA_DIR, --data-dir).',
  }),
  databaseUrl: Type.Union([Type.String({ pattern: '^postgres(ql)?://' }), Type.Null()], {
    default: null,
    description:
      'PostgreSQL connection URL, e.g. postgres://cosell@db:5432/cosell: the data lives there instead of the embedded database, and several servers may share it (DATABASE_URL, --database-url).',
  }),
  redisUrl: Type.Union([Type.String({ pattern: '^rediss?://' }), Type.Null()], {
    default: null,
    description:
      "Redis connection URL, e.g. redis://cache:6379: tenants' throttle budgets are kept there, shared by every server that names it; unset, each server process keeps its own (REDIS_URL, --redis-url).",
  }),
  publicUrl: Type.Union([Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$' }), Type.Null()], {
    default: null,
    description:
      'Base of links, @odata.context and @odata.nextLink, e.g. https://cosell.example.com (COSELL_PUBLIC_URL, --public-url). Default: from the request host.',
  }),
  createStatus: Type.Union([Type.Literal(200), Type.Literal(201)], {
    default: 200,
    description:
      'Status of a successful create: 200 as the connector declares, or 201 (COSELL_CREATE_STATUS).',
  }),
  requireContactConsent: Type.Boolean({
    default: true,
    description: 'Reject creates whose contact-sharing consents are false (COSELL_REQUIRE_CONTACT_CONSENT).',
  }),
  requireMarketplaceIntent: Type.Boolean({
    default: false,
    description:
      'Require the CustomerMarketplaceIntent attribute on create (COSELL_REQUIRE_MARKETPLACE_INTENT).',
  }),
  auth: Type.Enum(['emulator', 'verify'], {
    default: 'emulator',
    description:
      "Bearer tokens: 'emulator' accepts cosell's own tokens verified and any other well-formed JWT unverified; 'verify' accepts only tokens signed by cosell or a COSELL_OIDC_ISSUERS issuer (COSELL_AUTH, --auth).",
  }),
  oidcIssuers: Type.Array(Type.String({ pattern: '^https?://\\S+$' }), {
    default: [],
    description:
      'Comma-separated OpenID Connect issuer URLs whose tokens verify mode accepts, e.g. https://login.microsoftonline.com/<tid>/v2.0 (COSELL_OIDC_ISSUERS, --oidc-issuers).',
  }),
  audiences: Type.Union([Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }), Type.Null()], {
    default: null,
    description:
      "Comma-separated token audiences the token endpoints issue for and the API accepts, replacing the default: https://api.partner.microsoft.com, https://api.partnercenter.microsoft.com, Partner Center's two app ids and cosell's own URL; URLs match with or without a trailing slash or default port (COSELL_AUDIENCES, --audiences).",
  }),
  tls: Type.Boolean({
    default: false,
    description:
      'Serve HTTPS with a certificate made once per data directory (<data dir>/tls-cert.pem, trust it with NODE_EXTRA_CA_CERTS) or the one of COSELL_TLS_CERT/COSELL_TLS_KEY (COSELL_TLS=1, --tls).',
  }),
  tlsCert: Type.Union([Type.String({ minLength: 1 }), Type.Null()], {
    default: null,
    description:
      'PEM certificate (chain) file to serve HTTPS with, instead of the generated one (COSELL_TLS_CERT, --tls-cert).',
  }),
  tlsKey: Type.Union([Type.String({ minLength: 1 }), Type.Null()], {
    default: null,
    description: 'PEM private key file of COSELL_TLS_CERT (COSELL_TLS_KEY, --tls-key).',
  }),
  allowInsecure: Type.Boolean({
    default: false,
    description:
      'Let emulator mode listen on a non-loopback HOST, where anyone could forge a token, and keep the token endpoints (which take any password) open in verify mode (COSELL_ALLOW_INSECURE=1, --allow-insecure).',
  }),
  durability: Type.Enum(['process', 'power'], {
    default: 'process',
    description:
      "What an acknowledged write survives: 'process', a crash or kill -9 of the server (WAL, synchronous=NORMAL); 'power', power loss too (an fsync on every commit, synchronous=FULL; fewer creates a second, as the README's benchmarks measure) (COSELL_DURABILITY).",
  }),
  queryTimeoutMs: Type.Integer({
    minimum: 100,
    maximum: 600_000,
    default: 5000,
    description:
      'Time budget of a list that walks documents (no index answers its filter or order) on its reader thread; then it is stopped and answered 400 (COSELL_QUERY_TIMEOUT_MS).',
  }),
  databasePool: Type.Integer({
    minimum: 1,
    maximum: 100,
    default: 10,
    description:
      "Connections in each of a server's two PostgreSQL pools, one for requests and background work and one for lists; a server opens at most twice this and 5 more (COSELL_DATABASE_POOL).",
  }),
  readWorkers: Type.Integer({
    minimum: 0,
    maximum: 64,
    default: 2,
    description:
      'Reader threads for lists that walk documents, so they hold up no other request; 0 runs them on the main thread without a budget (COSELL_READ_WORKERS).',
  }),
  readQueue: Type.Integer({
    minimum: 0,
    maximum: 10_000,
    default: 8,
    description:
      'Lists that walk documents which may wait for a busy reader; one more is answered 503 with Retry-After (COSELL_READ_QUEUE).',
  }),
  adminToken: Type.Union([Type.String({ minLength: 16 }), Type.Null()], {
    default: null,
    description:
      'Bearer token that opens the admin API (/_cosell/…); at least 16 characters. When set, every client needs it, loopback included; unset, emulator mode lets in direct loopback clients (COSELL_ADMIN_TOKEN).',
  }),
  fxRates: Type.Record(Type.String({ pattern: '^[A-Z]{3}$' }), Type.Number({ exclusiveMinimum: 0 }), {
    default: {},
    additionalProperties: false,
    description:
      'USD value of one unit of a currency for the deal-registration threshold, overriding entries of src/domain/registration/usd-rates.json, e.g. EUR=1.09,GBP=1.26 (COSELL_FX_RATES).',
  }),
  throttle: Type.Object(ThrottleProfileSchema.properties, {
    default: { profile: 'off' },
    description:
      "Default throttle of every tenant on the public API: 'off', 'connector' (100 calls per 60 s, reads and writes together) or budgets LIMIT/SECONDS such as read=100/60,write=20/60 (also calls=…); the admin API overrides it per tenant (COSELL_THROTTLE, --throttle).",
  }),
  logLevel: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
    description: 'Log level (COSELL_LOG_LEVEL, --log-level).',
  }),
  accessLog: Type.Boolean({
    default: true,
    description:
      'One log line a request at info level: method, path, status, duration, tenant, request id; never tokens, queries or bodies (COSELL_ACCESS_LOG=0 turns it off).',
  }),
  journalSize: Type.Integer({
    minimum: 0,
    maximum: 100_000,
    default: journalDefaults.size,
    description:
      'Requests of the public API the request journal keeps per tenant, for GET /_cosell/journal and the client report; 0 turns it off (COSELL_JOURNAL_SIZE).',
  }),
  journalTenants: Type.Integer({
    minimum: 1,
    maximum: 10_000,
    default: journalDefaults.tenants,
    description:
      'Tenants the request journal keeps at once; a new one pushes out the tenant that called least recently (COSELL_JOURNAL_TENANTS).',
  }),
  webhookAllowPrivate: Type.Boolean({
    default: false,
    description:
      'In verify mode, let webhook receivers be on loopback, private or link-local addresses and use http; emulator mode always does (COSELL_WEBHOOK_ALLOW_PRIVATE=1).',
  }),
  webhookAllowedHosts: Type.Array(Type.String({ minLength: 1 }), {
    default: [],
    description:
      'Comma-separated host names, addresses and CIDR ranges webhook receivers may use in verify mode whatever they resolve to, e.g. hooks.internal,10.1.0.0/16 (COSELL_WEBHOOK_ALLOWED_HOSTS).',
  }),
  webhookRetryBaseMs: Type.Integer({
    minimum: 1,
    maximum: 3_600_000,
    default: 2000,
    description:
      'Wait before the first retry of a failed webhook delivery; it doubles each retry, with jitter (COSELL_WEBHOOK_RETRY_BASE_MS).',
  }),
  webhookRetryMaxMs: Type.Integer({
    minimum: 1,
    maximum: 86_400_000,
    default: 600_000,
    description: 'Longest wait between two attempts of a webhook delivery (COSELL_WEBHOOK_RETRY_MAX_MS).',
  }),
  webhookMaxAttempts: Type.Integer({
    minimum: 1,
    maximum: 100,
    default: 12,
    description:
      'Attempts of a webhook delivery, the first included; then it is dead until redelivered (COSELL_WEBHOOK_MAX_ATTEMPTS).',
  }),
  webhookTimeoutMs: Type.Integer({
    minimum: 100,
    maximum: 120_000,
    default: 10_000,
    description: 'Time a receiver has to answer one webhook POST (COSELL_WEBHOOK_TIMEOUT_MS).',
  }),
  webhookConcurrency: Type.Integer({
    minimum: 1,
    maximum: 256,
    default: 8,
    description: 'Webhook POSTs under way at once (COSELL_WEBHOOK_CONCURRENCY).',
  }),
  webhookPause: Type.Enum(['none', 'dispatch', 'send'], {
    default: 'none',
    description:
      "Debugging: 'dispatch' leaves committed changes unread by webhook delivery, 'send' leaves queued deliveries unsent; a restart without it delivers them (COSELL_WEBHOOK_PAUSE).",
  }),
})

export type Config = Static<typeof ConfigSchema>

/** Environment variable of each setting. */
export const configEnv: Readonly<Record<keyof Config, string>> = {
  port: 'PORT',
  host: 'HOST',
  dataDir: 'COSELL_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  redisUrl: 'REDIS_URL',
  publicUrl: 'COSELL_PUBLIC_URL',
  createStatus: 'COSELL_CREATE_STATUS',
  requireContactConsent: 'COSELL_REQUIRE_CONTACT_CONSENT',
  requireMarketplaceIntent: 'COSELL_REQUIRE_MARKETPLACE_INTENT',
  auth: 'COSELL_AUTH',
  oidcIssuers: 'COSELL_OIDC_ISSUERS',
  audiences: 'COSELL_AUDIENCES',
  tls: 'COSELL_TLS',
  tlsCert: 'COSELL_TLS_CERT',
  tlsKey: 'COSELL_TLS_KEY',
  allowInsecure: 'COSELL_ALLOW_INSECURE',
  durability: 'COSELL_DURABILITY',
  queryTimeoutMs: 'COSELL_QUERY_TIMEOUT_MS',
  databasePool: 'COSELL_DATABASE_POOL',
  readWorkers: 'COSELL_READ_WORKERS',
  readQueue: 'COSELL_READ_QUEUE',
  adminToken: 'COSELL_ADMIN_TOKEN',
  fxRates: 'COSELL_FX_RATES',
  throttle: 'COSELL_THROTTLE',
  logLevel: 'COSELL_LOG_LEVEL',
  accessLog: 'COSELL_ACCESS_LOG',
  journalSize: 'COSELL_JOURNAL_SIZE',
  journalTenants: 'COSELL_JOURNAL_TENANTS',
  webhookAllowPrivate: 'COSELL_WEBHOOK_ALLOW_PRIVATE',
  webhookAllowedHosts: 'COSELL_WEBHOOK_ALLOWED_HOSTS',
  webhookRetryBaseMs: 'COSELL_WEBHOOK_RETRY_BASE_MS',
  webhookRetryMaxMs: 'COSELL_WEBHOOK_RETRY_MAX_MS',
  webhookMaxAttempts: 'COSELL_WEBHOOK_MAX_ATTEMPTS',
  webhookTimeoutMs: 'COSELL_WEBHOOK_TIMEOUT_MS',
  webhookConcurrency: 'COSELL_WEBHOOK_CONCURRENCY',
  webhookPause: 'COSELL_WEBHOOK_PAUSE',
}
