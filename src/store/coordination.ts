// How the servers that share one database take turns and tell each other what changed. The
// embedded store has one server by construction (it locks its data directory), so its
// coordination is this process's own; on PostgreSQL several servers share the data and coordinate
// through it (postgres/coordination.ts).

/** What a server tells the others: `admin` after an admin write (clock, directory, settings, reset,
 * restore); `feed` after its writes committed change records; `outbox` after it queued deliveries;
 * `webhooks` after it created, changed or deleted a webhook registration. */
export type Announcement = 'admin' | 'feed' | 'outbox' | 'webhooks'

/** Background work while this server leads; closed when it stops leading or the server stops. */
export interface LeaderWork {
  close(): Promise<void>
}

export interface Coordination {
  /** Whether other servers may share the store: copies kept in memory may then be behind it. */
  readonly shared: boolean
  /** Runs `work` while no other run of work named `name` runs, on any server; waits its turn. */
  exclusively<T>(name: string, work: () => Promise<T>): Promise<T>
  /**
   * Runs `start` once this server leads: at once when it is the only one, else when it wins the
   * leadership (at start, or when the leader stops or dies). What `start` answers is closed when
   * leadership is lost and at `close()`. At most one server leads at a time. Resolves after the
   * first try: the work started, or another server leads; a failed start is thrown there and, later,
   * handed to `onError`.
   */
  lead(start: () => Promise<LeaderWork>, onError: (error: unknown) => void): Promise<void>
  /** Whether this server leads now. */
  readonly leading: boolean
  /** Tells the other servers; resolves once the message is on its way. */
  announce(announcement: Announcement): Promise<void>
  /** Calls `listener` when another server announces; answers a function that stops it. */
  onAnnounced(announcement: Announcement, listener: () => void): () => void
  /** Stops leading (closing the leader's work) and listening. */
  close(): Promise<void>
}
