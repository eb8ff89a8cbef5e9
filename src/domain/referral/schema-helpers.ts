// Small TypeBox builders shared by the schemas. `default` values are what `complete` fills in
// when a client leaves a property out, so the stored and emitted shape is always whole.
import Type, { type TSchema } from 'typebox'
import { maxLength } from './limits.js'

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()], { default: null })
/** Every string of a referral has a maximum length (limits.ts). */
export const Text = (limit: number) => Type.String({ maxLength: limit })
export const NullableString = (limit: number) => Nullable(Text(limit))
export const NullableBoolean = () => Nullable(Type.Boolean())
export const NullableNumber = () => Nullable(Type.Number())
/** ISO-8601 date-time; the normaliser has already rewritten it to UTC `Z` form. */
export const DateTime = () => Type.String({ format: 'date-time', maxLength: maxLength.code })
export const NullableDateTime = () => Nullable(DateTime())
export const Enum = <V extends string[]>(values: readonly [...V], fallback: V[number]) =>
  Type.Enum<V>(values, { default: fallback })
export const NullableEnum = <V extends string[]>(values: readonly [...V]) => Nullable(Type.Enum<V>(values))
export const List = <T extends TSchema>(item: T, options: object = {}) =>
  Type.Array(item, { default: [], ...options })
/** A list of a referral: every one has a maximum number of items (limits.ts). */
export const BoundedList = <T extends TSchema>(item: T, limit: number) => List(item, { maxItems: limit })
