// An unsigned token the emulator mode reads (the documented sign-in; decision: emulator mode trusts
// the claims). For a verify-mode server, obtain a real token instead (the token endpoints, or
// `cosell token`).

/** The partner tenant and user the CLI and the dashboard act as unless told otherwise. */
export const demoTenant = '11111111-1111-4111-8111-111111111111'
export const demoUser = 'john@partner.example'

function base64url(value: object): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value))
  let text = ''
  for (const byte of bytes) text += String.fromCharCode(byte)
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function emulatorToken(claims: { tid: string; upn: string; name?: string; roles?: string[] }): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ aud: 'https://api.partner.microsoft.com', ...claims })}.`
}
