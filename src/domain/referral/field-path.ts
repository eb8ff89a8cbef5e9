// Field paths as clients read them in errors: `details.requirements.solutions[0].id`.

export type PathSegment = string | number

export function formatPath(segments: readonly PathSegment[]): string {
  return segments.reduce<string>(
    (out, s) => (typeof s === 'number' ? `${out}[${s}]` : out ? `${out}.${s}` : s),
    '',
  )
}

/** `/details/requirements/solutions/0/id` (a JSON pointer) → segments. */
export function pointerSegments(pointer: string): PathSegment[] {
  if (pointer === '' || pointer === '/') return []
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s))
}

/** The same path without array indices, used to look up leniency hooks: `details.requirements.solutions[]`. */
export function shapePath(segments: readonly PathSegment[]): string {
  return formatPath(segments.map((s) => (typeof s === 'number' ? 0 : s))).replace(/\[0\]/g, '[]')
}
