// The admin API's organisations and users (issue 4 item 3).
import { OrganizationChangeSchema, UserChangeSchema } from '../../domain/organization/directory-change.js'
import { adminOperation as admin, errors, jsonBody, ok, pathParameter, type Paths } from './operations.js'
import {
  named,
  NamedOrganizationSchema as OrganizationSchema,
  NamedUserSchema as UserSchema,
  OrganizationListSchema,
  UserListSchema,
} from './wire-schemas.js'

export const organizationId = pathParameter(
  'organizationId',
  'The organisation: its Entra tenant id, or msft.',
)
const email = pathParameter('email', "The user's email (upn).")
const directory = ['Admin: organisations and users']

export const directoryPaths: Paths = {
  '/_cosell/organizations': {
    get: admin({
      operationId: 'listOrganizations',
      summary: 'List organisations',
      tags: directory,
      responses: {
        '200': ok('Every organisation, Microsoft included.', OrganizationListSchema),
        ...errors(401, 403),
      },
    }),
  },
  '/_cosell/organizations/{organizationId}': {
    get: admin({
      operationId: 'getOrganization',
      summary: 'Get an organisation',
      tags: directory,
      parameters: [organizationId],
      responses: { '200': ok('The organisation.', OrganizationSchema), ...errors(401, 403, 404) },
    }),
    put: admin({
      operationId: 'saveOrganization',
      summary: 'Create or change an organisation',
      description: 'Fields left out keep their value (or a default for a new organisation).',
      tags: directory,
      parameters: [organizationId],
      requestBody: jsonBody(named(OrganizationChangeSchema, 'OrganizationChange')),
      responses: {
        '200': ok('The organisation as saved.', OrganizationSchema),
        ...errors(400, 401, 403, 409),
      },
    }),
  },
  '/_cosell/organizations/{organizationId}/users': {
    get: admin({
      operationId: 'listUsers',
      summary: "List an organisation's users",
      tags: directory,
      parameters: [organizationId],
      responses: { '200': ok('The users.', UserListSchema), ...errors(401, 403, 404) },
    }),
  },
  '/_cosell/organizations/{organizationId}/users/{email}': {
    get: admin({
      operationId: 'getUser',
      summary: 'Get a user',
      tags: directory,
      parameters: [organizationId, email],
      responses: { '200': ok('The user.', UserSchema), ...errors(401, 403, 404) },
    }),
    put: admin({
      operationId: 'saveUser',
      summary: 'Create or change a user and their role',
      tags: directory,
      parameters: [organizationId, email],
      requestBody: jsonBody(named(UserChangeSchema, 'UserChange')),
      responses: { '200': ok('The user as saved.', UserSchema), ...errors(400, 401, 403, 404) },
    }),
    delete: admin({
      operationId: 'deleteUser',
      summary: 'Delete a user',
      tags: directory,
      parameters: [organizationId, email],
      responses: { '204': { description: 'Deleted.' }, ...errors(401, 403, 404) },
    }),
  },
}
