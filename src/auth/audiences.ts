// The audiences cosell issues tokens for and the API accepts. A client may derive the audience from
// the URL it calls, so besides Partner Center's names cosell's own base URL counts, in its http and
// https forms, with or without a default port or a trailing slash. Entra puts the resource as asked
// in `aud`; here an audience matches whatever spelling of it a client chose.
import { partnerCenterAppIds, partnerCenterResource } from './partner-center.js'

/** Partner Center's API host, and the host Partner Center's webhooks name in their ResourceUri. */
export const partnerCenterHosts = [partnerCenterResource, 'https://api.partnercenter.microsoft.com'] as const

export const defaultAudiences: readonly string[] = [...partnerCenterHosts, ...partnerCenterAppIds]

export interface Audiences {
  /** Whether a token for `audience` is issued and accepted; `ownBase` is cosell's base URL. */
  accepts(audience: string, ownBase: string): boolean
  /** The accepted audiences, for error messages. */
  list(ownBase: string): readonly string[]
}

/** The configured audiences (COSELL_AUDIENCES), exactly; by default Partner Center's and cosell's own URL. */
export function audiencesOf(configured: readonly string[] | null = null): Audiences {
  const fixed = new Set((configured ?? defaultAudiences).map(canonicalAudience))
  const withOwn = configured === null
  return {
    accepts: (audience, ownBase) => {
      const wanted = canonicalAudience(audience)
      return fixed.has(wanted) || (withOwn && ownForms(ownBase).includes(wanted))
    },
    list: (ownBase) => [...(configured ?? defaultAudiences), ...(withOwn ? [ownBase] : [])],
  }
}

/** One spelling per audience: lower case, URLs without a default port or trailing slashes. */
export function canonicalAudience(audience: string): string {
  const value = audience.trim().toLowerCase()
  if (!/^https?:\/\//.test(value)) return value.replace(/\/+$/, '')
  try {
    const url = new URL(value)
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`
  } catch {
    return value
  }
}

/** The names of this machine's loopback interface: one server, however a client on it calls it. */
const loopbackNames = ['localhost', '127.0.0.1', '[::1]']

/**
 * `http://localhost:8080` → both schemes on port 8080, under each loopback name (a token asked for
 * via localhost is good via 127.0.0.1); a URL without a port → both default ports too.
 */
function ownForms(ownBase: string): string[] {
  let url: URL
  try {
    url = new URL(ownBase)
  } catch {
    return []
  }
  const path = url.pathname.replace(/\/+$/, '')
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  const hosts = loopbackNames.includes(url.hostname) ? loopbackNames : [url.hostname]
  return hosts
    .flatMap((host) => {
      const forms = [`http://${host}:${port}${path}`, `https://${host}:${port}${path}`]
      if (url.port === '') forms.push(`http://${host}${path}`, `https://${host}${path}`)
      return forms
    })
    .map(canonicalAudience)
}
