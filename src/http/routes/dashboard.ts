// The web dashboard at `/`: the files `npm run build` put in dist/web (src/web holds their source).
// Only the built files are routed (no wildcard), so every other path keeps the API's own 404. The
// dashboard is a client like any other: its pages need no token, its calls carry one.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

/** dist/web from src/http/routes (tsx) and dist/http/routes (the build) alike. */
export const dashboardRoot = fileURLToPath(new URL('../../../dist/web/', import.meta.url))

const hashedAsset = /\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.\w+$/

export async function registerDashboard(app: FastifyInstance, root = dashboardRoot): Promise<void> {
  if (!existsSync(`${root}/index.html`)) {
    app.get('/', (_request, reply) =>
      reply
        .code(404)
        .type('text/plain; charset=utf-8')
        .send('The dashboard has not been built: run `npm run build` (npm install does it too).\n'),
    )
    return
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    cacheControl: false, // set below, by file
    index: 'index.html',
    setHeaders: (response, path) => {
      // a hashed name changes with its content: cache it for good; the page itself is re-checked
      response.setHeader(
        'cache-control',
        hashedAsset.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      )
    },
  })
}
