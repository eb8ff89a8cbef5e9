// A Salesforce object (Opportunity by default) through the REST API: SOQL queries followed by
// nextRecordsUrl, changes in SystemModstamp order, writes on sObject rows with If-Unmodified-Since,
// and the primary contact kept through an OpportunityContactRole.
import { readBack } from '../http/read-back.js'
import {
  CrmConflictError,
  CrmNotFoundError,
  CrmRefusedError,
  type CrmChangePage,
  type CrmConnector,
  type CrmFields,
  type CrmRecord,
  type CrmValue,
} from '../connector.js'
import type { CrmHttp } from '../http/crm-http.js'
import { crmValueOf } from '../http/crm-value-of.js'
import {
  isoDateTime,
  primaryContactPrefix,
  soqlString,
  splitFields,
  splitValues,
} from './salesforce-fields.js'

export interface SalesforceTarget {
  readonly instanceUrl: string
  /** `https://…my.salesforce.com/services/data/v60.0` */
  readonly api: string
  readonly object: string
  /** The fields read and returned, `PrimaryContact.…` ones included. */
  readonly fields: readonly string[]
}

type SObject = Readonly<Record<string, unknown>>

interface QueryResult {
  readonly records: readonly SObject[]
  readonly done: boolean
  readonly nextRecordsUrl?: string
}

interface ContactRoles {
  readonly records?: readonly { readonly ContactId?: string; readonly Contact?: SObject | null }[]
}

const recordId = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/
const cursorForm = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z)\|([A-Za-z0-9]{15,18})$/

export class SalesforceConnector implements CrmConnector {
  readonly label: string
  readonly writable = true
  private readonly select: string
  private readonly own: readonly string[]
  private readonly contact: readonly string[]

  constructor(
    private readonly http: CrmHttp,
    private readonly target: SalesforceTarget,
  ) {
    this.label = `salesforce ${target.object}`
    const { own, contact } = splitFields(target.fields)
    this.own = own
    this.contact = contact
    const columns = [...new Set(['Id', 'LastModifiedDate', 'SystemModstamp', ...own])]
    const roles = contact.length
      ? [
          `(SELECT ContactId, ${contact.map((f) => `Contact.${f}`).join(', ')} FROM OpportunityContactRoles WHERE IsPrimary = true LIMIT 1)`,
        ]
      : []
    this.select = `SELECT ${[...columns, ...roles].join(', ')} FROM ${target.object}`
  }

  /**
   * Records in (SystemModstamp, Id) order after the cursor, the last pair returned. Salesforce
   * stamps to the second, so records sharing a stamp are told apart by Id rather than skipped.
   */
  async changes(cursor: string | undefined, limit: number): Promise<CrmChangePage> {
    const after = cursor ? cursorForm.exec(cursor) : undefined
    if (after === null) throw new CrmRefusedError(`"${cursor}" is not a Salesforce connector cursor`)
    const where = after
      ? ` WHERE SystemModstamp > ${after[1]} OR (SystemModstamp = ${after[1]} AND Id > '${after[2]}')`
      : ''
    const rows = await this.query(`${this.select}${where} ORDER BY SystemModstamp, Id LIMIT ${limit}`)
    const last = rows.at(-1)
    const next = last ? `${soqlDateTime(last.SystemModstamp)}|${String(last.Id)}` : (cursor ?? '')
    return { records: rows.map((row) => this.record(row)), cursor: next, caughtUp: rows.length < limit }
  }

  async get(id: string): Promise<CrmRecord | undefined> {
    if (!recordId.test(id)) return undefined
    const [row] = await this.query(`${this.select} WHERE Id = '${id}'`)
    return row && this.record(row)
  }

  async findBy(field: string, value: string): Promise<CrmRecord[]> {
    if (field.startsWith(primaryContactPrefix)) {
      throw new CrmRefusedError(`findBy reads ${this.target.object} fields only, not ${field}`)
    }
    const { own } = splitValues({ [field]: value })
    const rows = await this.query(`${this.select} WHERE ${Object.keys(own)[0]} = ${soqlString(value)}`)
    return rows.map((row) => this.record(row))
  }

