// Listeners of one kind of event in this process: a store tells its server of what it just did
// (deliveries queued, registrations changed), for the server to wake its work or tell the others.
export class Signal {
  private readonly listeners = new Set<() => void>()

  /** Adds `listener`; answers a function that removes it. */
  on(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  fire(): void {
    for (const listener of this.listeners) listener()
  }
}
