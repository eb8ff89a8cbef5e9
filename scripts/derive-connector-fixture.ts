// Derives test/fixtures/connector/partner-center-referrals.swagger.json from the Power Platform
// connector's apiDefinition.swagger.json (microsoft/PowerPlatformConnectors,
// certified-connectors/PartnerCenterReferrals/), keeping only what the fidelity tests read:
//   - every definition the kept operations reference, copied verbatim (properties, types, enums);
//   - GET /referrals with its 200 schema (the list envelope);
//   - the three PATCH operations (referral update, deal-registration create and update) with
//     their body parameter and 204 answer.
// Descriptions and everything else inside the kept nodes stay as Microsoft wrote them.
//
//   npx tsx scripts/derive-connector-fixture.ts <path to apiDefinition.swagger.json>
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { format } from 'prettier'

type Json = Record<string, unknown>
interface Operation {
  operationId: string
  summary?: string
  parameters?: { in: string }[]
  responses: Record<string, unknown>
}
interface Swagger {
  swagger: string
  info: Json
  host: string
  basePath: string
  paths: Record<string, Record<string, Operation>>
  definitions: Record<string, Json>
}

/** The operations kept, by path and method, with the answer each keeps. */
const kept: { path: string; method: string; status: string }[] = [
  { path: '/referrals', method: 'get', status: '200' },
  { path: '/referrals/{id}', method: 'patch', status: '204' },
  { path: '/referrals/{id}/', method: 'patch', status: '204' },
  { path: '/referrals/{id}//', method: 'patch', status: '204' },
]

const fixtureFile = new URL(
  '../test/fixtures/connector/partner-center-referrals.swagger.json',
  import.meta.url,
)

function operation(swagger: Swagger, path: string, method: string, status: string): Operation {
  const found = swagger.paths[path]?.[method]
  const answer = found?.responses[status]
  if (!found || !answer)
    throw new Error(`${method.toUpperCase()} ${path} with a ${status} answer is not in the swagger`)
  return {
    operationId: found.operationId,
    ...(found.summary ? { summary: found.summary } : {}),
    ...(method === 'get' ? {} : { parameters: (found.parameters ?? []).filter((p) => p.in === 'body') }),
    responses: { [status]: answer },
  }
}

/** Every `#/definitions/…` name referenced anywhere inside `node`. */
function referencedDefinitions(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(referencedDefinitions)
  if (typeof node !== 'object' || node === null) return []
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string'
      ? [value.replace('#/definitions/', '')]
      : referencedDefinitions(value),
  )
}

export function deriveFixture(swagger: Swagger): Json {
  const paths: Record<string, Record<string, Operation>> = {}
  for (const { path, method, status } of kept)
    paths[path] = { ...paths[path], [method]: operation(swagger, path, method, status) }
  const names = new Set<string>()
  let pending = referencedDefinitions(paths)
  while (pending.length > 0) {
    const fresh = pending.filter((name) => !names.has(name))
    fresh.forEach((name) => names.add(name))
    pending = fresh.flatMap((name) => referencedDefinitions(swagger.definitions[name]))
  }
  const definitions = Object.fromEntries(
    [...names].sort().map((name) => {
      const found = swagger.definitions[name]
      if (!found) throw new Error(`#/definitions/${name} is referenced but not defined`)
      return [name, found]
    }),
  )
  const { swagger: version, info, host, basePath } = swagger
  return { swagger: version, info, host, basePath, paths, definitions }
}

async function main(): Promise<void> {
  const source = process.argv[2]
  if (!source) {
    console.error('usage: tsx scripts/derive-connector-fixture.ts <path to apiDefinition.swagger.json>')
    process.exit(2)
  }
  const swagger = JSON.parse(readFileSync(source, 'utf8')) as Swagger
  const target = fileURLToPath(fixtureFile)
  const text = await format(JSON.stringify(deriveFixture(swagger)), { parser: 'json', filepath: target })
  writeFileSync(target, text)
  console.log(`wrote ${target}`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main()
