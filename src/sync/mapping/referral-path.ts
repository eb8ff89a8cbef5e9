// Reading and writing a referral field by its path (`details.dealValue`,
// `customerProfile.team[0].email`), as the mapping file names fields.

type Segment = string | number

export function pathSegments(path: string): Segment[] {
  return path.split('.').flatMap((part) => {
    const indexed = /^(.+)\[(\d+)\]$/.exec(part)
    return indexed ? [indexed[1] as string, Number(indexed[2])] : [part]
  })
}

export function readPath(document: unknown, path: string): unknown {
  let at: unknown = document
  for (const segment of pathSegments(path)) {
    if (at === null || typeof at !== 'object') return undefined
    at = (at as Record<string | number, unknown>)[segment]
  }
  return at
}

/** Sets the value, making the objects and list entries on the way that do not exist yet. */
export function writePath(document: Record<string, unknown>, path: string, value: unknown): void {
  const segments = pathSegments(path)
  let at: Record<string | number, unknown> = document
  segments.forEach((segment, i) => {
    if (i === segments.length - 1) {
      at[segment] = value
      return
    }
    const next = segments[i + 1]
    const child = at[segment]
    if (child === null || typeof child !== 'object') at[segment] = typeof next === 'number' ? [] : {}
    if (Array.isArray(at[segment]) && typeof next === 'number') {
      const list = at[segment] as unknown[]
      while (list.length < next) list.push({})
    }
    at = at[segment] as Record<string | number, unknown>
  })
}
