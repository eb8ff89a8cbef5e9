// Several servers on one PostgreSQL database (docs/deployment.md). Each keeps one session of its
// own to the database: it LISTENs there for what the others announce, and the leader holds the
// leadership's advisory lock there. A server that dies closes its session, PostgreSQL releases the
// lock, and another server, trying every `retryMs`, takes over. Work that must not run twice at once
// (exclusively) holds a session lock while it runs, on a connection of a small pool of its own: the
// work itself uses the store's pool, so waiting for locks never starves it. Lock keys and the
// channel are scoped by the schema, so databases shared by schemas (tests) do not meet.
import { createHash, randomUUID } from 'node:crypto'
import pg from 'pg'
import type { Announcement, Coordination, LeaderWork } from '../coordination.js'
import { TurnTaking } from '../turn-taking.js'
import { openPool, type PostgresDatabase } from './database.js'

/** Connections that hold an exclusive turn, or wait for one, at once. */
const lockConnections = 4

const lockKey = "hashtext(current_schema() || ':' || $1)"
const leadership = 'cosell:leader'

export interface CoordinationOptions {
  /** How often a server that does not lead tries to, and a lost session is opened again. */
  readonly retryMs: number
}

/** The channel the servers of a schema announce on, as `<server id> <announcement>`. */
export function announcementChannel(schema: string): string {
  return `cosell_${createHash('sha256').update(schema).digest('hex').slice(0, 24)}`
}

export class PostgresCoordination implements Coordination {
  readonly shared = true
  private readonly id = randomUUID()
  private readonly turns = new TurnTaking()
  private readonly listeners = new Map<Announcement, Set<() => void>>()
  private session: pg.Client | undefined
  private work: LeaderWork | undefined
  private starting: Promise<void> | undefined
  private start: (() => Promise<LeaderWork>) | undefined
  private onError: (error: unknown) => void = () => undefined
  private readonly timer: NodeJS.Timeout
  private closed = false
  private readonly locks: pg.Pool

  private constructor(
    private readonly db: PostgresDatabase,
    private readonly url: string,
    private readonly channel: string,
    options: CoordinationOptions,
  ) {
    this.locks = openPool(url, lockConnections)
    this.timer = setInterval(() => void this.tick(), options.retryMs)
    this.timer.unref()
  }

  static async open(
    db: PostgresDatabase,
    url: string,
    options: CoordinationOptions,
  ): Promise<PostgresCoordination> {
    const schema = await db.row<{ name: string }>('SELECT current_schema() AS name')
    const coordination = new PostgresCoordination(db, url, announcementChannel(schema!.name), options)
    try {
      await coordination.connect()
    } catch (error) {
      await coordination.close()
      throw error
    }
    return coordination
  }

  get leading(): boolean {
    return this.work !== undefined
  }

  exclusively<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.turns.run(name, async () => {
      const client = await this.locks.connect()
      let broken: Error | undefined
      try {
        await client.query(`SELECT pg_advisory_lock(${lockKey})`, [name])
        try {
          return await work()
        } finally {
          await client.query(`SELECT pg_advisory_unlock(${lockKey})`, [name]).catch((error: Error) => {
            broken = error // the connection is dropped below, and the lock with it
          })
        }
      } finally {
        client.release(broken)
      }
    })
  }

  async lead(start: () => Promise<LeaderWork>, onError: (error: unknown) => void): Promise<void> {
    this.start = start
    this.onError = onError
    await this.tryToLead()
  }

  async announce(announcement: Announcement): Promise<void> {
    await this.db.run('SELECT pg_notify($1, $2)', [this.channel, `${this.id} ${announcement}`])
  }

  onAnnounced(announcement: Announcement, listener: () => void): () => void {
    const set = this.listeners.get(announcement) ?? new Set()
    this.listeners.set(announcement, set)
    set.add(listener)
    return () => set.delete(listener)
  }

  async close(): Promise<void> {
    this.closed = true
    clearInterval(this.timer)
    await this.starting?.catch(() => undefined)
    await this.stopLeading()
    const session = this.session
    this.session = undefined
    await session?.end().catch(() => undefined)
    await this.locks.end()
  }

  private async tick(): Promise<void> {
    if (this.closed) return
    try {
      if (!this.session) await this.reconnect()
      else await this.tryToLead()
    } catch (error) {
      this.onError(error)
    }
  }

  private async connect(): Promise<void> {
    const session = new pg.Client({ connectionString: this.url, keepAlive: true })
    session.on('error', () => void this.lost(session))
    session.on('end', () => void this.lost(session))
    session.on('notification', (message) => this.heard(message.payload))
    await session.connect()
    await session.query(`LISTEN ${this.channel}`)
    this.session = session
  }

  /** After a lost session: what was announced meanwhile was not heard, so everything is heard now. */
  private async reconnect(): Promise<void> {
    await this.connect()
    for (const set of this.listeners.values()) for (const listener of set) listener()
    await this.tryToLead()
  }

  private async tryToLead(): Promise<void> {
    if (this.starting || this.work || !this.start || !this.session || this.closed) return
    this.starting = this.takeLead(this.session, this.start).finally(() => (this.starting = undefined))
    await this.starting
  }

  private async takeLead(session: pg.Client, start: () => Promise<LeaderWork>): Promise<void> {
    const { rows } = await session.query<{ taken: boolean }>(
      `SELECT pg_try_advisory_lock(${lockKey}) AS taken`,
      [leadership],
    )
    if (rows[0]?.taken !== true) return
    let work: LeaderWork
    try {
      work = await start()
    } catch (error) {
      await session.query(`SELECT pg_advisory_unlock(${lockKey})`, [leadership]).catch(() => undefined)
      throw error
    }
    this.work = work
    if (this.session !== session || this.closed) await this.stopLeading() // lost while starting
  }

  private async lost(session: pg.Client): Promise<void> {
    if (this.session !== session) return
    this.session = undefined
    await this.starting?.catch(() => undefined)
    await this.stopLeading().catch(this.onError)
  }

  private async stopLeading(): Promise<void> {
    const work = this.work
    this.work = undefined
    await work?.close()
  }

  private heard(payload: string | undefined): void {
    const [sender, announcement] = (payload ?? '').split(' ')
    if (sender === this.id) return
    for (const listener of this.listeners.get(announcement as Announcement) ?? []) listener()
  }
}
