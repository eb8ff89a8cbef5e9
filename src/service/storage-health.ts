// Whether the server can be trusted with its data right now: for /healthz.
import type { StorageHealth } from '../store/referral-store.js'
import type { ServiceDeps } from './deps.js'

export function storageHealth(deps: Pick<ServiceDeps, 'store'>): StorageHealth {
  return deps.store.health()
}
