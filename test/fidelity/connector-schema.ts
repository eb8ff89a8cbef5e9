// The Referral schema of Microsoft's Power Platform connector, the only machine-readable contract
// clients are generated from, as an ajv validator. It reads the project's own extract of the
// connector definition (test/fixtures/connector/, where its README names source and licence).
//
// Swagger 2.0 has no `nullable`, yet real Microsoft responses write nulls out instead of omitting
// the property (observed payloads carry `"statusReason": null`, `"referralSource": null`, …), and
// Power Platform clients read such responses fine. Validating them against the raw swagger would
// reject every faithful response, so the schema is converted:
// wherever a property is typed, `null` is accepted too (and added to its enum, if it has one).
// Nothing else is relaxed: a string where the connector says number or an object where it says
// array still fails.
import { readFileSync } from 'node:fs'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'

const swaggerFile = new URL('../fixtures/connector/partner-center-referrals.swagger.json', import.meta.url)
export const referralDefinitionName = 'Microsoft.Partner.Service.PartnerReferrals.Contracts.V3.Referral'

type SchemaNode = Record<string, unknown>

function isSchema(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The same schema with `null` accepted wherever a type is declared (see the header comment). */
export function acceptingNulls(schema: SchemaNode): SchemaNode {
  const out: SchemaNode = { ...schema }
  if (typeof schema.type === 'string') out.type = [schema.type, 'null']
  if (Array.isArray(schema.enum)) out.enum = [...(schema.enum as unknown[]), null]
  if (isSchema(schema.items)) out.items = acceptingNulls(schema.items)
  if (isSchema(schema.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, property]) => [
        name,
        isSchema(property) ? acceptingNulls(property) : property,
      ]),
    )
  }
  return out
}

interface Swagger {
  definitions: Record<string, SchemaNode>
  paths: Record<string, Record<string, { responses: Record<string, { schema?: SchemaNode }> }>>
}

const swagger = JSON.parse(readFileSync(swaggerFile, 'utf8')) as Swagger

function definition(name: string): SchemaNode {
  const found = swagger.definitions[name]
  if (!found) throw new Error(`${name} is missing from ${swaggerFile.pathname}`)
  return found
}

export function connectorReferralSchema(): SchemaNode {
  return acceptingNulls(definition(referralDefinitionName))
}

/**
 * The connector's 200 schema of GET /referrals (the list envelope), with its `$ref` to the
 * Referral definition resolved inside the same document.
 */
export function connectorListSchema(): SchemaNode {
  const list = swagger.paths['/referrals']?.get?.responses['200']?.schema
  if (!list) throw new Error(`GET /referrals has no 200 schema in ${swaggerFile.pathname}`)
  return {
    ...acceptingNulls(list),
    definitions: { [referralDefinitionName]: connectorReferralSchema() },
  }
}

/** The JSON Patch paths the connector offers (its UpdateReferralDetails `path` enum, the documented PATCH). */
export function connectorPatchPaths(): string[] {
  const items = definition('Microsoft.Partner.Service.PartnerReferrals.Contracts.V3.UpdateReferralDetails')
    .items as {
    properties: { path: { enum: string[] } }
  }
  return items.properties.path.enum
}

/** The JSON Patch paths of the connector's UpdateDealRegistration body (PatchDealRegistrationByReferralId). */
export function connectorRegistrationPaths(): string[] {
  const items = definition('Microsoft.Partner.Service.PartnerReferrals.Contracts.V3.UpdateDealRegistration')
    .items as { properties: { path: { enum: string[] } } }
  return items.properties.path.enum
}

// strict: false because the swagger carries keywords JSON Schema does not know (x-typeName,
// readOnly on properties) and `items` on an object (additionalRequirements); `float` and `int32`
// are OpenAPI formats with nothing to check beyond the type.
const ajv = new Ajv({ strict: false, allErrors: true, formats: { float: true, int32: true } })
const validateReferral = ajv.compile(connectorReferralSchema())
const validateList = ajv.compile(connectorListSchema())
const validateDealRegistration = ajv.compile(
  definition('Microsoft.Partner.Service.PartnerReferrals.Contracts.V3.DealRegistration'),
)

/** Every way `body` breaks the connector's Referral schema; empty when it conforms. */
export function connectorSchemaErrors(body: unknown): string[] {
  return errorsOf(validateReferral, body)
}

/** Every way `body` breaks the connector's schema of a GET /referrals answer. */
export function connectorListSchemaErrors(body: unknown): string[] {
  return errorsOf(validateList, body)
}

/** Every way a PATCH body breaks the connector's CreateDealRegistrationByReferralId body (CreateDealRegistrationByReferralId). */
export function connectorDealRegistrationErrors(body: unknown): string[] {
  return errorsOf(validateDealRegistration, body)
}

function errorsOf(validate: ValidateFunction, body: unknown): string[] {
  if (validate(body)) return []
  return (validate.errors ?? []).map(describe)
}

function describe(e: ErrorObject): string {
  return `${e.instancePath || '(root)'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`
}
