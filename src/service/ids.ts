import { randomBytes, randomUUID } from 'node:crypto'
import type { Ids } from './ports.js'

export const randomIds: Ids = {
  uuid: () => randomUUID(),
  hex8: () => randomBytes(4).toString('hex'),
}
