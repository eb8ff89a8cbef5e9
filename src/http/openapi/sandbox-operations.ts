// The admin API's sandbox controls (issue 4 items 6 and 7): the virtual clock, reset, snapshots
// and sample data.
import Type from 'typebox'
import {
  SandboxCountsSchema,
  snapshotNamePattern,
  SnapshotInfoSchema,
} from '../../domain/sandbox/snapshot.js'
import { ClockChangeSchema } from '../../domain/time/clock-change.js'
import { ClockViewSchema } from '../../domain/time/virtual-time.js'
import { SeedRequestSchema, SeedResultSchema } from '../../domain/sandbox/seed.js'
import { adminOperation as admin, errors, jsonBody, ok, pathParameter, type Paths } from './operations.js'
import { PolicyRunSchema, SnapshotListSchema } from './wire-schemas.js'

const snapshotName = pathParameter('name', 'The snapshot name.', snapshotNamePattern)

const ClockChangedSchema = Type.Intersect(
  [
    ClockViewSchema,
    Type.Object({
      expired: Type.Integer({ description: 'Incoming referrals this change expired.' }),
      microsoft: PolicyRunSchema,
      registrationsReviewed: Type.Integer({ description: 'Deal registrations the review policy moved.' }),
      complete: Type.Boolean({
        description:
          'False when the jump held more due events than one run applies (20,000): the periodic sweep applies the rest, each at its own due time.',
      }),
    }),
  ],
  { $id: 'ClockChanged' },
)

const ResetResultSchema = Type.Object(
  { removed: SandboxCountsSchema, clock: ClockViewSchema },
  { $id: 'ResetResult' },
)

const sandbox = ['Admin: clock, snapshots and sample data']

export const sandboxPaths: Paths = {
  '/_cosell/clock': {
    get: admin({
      operationId: 'getClock',
      summary: 'Read the virtual clock',
      description:
        'Every server-set time (createdDateTime, updatedDateTime, eTags, expiry) reads this clock.',
      tags: sandbox,
      responses: { '200': ok('The clock.', ClockViewSchema), ...errors(401, 403) },
    }),
    post: admin({
      operationId: 'changeClock',
      summary: 'Advance, set, freeze or resume the virtual clock',
      description:
        "One action per request. Time never moves backwards. Before the answer, everything that fell due during the move happens in time order, each change stamped with its own due time: Microsoft's scripted answers and closes, registration reviews, and incoming referrals expiring at their expirationDateTime.",
      tags: sandbox,
      requestBody: jsonBody(ClockChangeSchema),
      responses: { '200': ok('The clock after the change.', ClockChangedSchema), ...errors(400, 401, 403) },
    }),
  },
  '/_cosell/reset': {
    post: admin({
      operationId: 'reset',
      summary: 'Remove every referral, organisation and user; the clock back to wall time',
      description: "Microsoft's organisation is recreated. Snapshots are kept.",
      tags: sandbox,
      responses: { '200': ok('What was removed, and the clock.', ResetResultSchema), ...errors(401, 403) },
    }),
  },
  '/_cosell/snapshots': {
    get: admin({
      operationId: 'listSnapshots',
      summary: 'List snapshots',
      tags: sandbox,
      responses: { '200': ok('Every snapshot, oldest first.', SnapshotListSchema), ...errors(401, 403) },
    }),
  },
  '/_cosell/snapshots/{name}': {
    put: admin({
      operationId: 'saveSnapshot',
      summary: 'Save a snapshot (replacing one of the same name)',
      description: 'Every referral, organisation and user, and the clock, copied in one transaction.',
      tags: sandbox,
      parameters: [snapshotName],
      responses: { '200': ok('The snapshot.', SnapshotInfoSchema), ...errors(400, 401, 403) },
    }),
    delete: admin({
      operationId: 'deleteSnapshot',
      summary: 'Delete a snapshot',
      tags: sandbox,
      parameters: [snapshotName],
      responses: { '204': { description: 'Deleted.' }, ...errors(400, 401, 403, 404) },
    }),
  },
  '/_cosell/snapshots/{name}/restore': {
    post: admin({
      operationId: 'restoreSnapshot',
      summary: 'Restore a snapshot',
      description:
        'Replaces every referral (byte for byte, eTags included), organisation and user with the snapshot’s, and sets the clock to what it read then.',
      tags: sandbox,
      parameters: [snapshotName],
      responses: { '200': ok('The snapshot restored.', SnapshotInfoSchema), ...errors(400, 401, 403, 404) },
    }),
  },
  '/_cosell/seed': {
    post: admin({
      operationId: 'seed',
      summary: 'Create realistic sample referrals',
      description:
        'Each through the real create (and, for closed ones, PATCH) use case, spread over the last 90 days; the same seed gives the same referrals.',
      tags: sandbox,
      requestBody: jsonBody(SeedRequestSchema),
      responses: { '200': ok('What was created.', SeedResultSchema), ...errors(400, 401, 403) },
    }),
  },
}
