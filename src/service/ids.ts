import { randomBytes, randomUUID } from 'node:crypto'
import type { Ids } from './ports.js'

export const randomIds: Ids = {
  uuid: () => randomUUID(), // eslint-disable-line no-restricted-syntax -- the system implementation of the ids port
  hex8: () => randomBytes(4).toString('hex'),
}
