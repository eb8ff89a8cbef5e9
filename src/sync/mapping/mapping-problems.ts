// What the schema cannot say about a mapping: a CRM field mapped twice, a path outside what a
// client may write, a translation pair of the wrong shape, a status that does not exist.
import type { Problem } from '../../domain/errors.js'
import { referralStatuses, referralSubstatuses } from '../../domain/referral/enums.js'
import { clientWritableFields } from '../../domain/referral/referral-input.js'
import type { FieldMapping, Mapping } from './mapping-schema.js'
import { pathSegments } from './referral-path.js'
import { referralPaths } from './translate.js'

const enumsByPath: Readonly<Record<string, readonly string[]>> = {
  status: referralStatuses,
  substatus: referralSubstatuses,
}

export function mappingProblems(mapping: Mapping, prefix = ''): Problem[] {
  const at = (path: string) => (prefix ? `${prefix}.${path}` : path)
  const problems: Problem[] = []
  const seen = new Set<string>()
  mapping.fields.forEach((field, i) => {
    const where = at(`fields[${i}]`)
    if (seen.has(field.crm)) {
      problems.push({
        target: `${where}.crm`,
        rule: 'unique',
        message: `${field.crm} is mapped twice; map each CRM field once`,
      })
    }
    seen.add(field.crm)
    problems.push(...pathProblems(field, where), ...pairProblems(field, where))
  })
  return problems
}

function pathProblems(field: FieldMapping, where: string): Problem[] {
  return referralPaths(field).flatMap((path) => {
    const top = String(pathSegments(path)[0])
    if ((clientWritableFields as readonly string[]).includes(top)) return []
    return [
      {
        target: `${where}.referral`,
        rule: 'writable',
        message: `${path}: a referral field a client may write starts with one of ${clientWritableFields.join(', ')}`,
        allowedValues: clientWritableFields,
      },
    ]
  })
}

function pairProblems(field: FieldMapping, where: string): Problem[] {
  const paths = referralPaths(field)
  return (field.values ?? []).flatMap((pair, j) => {
    const target = `${where}.values[${j}].referral`
    const values = paths.length === 1 ? [pair.referral] : pair.referral
    if (!Array.isArray(values) || values.length !== paths.length) {
      return [{ target, rule: 'shape', message: `give one value for each of ${paths.join(', ')}, as a list` }]
    }
    return paths.flatMap((path, k) => {
      const allowed = enumsByPath[path]
      const value: unknown = values[k]
      if (!allowed || value === null || allowed.includes(value as string)) return []
      return [
        {
          target,
          rule: 'enum',
          message: `${JSON.stringify(value)} is not a ${path}; one of ${allowed.join(', ')}`,
          allowedValues: allowed,
        },
      ]
    })
  })
}
