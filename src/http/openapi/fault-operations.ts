// The admin API's fault rules (issue 10 item 5): what the public API does wrong on purpose.
import Type from 'typebox'
import { FaultRuleInputSchema, FaultRuleSchema } from '../../domain/fault/fault-rule.js'
import { adminOperation as admin, errors, jsonBody, ok, pathParameter, type Paths } from './operations.js'
import { valueList } from './wire-schemas.js'

const tags = ['Admin: faults']
const faultId = pathParameter('id', 'The rule id (f1, f2, …).')

export const faultPaths: Paths = {
  '/_cosell/faults': {
    post: admin({
      operationId: 'addFault',
      summary: 'Add a fault rule',
      description:
        'Calls of the public API that match the route, operation and tenant (unset: any) get the effect: a status (429, 500, 503, or 412 on PATCH and PUT), a latency (fixed, uniform, normal, lognormal; at most 60 s), or a dropped connection; always, with a probability, for the next N matching calls, or both. Rules are tried in the order added; the first that answers or drops ends the search. Kept in this server process only: a restart clears them. The admin API is never affected.',
      tags,
      requestBody: jsonBody(FaultRuleInputSchema),
      responses: { '201': ok('The rule, with its id and seed.', FaultRuleSchema), ...errors(400, 401, 403) },
    }),
    get: admin({
      operationId: 'listFaults',
      summary: 'List fault rules, with how often each matched and fired and how many calls remain',
      tags,
      responses: {
        '200': ok('Every rule, spent ones included.', valueList(FaultRuleSchema, 'FaultRuleList')),
        ...errors(401, 403),
      },
    }),
    delete: admin({
      operationId: 'clearFaults',
      summary: 'Remove every fault rule',
      tags,
      responses: {
        '200': ok(
          'How many rules were removed.',
          Type.Object({ removed: Type.Integer() }, { $id: 'FaultsCleared' }),
        ),
        ...errors(401, 403),
      },
    }),
  },
  '/_cosell/faults/{id}': {
    get: admin({
      operationId: 'getFault',
      summary: 'Read a fault rule',
      tags,
      parameters: [faultId],
      responses: { '200': ok('The rule.', FaultRuleSchema), ...errors(401, 403, 404) },
    }),
    delete: admin({
      operationId: 'deleteFault',
      summary: 'Remove a fault rule',
      tags,
      parameters: [faultId],
      responses: { '204': { description: 'Removed.' }, ...errors(401, 403, 404) },
    }),
  },
}
