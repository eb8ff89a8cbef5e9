// Every field of a value as dotted paths (details.dealValue, team[0].email) and their values, for
// the referral page's complete listing.

export function flatten(value: unknown, prefix = ''): [string, string][] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [[prefix, '[]']]
    return value.flatMap((item, i) => flatten(item, `${prefix}[${i}]`))
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
    if (entries.length === 0) return [[prefix, '{}']]
    return entries.flatMap(([key, item]) => flatten(item, prefix ? `${prefix}.${key}` : key))
  }
  return [[prefix, show(value)]]
}

export function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  return typeof value === 'string' ? value : JSON.stringify(value)
}

export function FieldList(props: { value: unknown; label: string }) {
  return (
    <dl class="fields" aria-label={props.label}>
      {flatten(props.value).map(([path, text]) => (
        <div key={path}>
          <dt>{path}</dt>
          <dd>{text}</dd>
        </div>
      ))}
    </dl>
  )
}
