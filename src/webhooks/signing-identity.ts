// The key cosell signs webhook bodies with, and the self-signed certificate receivers verify them
// against (served at /webhooks/v1/certificate and /_cosell/webhooks/certificate.cer). Made once per
// data directory and kept in `settings`, so a receiver can pin it; a reset keeps it. Servers sharing
// a database that start together keep the first one saved, so every server serves the certificate
// the leader signs with. The RSA key is generated through WebCrypto (selfsigned), off the event loop.
import { createPrivateKey, createSign, X509Certificate, type KeyObject } from 'node:crypto'
import type { ReferralStore } from '../store/referral-store.js'

export interface SigningIdentity {
  readonly privateKey: KeyObject
  /** PEM, as served. */
  readonly certificate: string
  /** The certificate's SHA-256 fingerprint, for pinning. */
  readonly fingerprint: string
}

type Settings = Pick<ReferralStore, 'setting' | 'saveSettingOnce'>

const settingKey = 'webhook-signing'
const validYears = 10

interface Saved {
  readonly key: string
  readonly cert: string
}

const loaded = new WeakMap<Settings, Promise<SigningIdentity>>()

/** The store's identity, made on first use; one promise per store, so two callers never make two. */
export function signingIdentity(store: Settings): Promise<SigningIdentity> {
  let identity = loaded.get(store)
  if (!identity) {
    identity = loadOrMake(store)
    identity.catch(() => loaded.delete(store)) // a failed attempt is tried again by the next caller
    loaded.set(store, identity)
  }
  return identity
}

/** The RSA-SHA256 signature of `body`, base64: what `Authorization: Signature …` or `x-ms-signature` carries. */
export function signBody(identity: SigningIdentity, body: string): string {
  return createSign('RSA-SHA256').update(body, 'utf8').sign(identity.privateKey, 'base64')
}

async function loadOrMake(store: Settings): Promise<SigningIdentity> {
  const saved = (await store.setting(settingKey)) as Partial<Saved> | undefined
  if (typeof saved?.key === 'string' && typeof saved.cert === 'string') return identityOf(saved as Saved)
  return identityOf((await store.saveSettingOnce(settingKey, await make())) as Saved)
}

function identityOf(saved: Saved): SigningIdentity {
  return {
    privateKey: createPrivateKey(saved.key),
    certificate: saved.cert,
    fingerprint: new X509Certificate(saved.cert).fingerprint256,
  }
}

async function make(): Promise<Saved> {
  const notBeforeDate = new Date()
  const notAfterDate = new Date(notBeforeDate.getTime() + validYears * 365 * 24 * 3600 * 1000)
  const { generate } = await import('selfsigned') // loaded only when first needed, as tls-certificate.ts does
  const pems = await generate(
    [
      { name: 'commonName', value: 'cosell webhook signing' },
      { name: 'organizationName', value: 'cosell' },
    ],
    {
      keyType: 'rsa',
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate,
      extensions: [{ name: 'keyUsage', digitalSignature: true, critical: true }],
    },
  )
  return { key: pems.private, cert: pems.cert }
}
