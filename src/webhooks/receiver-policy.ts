// Which receivers cosell may POST to (server-side request forgery). In emulator mode every URL is
// allowed: the receiver is usually on the developer's machine. In verify mode, addresses of this
// host and its networks (loopback, private, link-local, carrier-grade NAT, multicast, reserved) are
// refused unless COSELL_WEBHOOK_ALLOW_PRIVATE or COSELL_WEBHOOK_ALLOWED_HOSTS lets them in, and a
// receiver that is not allowed that way must use https. The check runs at registration on what the
// URL says, and again at send time on the addresses DNS answered (a name that resolves to 10.x is
// refused too), through the `lookup` the request connects with.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns'
import { BlockList, isIP, type LookupFunction } from 'node:net'
import type { Problem } from '../domain/errors.js'
import type { ReceiverPolicy } from '../service/webhooks/webhook-deps.js'

export interface ReceiverRules {
  readonly auth: 'emulator' | 'verify'
  readonly allowPrivate: boolean
  /** Host names, addresses and CIDR ranges allowed whatever they resolve to. */
  readonly allowedHosts: readonly string[]
}

const v4Ranges = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/4',
  '240.0.0.0/4',
]
// IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are checked against the IPv4 ranges by BlockList itself
const v6Ranges = ['::/127', '64:ff9b::/96', 'fc00::/7', 'fe80::/10', 'ff00::/8']

function ranges(entries: readonly string[]): BlockList {
  const list = new BlockList()
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/')
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4'
    if (prefix === undefined) list.addAddress(address, type)
    else list.addSubnet(address, Number(prefix), type)
  }
  return list
}

export class ReceiverAddressRefused extends Error {
  readonly code = 'ERR_COSELL_RECEIVER_ADDRESS'
}

export class Receivers implements ReceiverPolicy {
  private readonly internal = ranges([...v4Ranges, ...v6Ranges])
  private readonly allowedNames: Set<string>
  private readonly allowedAddresses: BlockList

  constructor(private readonly rules: ReceiverRules) {
    const entries = rules.allowedHosts.map((h) =>
      h
        .trim()
        .toLowerCase()
        .replace(/^\[|\]$/g, ''),
    )
    const isAddress = (e: string) => isIP(e.split('/')[0] ?? '') !== 0
    this.allowedNames = new Set(entries.filter((e) => !isAddress(e)))
    this.allowedAddresses = ranges(entries.filter(isAddress))
  }

  private get open(): boolean {
    return this.rules.auth === 'emulator' || this.rules.allowPrivate
  }

  problems(url: URL): Problem[] {
    const host = hostOf(url)
    if (this.open || this.allowedNames.has(host) || this.addressAllowed(host)) return []
    const problems: Problem[] = []
    if (url.protocol !== 'https:')
      problems.push({
        target: 'WebhookUrl',
        rule: 'scheme',
        message: 'WebhookUrl must use https when the server runs with COSELL_AUTH=verify.',
        allowedValues: ['https'],
      })
    if (this.refusedAddress(host) || host === 'localhost' || host.endsWith('.localhost'))
      problems.push({
        target: 'WebhookUrl',
        rule: 'privateAddress',
        message: `WebhookUrl names ${host}, an address of this host or a private network, which COSELL_AUTH=verify refuses; allow it with COSELL_WEBHOOK_ALLOW_PRIVATE=1 or COSELL_WEBHOOK_ALLOWED_HOSTS.`,
      })
    return problems
  }

  /** Why a request to `url` may not be sent now, or undefined (the send-time check of the URL itself). */
  refusal(url: URL): string | undefined {
    const problems = this.problems(url)
    return problems.length === 0 ? undefined : problems.map((p) => p.message).join(' ')
  }

  /** A `lookup` for http.request that refuses names resolving to addresses `problems` would refuse. */
  lookupFor(url: URL): LookupFunction | undefined {
    const host = hostOf(url)
    if (this.open || this.allowedNames.has(host) || isIP(host) !== 0) return undefined // an address is checked by refusal()
    return (hostname, options, callback) => {
      dnsLookup(
        hostname,
        { ...options, all: true } as LookupAllOptions,
        (error, addresses: LookupAddress[]) => {
          if (error) return callback(error, '', 0)
          const refused = addresses.find((a) => this.refusedAddress(a.address))
          if (refused) {
            const message = `${hostname} resolves to ${refused.address}, an address of this host or a private network, which COSELL_AUTH=verify refuses.`
            return callback(new ReceiverAddressRefused(message), '', 0)
          }
          if ((options as { all?: boolean }).all)
            return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses)
          const first = addresses[0]!
          callback(null, first.address, first.family)
        },
      )
    }
  }

  private refusedAddress(address: string): boolean {
    const family = isIP(address)
    if (family === 0) return false
    const type = family === 6 ? 'ipv6' : 'ipv4'
    return this.internal.check(address, type) && !this.allowedAddresses.check(address, type)
  }

  private addressAllowed(host: string): boolean {
    const family = isIP(host)
    return family !== 0 && this.allowedAddresses.check(host, family === 6 ? 'ipv6' : 'ipv4')
  }
}

function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[|\]$/g, '')
}
