// A secret in the sync configuration: written in place, or (better) named by the environment
// variable that holds it, so the file can be committed.
import Type, { type Static } from 'typebox'

export const SecretSchema = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Object({ env: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
])

export type Secret = Static<typeof SecretSchema>

export class MissingSecretError extends Error {}

export function readSecret(
  secret: Secret,
  env: Readonly<Record<string, string | undefined>>,
  where: string,
): string {
  if (typeof secret === 'string') return secret
  const value = env[secret.env]
  if (value === undefined || value === '') {
    throw new MissingSecretError(`${where}: the environment variable ${secret.env} is not set`)
  }
  return value
}
