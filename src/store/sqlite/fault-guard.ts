// Every method of the store, thrown or rejected, reports a SQLite fault of the machine (full disk,
// damaged file) as a StorageFault, so the HTTP layer answers 507/503 instead of a 500 and no
// method has to remember to translate. Other errors pass through unchanged.
import type { StorageFaults } from './storage-faults.js'

export function guardFaults<T extends object>(store: T, faults: StorageFaults): T {
  const wrapped = new Map<PropertyKey, unknown>()
  return new Proxy(store, {
    get(target, name) {
      const value: unknown = Reflect.get(target, name)
      if (typeof value !== 'function') return value
      let guarded = wrapped.get(name)
      if (guarded === undefined) {
        guarded = guard(value as (...args: unknown[]) => unknown, target, faults)
        wrapped.set(name, guarded)
      }
      return guarded
    },
  })
}

function guard(method: (...args: unknown[]) => unknown, target: object, faults: StorageFaults) {
  const rethrow = (error: unknown): never => {
    throw faults.translate(error)
  }
  return (...args: unknown[]): unknown => {
    try {
      const result = method.apply(target, args)
      return result instanceof Promise ? result.catch(rethrow) : result
    } catch (error) {
      return rethrow(error)
    }
  }
}
