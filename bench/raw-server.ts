// The baseline: a bare node:http server, run as a child process like cosell, that answers
// GET <prefix>/referrals/<id> with the very bytes cosell sent for that id (read once from the file
// named by argv[2]: one `id<TAB>eTag<TAB>json` line per referral). No routing framework, no
// authentication, no database, no serialisation: the ceiling for this machine and this payload.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'

type Entry = { readonly etag: string; readonly json: string }

const entries = new Map<string, Entry>()
for (const line of readFileSync(process.argv[2]!, 'utf8').split('\n')) {
  const [id, etag, json] = line.split('\t')
  if (id && etag && json) entries.set(id, { etag, json })
}

const notFound = JSON.stringify({ error: { code: 'notFound', message: 'No such referral.' } })

const server = createServer((request, response) => {
  const url = request.url ?? '/'
  const entry = entries.get(url.slice(url.lastIndexOf('/') + 1).toLowerCase())
  const json = entry?.json ?? notFound
  response.writeHead(entry ? 200 : 404, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    ...(entry ? { etag: entry.etag } : {}),
  })
  response.end(json)
})

server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address && typeof address === 'object')
    console.log(`raw: listening on http://127.0.0.1:${address.port}`)
})
process.once('SIGTERM', () => server.close(() => process.exit(0)))
