// What both webhook stores tell their server of, in this process: deliveries queued (the sender's
// work) and registrations written (whether the other servers should hear of commits).
import { Signal } from './signal.js'

export abstract class WebhookSignals {
  protected readonly queued = new Signal()
  private readonly registrationsChanged = new Signal()

  onQueued(listener: () => void): () => void {
    return this.queued.on(listener)
  }

  onRegistrationsChanged(listener: () => void): () => void {
    return this.registrationsChanged.on(listener)
  }

  /** Tells of a registration written, when `written`; answers `outcome`. */
  protected registrationWritten<T>(written: boolean, outcome: T): T {
    if (written) this.registrationsChanged.fire()
    return outcome
  }
}
