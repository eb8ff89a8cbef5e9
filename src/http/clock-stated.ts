// Routes whose writes state the virtual clock they stamped with (a `SettingAsRead`): the store
// refuses such a write once another server has moved the clock, and the service makes it again on
// the clock as stored. They skip reading the clock before the request (app.ts), one statement less
// a write on PostgreSQL.

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's writes state the clock they used; it need not be read before the request. */
    clockStatedByWrite?: boolean
  }
}

/** A route's options for `app.post(path, clockStatedByWrite, handler)`. */
export const clockStatedByWrite = { config: { clockStatedByWrite: true } } as const
