// Admin API: the request journal of the public API and the client report read from it.
import type { FastifyInstance } from 'fastify'
import { readJournal, reportOnJournal } from '../../service/read-journal.js'
import type { AdminContext } from './admin-api.js'

export function registerJournalRoutes(app: FastifyInstance, _deps: unknown, context: AdminContext): void {
  app.get('/journal', (request) => readJournal(context.journal, request.query))
  app.get('/report', (request) => reportOnJournal(context.journal, request.query))
}
