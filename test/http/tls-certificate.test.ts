// The certificate of `cosell serve --tls` (tls-certificate.ts): names every loopback form and the
// configured host, is made again only when it stops naming them, and a supplied pair wins.
import assert from 'node:assert/strict'
import { X509Certificate } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { loadTlsCertificate, TlsSettingError } from '../../src/http/tls-certificate.js'

let dataDir: string
before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cosell-cert-'))
})
after(() => rm(dataDir, { recursive: true, force: true }))

const settings = { host: '127.0.0.1', publicUrl: null, tlsCert: null, tlsKey: null }

test('the generated certificate names localhost, 127.0.0.1, ::1 and the public URL host, signed SHA-256', async () => {
  const tls = await loadTlsCertificate({ ...settings, dataDir, publicUrl: 'https://cosell.test:8443' })
  const cert = new X509Certificate(tls.cert)
  assert.equal(
    cert.subjectAltName,
    'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:cosell.test',
  )
  assert.equal(cert.checkPrivateKey((await import('node:crypto')).createPrivateKey(tls.key)), true)
  assert.equal(tls.certFile, join(dataDir, 'tls-cert.pem'))
})

test('a listening host the kept certificate does not name makes a new one; a wildcard host adds nothing', async () => {
  assert.equal((await loadTlsCertificate({ ...settings, dataDir, host: '0.0.0.0' })).origin, 'kept')
  const renewed = await loadTlsCertificate({ ...settings, dataDir, host: 'devbox.lan' })
  assert.equal(renewed.origin, 'made')
  assert.ok(new X509Certificate(renewed.cert).checkHost('devbox.lan'))
})

test('a supplied certificate and key are served as they are; one without the other is refused', async () => {
  const certFile = join(dataDir, 'mine.pem')
  const keyFile = join(dataDir, 'mine.key')
  await writeFile(certFile, 'CERT')
  await writeFile(keyFile, 'KEY')
  const supplied = await loadTlsCertificate({ ...settings, dataDir, tlsCert: certFile, tlsKey: keyFile })
  assert.deepEqual(supplied, { cert: 'CERT', key: 'KEY', certFile, origin: 'supplied' })
  await assert.rejects(loadTlsCertificate({ ...settings, dataDir, tlsCert: certFile }), TlsSettingError)
  await assert.rejects(
    loadTlsCertificate({ ...settings, dataDir, tlsCert: join(dataDir, 'none.pem'), tlsKey: keyFile }),
    /cannot read the certificate/,
  )
})
