// SqlRunner on an SQLite file (better-sqlite3). Its calls are synchronous; a lock keeps other
// calls out of a transaction while its work awaits. WAL and a busy timeout let `cosell sync
// status` read the file while `cosell sync watch` writes it.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { SqlRunner } from './sql-runner.js'

export class SqliteRunner implements SqlRunner {
  readonly dialect = 'sqlite'
  private turn: Promise<unknown> = Promise.resolve()

  private constructor(private readonly db: Database.Database) {}

  static open(path: string): SqliteRunner {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    const db = new Database(path)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('busy_timeout = 5000')
    return new SqliteRunner(db)
  }

  all<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return this.inTurn(() => this.allNow<R>(sql, params))
  }

  run(sql: string, params: readonly unknown[] = []): Promise<void> {
    return this.inTurn(() => this.runNow(sql, params))
  }

  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return this.inTurn(async () => {
      this.db.exec('BEGIN IMMEDIATE')
      try {
        const result = await work(this.inside())
        this.db.exec('COMMIT')
        return result
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK')
        throw error
      }
    })
  }

  close(): Promise<void> {
    return this.inTurn(() => {
      this.db.close()
    })
  }

  private inside(): SqlRunner {
    return {
      dialect: 'sqlite',
      all: <R>(sql: string, params: readonly unknown[] = []) => Promise.resolve(this.allNow<R>(sql, params)),
      run: (sql: string, params: readonly unknown[] = []) => Promise.resolve(this.runNow(sql, params)),
      transaction: (work) => work(this.inside()),
      close: () => Promise.resolve(),
    }
  }

  private allNow<R>(sql: string, params: readonly unknown[]): R[] {
    return this.db.prepare(sql).all(...params.map(bindable)) as R[]
  }

  private runNow(sql: string, params: readonly unknown[]): void {
    this.db.prepare(sql).run(...params.map(bindable))
  }

  private inTurn<T>(work: () => T | Promise<T>): Promise<T> {
    const result = this.turn.then(work)
    this.turn = result.catch(() => undefined)
    return result
  }
}

function bindable(value: unknown): unknown {
  return typeof value === 'boolean' ? Number(value) : value
}
