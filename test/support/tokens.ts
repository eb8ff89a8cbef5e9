// Unsigned JWTs as the emulator mode accepts them: only the claims matter.

export const tenantA = '11111111-1111-4111-8111-111111111111'
export const tenantB = '22222222-2222-4222-8222-222222222222'

export function token(claims: Record<string, unknown> = {}): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ tid: tenantA, upn: 'john@partner.example', ...claims })}.`
}

export function authHeader(tid = tenantA, claims: Record<string, unknown> = {}): { authorization: string } {
  return { authorization: `Bearer ${token({ tid, ...claims })}` }
}
