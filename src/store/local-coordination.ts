// Coordination for a store only one server process uses (the embedded store): work of one name
// takes turns in this process, this process always leads, and there is nobody to tell.
import type { Announcement, Coordination, LeaderWork } from './coordination.js'
import { TurnTaking } from './turn-taking.js'

export class LocalCoordination implements Coordination {
  readonly shared = false
  private readonly turns = new TurnTaking()
  private work: LeaderWork | undefined

  get leading(): boolean {
    return this.work !== undefined
  }

  exclusively<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.turns.run(name, work)
  }

  async lead(start: () => Promise<LeaderWork>): Promise<void> {
    this.work = await start()
  }

  async announce(_announcement: Announcement): Promise<void> {}

  onAnnounced(_announcement: Announcement, _listener: () => void): () => void {
    return () => undefined
  }

  async close(): Promise<void> {
    const work = this.work
    this.work = undefined
    await work?.close()
  }
}
