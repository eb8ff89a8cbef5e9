// cosell's issuer URLs, in Entra's two forms: v2 `<base>/<tid>/v2.0` (like
// https://login.microsoftonline.com/<tid>/v2.0) and v1 `<base>/<tid>/` (like
// https://sts.windows.net/<tid>/). `<base>` is the public URL or the host a client called.

export type TokenVersion = '1.0' | '2.0'

export function issuerUrl(base: string, tenant: string, version: TokenVersion): string {
  return version === '2.0' ? `${base}/${tenant}/v2.0` : `${base}/${tenant}/`
}

/** Whether `iss` has the shape of a cosell issuer for tenant `tid`, whatever host it was issued on. */
export function isCosellIssuerOf(iss: string, tid: string): boolean {
  try {
    const url = new URL(iss)
    const path = url.pathname.toLowerCase()
    const tenant = tid.toLowerCase()
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      (path.endsWith(`/${tenant}/v2.0`) || path.endsWith(`/${tenant}/`))
    )
  } catch {
    return false
  }
}
