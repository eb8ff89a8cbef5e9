// Admin API: organisations (tenants) with their locations and solution profiles, and their users
// with roles.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { notFound } from '../../domain/errors.js'
import type { ServiceDeps } from '../../service/deps.js'
import { findOrganization, saveOrganization, saveUser } from '../../service/manage-directory.js'

type OrgRequest = FastifyRequest<{ Params: { organizationId: string } }>
type UserRequest = FastifyRequest<{ Params: { organizationId: string; email: string } }>

export function registerDirectoryRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  app.get('/organizations', async () => ({ value: await deps.store.listOrganizations() }))

  app.get('/organizations/:organizationId', (request: OrgRequest) =>
    findOrganization(deps, request.params.organizationId),
  )

  app.put('/organizations/:organizationId', (request: OrgRequest) =>
    saveOrganization(deps, request.params.organizationId, request.body ?? {}),
  )

  app.get('/organizations/:organizationId/users', async (request: OrgRequest) => {
    const organization = await findOrganization(deps, request.params.organizationId)
    return { value: await deps.store.listUsers(organization.id) }
  })

  app.get('/organizations/:organizationId/users/:email', async (request: UserRequest) => {
    const organization = await findOrganization(deps, request.params.organizationId)
    const user = await deps.store.getUser(organization.id, request.params.email)
    if (!user) throw notFound('User', request.params.email)
    return user
  })

  app.put('/organizations/:organizationId/users/:email', (request: UserRequest) =>
    saveUser(deps, request.params.organizationId, request.params.email, request.body ?? {}),
  )

  app.delete('/organizations/:organizationId/users/:email', async (request: UserRequest, reply) => {
    const organization = await findOrganization(deps, request.params.organizationId)
    if (!(await deps.store.deleteUser(organization.id, request.params.email)))
      throw notFound('User', request.params.email)
    return reply.code(204).send()
  })
}
