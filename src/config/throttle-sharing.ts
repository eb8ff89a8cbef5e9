// Several servers on one PostgreSQL database each keep their own throttle buckets unless Redis
// keeps them for all: then a tenant gets its budget once per server. Said at start, not refused:
// a single server on PostgreSQL is fine without Redis.
import type { Config } from './schema.js'

export function throttleSharingWarning(
  config: Pick<Config, 'databaseUrl' | 'redisUrl' | 'throttle'>,
): string | undefined {
  if (config.databaseUrl === null || config.redisUrl !== null || config.throttle.profile === 'off')
    return undefined
  return 'throttling budgets are per server process: with N servers a tenant gets N times its budget; set REDIS_URL'
}
