// GET /openapi.json: the generated document, with this server as its server URL.
import type { FastifyInstance } from 'fastify'
import { publicBaseUrl } from '../public-url.js'
import { openApiDocument } from './document.js'

export function registerOpenApiRoute(app: FastifyInstance, publicUrl: string | null): void {
  const document = openApiDocument()
  app.get('/openapi.json', (request) => ({
    ...document,
    servers: [{ url: publicBaseUrl(publicUrl, request) }],
  }))
}
