// MSAL accepts only https:// authorities (authority_uri_insecure). For a cosell on plain http,
// this network client (MSAL's `system.networkClient`) sends MSAL's https:// requests over http
// and shows cosell's http:// URLs to MSAL as https://, so the issuer matches the authority.
// docs/auth.md prints the same code for applications.
import type { INetworkModule, NetworkResponse } from '@azure/msal-node'

export function plainHttpNetworkClient(origin: string): INetworkModule {
  const secure = origin.replace(/^http:/, 'https:')
  const send = async <T>(url: string, init: RequestInit): Promise<NetworkResponse<T>> => {
    const response = await fetch(url.replace(secure, origin), init)
    const text = (await response.text()).replaceAll(origin, secure)
    const headers: Record<string, string> = {}
    response.headers.forEach((value, name) => (headers[name] = value))
    return { status: response.status, headers, body: JSON.parse(text) as T }
  }
  return {
    sendGetRequestAsync: (url, options) => send(url, { headers: options?.headers ?? {} }),
    sendPostRequestAsync: (url, options) =>
      send(url, { method: 'POST', headers: options?.headers ?? {}, body: options?.body ?? '' }),
  }
}
