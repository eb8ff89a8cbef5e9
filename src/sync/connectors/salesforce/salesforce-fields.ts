// The Salesforce fields a connector reads: the object's own (`Name`, `Amount`, custom `…__c`) and
// the primary contact's, written `PrimaryContact.FirstName`, which live on the Contact that the
// opportunity's primary OpportunityContactRole points to.
import { CrmRefusedError, type CrmFields, type CrmValue } from '../connector.js'

export const primaryContactPrefix = 'PrimaryContact.'

const apiName = /^[A-Za-z][A-Za-z0-9_]*$/

export const salesforceFieldPattern = `^(${primaryContactPrefix.replace('.', '\\.')})?[A-Za-z][A-Za-z0-9_]*$`

export interface SalesforceFieldSplit {
  /** The object's own fields. */
  readonly own: string[]
  /** Contact field names (`FirstName`) of the `PrimaryContact.` fields. */
  readonly contact: string[]
}

export function splitFields(fields: readonly string[]): SalesforceFieldSplit {
  const own = fields.filter((f) => !f.startsWith(primaryContactPrefix))
  const contact = fields
    .filter((f) => f.startsWith(primaryContactPrefix))
    .map((f) => f.slice(primaryContactPrefix.length))
  return { own, contact }
}

/** A write's values split the same way: the object's fields, and the primary contact's by Contact field name. */
export function splitValues(fields: CrmFields): {
  own: Record<string, CrmValue>
  contact: Record<string, CrmValue>
} {
  const own: Record<string, CrmValue> = {}
  const contact: Record<string, CrmValue> = {}
  for (const [name, value] of Object.entries(fields)) {
    if (name.startsWith(primaryContactPrefix))
      contact[checked(name.slice(primaryContactPrefix.length), name)] = value
    else own[checked(name, name)] = value
  }
  return { own, contact }
}

function checked(apiField: string, name: string): string {
  if (!apiName.test(apiField)) throw new CrmRefusedError(`"${name}" is not a Salesforce field name`)
  return apiField
}

/** A text value as a SOQL string literal. */
export function soqlString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
}

/** A Salesforce date-time (`2024-05-01T10:00:00.000+0000`) as ISO 8601 UTC. */
export function isoDateTime(value: unknown): string {
  const text = String(value).replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
  return new Date(text).toISOString()
}
