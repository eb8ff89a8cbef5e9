// Redis for tests: the machine's server on 127.0.0.1:6379, or the reason there is none, for the
// test to skip with. Each test names a key prefix of its own and removes its keys afterwards.
import { randomUUID } from 'node:crypto'
import { createClient } from '@redis/client'

export const testRedisUrl = 'redis://127.0.0.1:6379'

/** Why Redis tests cannot run here, or undefined when they can. */
export async function redisUnavailable(): Promise<string | undefined> {
  const client = createClient({
    url: testRedisUrl,
    socket: { connectTimeout: 1000, reconnectStrategy: false },
  })
  client.on('error', () => undefined)
  try {
    await client.connect()
    await client.ping()
    return undefined
  } catch (error) {
    return `Redis is not reachable on 127.0.0.1:6379 (${(error as Error).message})`
  } finally {
    client.destroy()
  }
}

/** A key prefix no other test (or test run) uses. */
export function uniqueKeyPrefix(): string {
  return `cosell-test:${randomUUID()}:`
}

/** Deletes every key under the prefix; answers how many there were. */
export async function deleteKeys(prefix: string): Promise<number> {
  const client = createClient({ url: testRedisUrl })
  await client.connect()
  try {
    const keys = await client.keys(`${prefix}*`) // a prefix of a few keys: KEYS is fine here
    if (keys.length > 0) await client.del(keys)
    return keys.length
  } finally {
    client.destroy()
  }
}

/** Milliseconds until the key expires (-1: no expiry, -2: no key). */
export async function keyTtlMs(key: string): Promise<number> {
  const client = createClient({ url: testRedisUrl })
  await client.connect()
  try {
    return await client.pTTL(key)
  } finally {
    client.destroy()
  }
}
