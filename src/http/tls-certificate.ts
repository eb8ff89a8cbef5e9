// The certificate `cosell serve --tls` serves HTTPS with: the user's (COSELL_TLS_CERT/_KEY), or one
// made once per data directory and kept beside the signing key (`tls-cert.pem`, and `tls-key.pem`
// with mode 0600), so a client trusts it once (NODE_EXTRA_CA_CERTS) and keeps trusting it. It is
// made again only when it no longer names the configured host or is about to expire.
import { X509Certificate } from 'node:crypto'
import { isIP } from 'node:net'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export interface TlsCertificate {
  readonly cert: string
  readonly key: string
  /** The certificate file, for NODE_EXTRA_CA_CERTS. */
  readonly certFile: string
  /** Whether cosell made it (then it prints how to trust it), and whether just now. */
  readonly origin: 'supplied' | 'kept' | 'made'
}

export interface TlsSettings {
  readonly dataDir: string
  readonly host: string
  readonly publicUrl: string | null
  readonly tlsCert: string | null
  readonly tlsKey: string | null
}

const validDays = 397 // within the 398 days Apple's platforms allow a TLS server certificate
const renewWithinMs = 30 * 24 * 3600 * 1000

export class TlsSettingError extends Error {}

export async function loadTlsCertificate(settings: TlsSettings): Promise<TlsCertificate> {
  if (settings.tlsCert !== null || settings.tlsKey !== null) return supplied(settings)
  const dir = settings.dataDir === ':memory:' ? join(tmpdir(), 'cosell-tls') : resolve(settings.dataDir)
  const certFile = join(dir, 'tls-cert.pem')
  const keyFile = join(dir, 'tls-key.pem')
  const names = certificateNames(settings)
  const kept = await readPair(certFile, keyFile)
  if (kept && covers(kept.cert, names)) return { ...kept, certFile, origin: 'kept' }
  const made = await makeCertificate(names)
  await mkdir(dir, { recursive: true })
  await writeFile(keyFile, made.key, { mode: 0o600 })
  await writeFile(certFile, made.cert, { mode: 0o644 })
  return { ...made, certFile, origin: 'made' }
}

/** The names a client may call cosell by: loopback, the listening host and the public URL's host. */
export function certificateNames({ host, publicUrl }: Pick<TlsSettings, 'host' | 'publicUrl'>): string[] {
  const names = ['localhost', '127.0.0.1', '::1']
  const wildcard = ['0.0.0.0', '::', '']
  for (const name of [host, publicUrl === null ? '' : new URL(publicUrl).hostname.replace(/^\[|\]$/g, '')])
    if (!wildcard.includes(name) && !names.includes(name.toLowerCase())) names.push(name.toLowerCase())
  return names
}

/** How to make clients trust a certificate cosell made. */
export function trustInstructions(certFile: string): string {
  return [
    `cosell: HTTPS with the self-signed certificate ${certFile}. To trust it:`,
    `  Node.js (MSAL for Node, cosell's SDK): NODE_EXTRA_CA_CERTS=${certFile} node app.js`,
    `  Debian/Ubuntu: sudo cp ${certFile} /usr/local/share/ca-certificates/cosell.crt && sudo update-ca-certificates`,
    `  macOS: sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${certFile}`,
    `  Windows: certutil -addstore -f Root ${certFile}`,
  ].join('\n')
}

async function supplied({ tlsCert, tlsKey }: TlsSettings): Promise<TlsCertificate> {
  if (tlsCert === null || tlsKey === null)
    throw new TlsSettingError('cosell: COSELL_TLS_CERT and COSELL_TLS_KEY go together: set both or neither.')
  const pair = await readPair(tlsCert, tlsKey)
  if (!pair) throw new TlsSettingError(`cosell: cannot read the certificate ${tlsCert} or its key ${tlsKey}.`)
  return { ...pair, certFile: resolve(tlsCert), origin: 'supplied' }
}

async function readPair(
  certFile: string,
  keyFile: string,
): Promise<{ cert: string; key: string } | undefined> {
  try {
    return { cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new TlsSettingError(`cosell: cannot read ${certFile}: ${(error as Error).message}`)
  }
}

function covers(pem: string, names: readonly string[]): boolean {
  try {
    const cert = new X509Certificate(pem)
    if (new Date(cert.validTo).getTime() - Date.now() < renewWithinMs) return false
    return names.every((name) => (isIP(name) ? cert.checkIP(name) : cert.checkHost(name)) !== undefined)
  } catch {
    return false // not a certificate: make a good one
  }
}

async function makeCertificate(names: readonly string[]): Promise<{ cert: string; key: string }> {
  const notBeforeDate = new Date()
  const notAfterDate = new Date(notBeforeDate.getTime() + validDays * 24 * 3600 * 1000)
  // loaded only here: selfsigned and its X.509 libraries cost a server without TLS ~20 MB of heap
  const { generate } = await import('selfsigned')
  const pems = await generate([{ name: 'commonName', value: 'cosell localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      // a certificate authority of its own, so trust stores take it as a root
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: names.map((name) => (isIP(name) ? { type: 7, ip: name } : { type: 2, value: name })),
      },
    ],
  })
  return { cert: pems.cert, key: pems.private }
}
