// What a reader of the activity history may ask for (the query string of /_cosell/activities and
// /_cosell/referrals/{id}/activities): a page size, where to resume, and filters on the change
// record. Pages run newest first; `$skiptoken` is the position to resume before.
import Type from 'typebox'
import type { Problem } from '../errors.js'
import { readValue } from '../read-value.js'
import { formatServerDateTime, parseIsoDateTime } from '../referral/date-time.js'
import { changeChannels, type ChangeChannel } from './change-record.js'

export const maxActivityPage = 200

export const ActivityQuerySchema = Type.Object(
  {
    $top: Type.Optional(
      Type.Integer({ minimum: 1, maximum: maxActivityPage, description: 'Records a page, 50 by default.' }),
    ),
    $skiptoken: Type.Optional(
      Type.String({
        pattern: '^[1-9][0-9]{0,15}$',
        description: 'From a nextLink: resume with older records.',
      }),
    ),
    channel: Type.Optional(
      Type.Enum([...changeChannels], { description: 'Only changes that came through this channel.' }),
    ),
    actor: Type.Optional(
      Type.String({ minLength: 1, maxLength: 256, description: 'Only changes by this user or policy.' }),
    ),
    since: Type.Optional(
      Type.String({ format: 'date-time', description: 'Only changes at or after this instant.' }),
    ),
    until: Type.Optional(
      Type.String({ format: 'date-time', description: 'Only changes before this instant.' }),
    ),
    referralId: Type.Optional(
      Type.String({ format: 'uuid', description: 'Only this referral (the organisation-wide feed).' }),
    ),
  },
  { additionalProperties: false },
)

/** A read of the history, as the store answers it. */
export interface ActivityFilter {
  readonly limit: number
  /** Only records with `seq` below this. */
  readonly before?: number
  readonly channel?: ChangeChannel
  readonly actor?: string
  /** Server date-time text: `at` at or after it. */
  readonly since?: string
  /** Server date-time text: `at` before it. */
  readonly until?: string
  readonly referralId?: string
}

export function readActivityQuery(raw: unknown): { filter: ActivityFilter; problems: Problem[] } {
  const { value, problems } = readValue(ActivityQuerySchema, raw ?? {})
  problems.push(...unknownParameters(raw))
  const instant = (text: string | undefined) => {
    const date = text === undefined ? undefined : parseIsoDateTime(text)
    return date && formatServerDateTime(date)
  }
  const filter: ActivityFilter = {
    limit: value.$top ?? 50,
    ...(value.$skiptoken === undefined ? {} : { before: Number(value.$skiptoken) }),
    ...(value.channel === undefined ? {} : { channel: value.channel }),
    ...(value.actor === undefined ? {} : { actor: value.actor }),
    ...(instant(value.since) === undefined ? {} : { since: instant(value.since) }),
    ...(instant(value.until) === undefined ? {} : { until: instant(value.until) }),
    ...(value.referralId === undefined ? {} : { referralId: value.referralId.toLowerCase() }),
  }
  return { filter, problems }
}

const known = Object.keys(ActivityQuerySchema.properties)

/** A misspelt filter would otherwise widen the answer without a word. */
function unknownParameters(raw: unknown): Problem[] {
  const given = typeof raw === 'object' && raw !== null ? Object.keys(raw) : []
  return given
    .filter((key) => !known.includes(key))
    .map((key) => ({
      target: key,
      rule: 'unknown',
      message: `${key} is not a parameter of the activity history; the parameters are: ${known.join(', ')}.`,
      allowedValues: known,
    }))
}
