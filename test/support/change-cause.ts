// The change cause tests write with when the cause itself is not under test.
import type { ChangeCause } from '../../src/domain/change/change-record.js'

export const testCause: ChangeCause = { actor: 'test@cosell.test', channel: 'api', requestId: null }
