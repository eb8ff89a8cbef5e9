// The structural shape of a field catalogue: what the checker binds $filter, $orderby and $select
// paths to. The domain publishes its catalogue as plain data of this shape without importing
// query/ (README.md, Development).

export type ScalarType = 'string' | 'number' | 'boolean' | 'datetime' | 'guid' | 'enum'

export type Field =
  | { readonly kind: 'scalar'; readonly type: ScalarType; readonly enumValues?: readonly string[] }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, Field>> }
  | { readonly kind: 'array'; readonly element: Field }

export type Catalogue = Readonly<Record<string, Field>>

export type ScalarField = Extract<Field, { kind: 'scalar' }>

/**
 * Finds a member by name ignoring case (clients send `Status`, `customerprofile`) and
 * returns it with the catalogue's spelling.
 */
export function lookupField(fields: Catalogue, name: string): { name: string; field: Field } | undefined {
  // Own members only: `constructor` or `__proto__` must not find Object.prototype's.
  const exact = Object.hasOwn(fields, name) ? fields[name] : undefined
  if (exact !== undefined) return { name, field: exact }
  const lower = name.toLowerCase()
  const found = Object.keys(fields).find((key) => key.toLowerCase() === lower)
  const field = found === undefined ? undefined : fields[found]
  return found === undefined || field === undefined ? undefined : { name: found, field }
}

/** Member names of an object field, for "expected one of" messages. */
export function memberNames(fields: Catalogue): string {
  return Object.keys(fields)
    .map((key) => `'${key}'`)
    .join(', ')
}
