import { randomUUID } from 'node:crypto'
import type { Ids } from './ports.js'

export const randomIds: Ids = {
  uuid: () => randomUUID(), // eslint-disable-line no-restricted-syntax -- the system implementation of the ids port
  // the first 8 hex digits of a v4 UUID are random; randomUUID draws from a pool, while each
  // small randomBytes() call is a trip to the system's generator (measured: 15 µs of a create)
  hex8: () => randomUUID().slice(0, 8), // eslint-disable-line no-restricted-syntax -- as above
}
