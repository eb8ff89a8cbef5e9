// cosell's own RS256 signing key. It lives beside the data (`<dataDir>/signing-key.json`, mode
// 0600, in a directory created 0700) so tokens survive restarts and `cosell token` signs with the key the server checks; an
// in-memory store gets a key that lives as long as the process.
import { randomUUID } from 'node:crypto'
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose'

export const signingAlgorithm = 'RS256'

export interface SigningKey {
  readonly kid: string
  readonly privateKey: CryptoKey
  readonly publicKey: CryptoKey
  /** The public half as published in the JWKS. */
  readonly publicJwk: JWK
}

export async function generateSigningKey(): Promise<SigningKey> {
  return fromPrivateJwk(await generatePrivateJwk())
}

/**
 * The key several servers on one database share, kept as a setting: the first server to start
 * makes it, and every other (and every restart) reads that one, so a token one server issued is
 * good on all of them.
 */
export async function sharedSigningKey(settings: {
  saveSettingOnce(key: string, value: unknown): Promise<unknown>
}): Promise<SigningKey> {
  return fromPrivateJwk((await settings.saveSettingOnce('signing-key', await generatePrivateJwk())) as JWK)
}

/** The key of a data directory, created on first use; a fresh one for ':memory:'. */
export async function loadSigningKey(dataDir: string): Promise<SigningKey> {
  if (dataDir === ':memory:') return generateSigningKey()
  const file = signingKeyFile(dataDir)
  const existing = await readKeyFile(file)
  if (existing) return fromPrivateJwk(existing)
  const jwk = await generatePrivateJwk()
  await mkdir(resolve(dataDir), { recursive: true, mode: 0o700 }) // created directories: the owner's alone
  // written whole under a temporary name, then linked into place: link() fails when the file
  // exists, so of two processes starting together the first wins and the other reads its key
  const temporary = `${file}.${randomUUID()}.tmp`
  await writeFile(temporary, JSON.stringify(jwk, null, 2) + '\n', { mode: 0o600 })
  try {
    await link(temporary, file)
    return await fromPrivateJwk(jwk)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return fromPrivateJwk((await readKeyFile(file))!)
  } finally {
    await unlink(temporary)
  }
}

export function signingKeyFile(dataDir: string): string {
  return join(resolve(dataDir), 'signing-key.json')
}

async function generatePrivateJwk(): Promise<JWK> {
  const pair = await generateKeyPair(signingAlgorithm, { extractable: true })
  return exportJWK(pair.privateKey)
}

async function readKeyFile(file: string): Promise<JWK | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as JWK
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return undefined
    if (code !== undefined) throw error // the file system's own error names the path and the cause
    throw new Error(
      `cosell: the signing key ${file} is not valid JSON (${(error as Error).message}): restore it, or delete it to make a new one (tokens signed with the old key stop working).`,
    )
  }
}

async function fromPrivateJwk(jwk: JWK): Promise<SigningKey> {
  const { kty, n, e } = jwk
  const publicPart = { kty, n, e }
  const kid = await calculateJwkThumbprint(publicPart)
  return {
    kid,
    privateKey: (await importJWK(jwk, signingAlgorithm)) as CryptoKey,
    publicKey: (await importJWK(publicPart, signingAlgorithm)) as CryptoKey,
    publicJwk: { ...publicPart, kid, use: 'sig', alg: signingAlgorithm },
  }
}
