// The little the sync's state needs of a SQL database, so that one implementation of its state
// serves SQLite and PostgreSQL. Statements use `?` placeholders; PostgreSQL's runner numbers them.

export interface SqlRunner {
  readonly dialect: 'sqlite' | 'postgres'
  all<R>(sql: string, params?: readonly unknown[]): Promise<R[]>
  run(sql: string, params?: readonly unknown[]): Promise<void>
  /** Runs `work` in one transaction: committed when it resolves, undone when it throws. */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>
  close(): Promise<void>
}