  async create(fields: CrmFields): Promise<CrmRecord> {
    const { own, contact } = splitValues(fields)
    const answer = await this.http.request('POST', `${this.target.api}/sobjects/${this.target.object}`, {
      body: own,
    })
    const { id } = answer.body as { id: string }
    await this.writeContact(id, contact)
    return readBack(this, id)
  }

  /**
   * PATCH on the row, with If-Unmodified-Since when a version is given (Salesforce compares it with
   * LastModifiedDate, to the second). The row is patched even when only contact fields change, so
   * that its version moves with the write; the contact is written after the check passed.
   */
  async update(id: string, fields: CrmFields, ifVersion?: string): Promise<CrmRecord> {
    if (!recordId.test(id)) throw new CrmNotFoundError(id)
    const { own, contact } = splitValues(fields)
    const headers: Record<string, string> =
      ifVersion === undefined ? {} : { 'if-unmodified-since': new Date(isoDateTime(ifVersion)).toUTCString() }
    const url = `${this.target.api}/sobjects/${this.target.object}/${id}`
    const answer = await this.http.request('PATCH', url, { body: own, headers, expect: [404, 412] })
    if (answer.status === 404) throw new CrmNotFoundError(id)
    if (answer.status === 412) throw new CrmConflictError(id)
    await this.writeContact(id, contact)
    return readBack(this, id)
  }

  close(): Promise<void> {
    return Promise.resolve()
  }

  /** Updates the primary contact, or creates a Contact and its primary OpportunityContactRole. */
  private async writeContact(opportunityId: string, contact: Record<string, CrmValue>): Promise<void> {
    if (Object.keys(contact).length === 0) return
    const [role] = await this.query(
      `SELECT Id, ContactId FROM OpportunityContactRole WHERE OpportunityId = '${opportunityId}' AND IsPrimary = true LIMIT 1`,
    )
    if (role) {
      await this.http.request('PATCH', `${this.target.api}/sobjects/Contact/${String(role.ContactId)}`, {
        body: contact,
      })
      return
    }
    if (Object.values(contact).every((value) => value === null || value === '')) return
    const created = await this.http.request('POST', `${this.target.api}/sobjects/Contact`, { body: contact })
    const contactId = (created.body as { id: string }).id
    await this.http.request('POST', `${this.target.api}/sobjects/OpportunityContactRole`, {
      body: { OpportunityId: opportunityId, ContactId: contactId, IsPrimary: true },
    })
  }

  private async query(soql: string): Promise<SObject[]> {
    const rows: SObject[] = []
    let url: string | undefined = `${this.target.api}/query?q=${encodeURIComponent(soql)}`
    while (url) {
      const result = (await this.http.request('GET', url)).body as QueryResult
      rows.push(...result.records)
      url =
        result.done || !result.nextRecordsUrl
          ? undefined
          : `${this.target.instanceUrl}${result.nextRecordsUrl}`
    }
    return rows
  }

  private record(row: SObject): CrmRecord {
    const fields: Record<string, CrmValue> = {}
    for (const field of this.own) fields[field] = crmValueOf(row[field])
    const contact = (row.OpportunityContactRoles as ContactRoles | null | undefined)?.records?.[0]?.Contact
    for (const field of this.contact) fields[`${primaryContactPrefix}${field}`] = crmValueOf(contact?.[field])
    return {
      id: String(row.Id),
      version: String(row.LastModifiedDate),
      modifiedAt: isoDateTime(row.LastModifiedDate),
      fields,
    }
  }
}

/** A date-time as a SOQL literal (unquoted, UTC). */
function soqlDateTime(value: unknown): string {
  return isoDateTime(value).replace('.000Z', 'Z')
}
