// Sends due deliveries: at least once, in order per referral per registration (the store answers
// only the first pending delivery of each referral and registration; a dead one no longer blocks),
// with exponential back-off and jitter between attempts, a timeout per attempt and at most
// `concurrency` requests at a time. It runs beside the API, never on a request's path: a receiver
// that hangs costs one of its slots until the timeout, and nothing else.
import type { OutgoingHttpHeaders } from 'node:http'
import { formatServerDateTime } from '../domain/referral/date-time.js'
import { retryDelayMs, type RetrySettings } from '../domain/webhook/retry-delay.js'
import type { Clock } from '../service/ports.js'
import type { ReferralStore } from '../store/referral-store.js'
import type { AttemptRecord, DeliveryRow, StoredRegistration } from '../store/webhook-store.js'
import { postEvent, type PostOutcome } from './post-event.js'
import type { Receivers } from './receiver-policy.js'
import { signBody, type SigningIdentity } from './signing-identity.js'

export interface SenderSettings {
  readonly retry: RetrySettings
  readonly timeoutMs: number
  readonly concurrency: number
}

export interface SenderDeps {
  readonly store: Pick<ReferralStore, 'webhooks'>
  /** Stamps deliveredAt. */
  readonly clock: Clock
  /** Times attempts. */
  readonly wall: Clock
  readonly receivers: Receivers
  readonly identity: () => Promise<SigningIdentity>
  /** What `x-ms-certificate-url` says. */
  readonly certificateUrl: () => string
}

/** The longest the sender sleeps without looking (another process may have queued work). */
const maxSleepMs = 30_000

export class Sender {
  private readonly inFlight = new Map<string, Promise<void>>()
  /** Attempts recorded while the due deliveries were being read: that answer may predate them. */
  private settledWhileAsking = new Set<string>()
  private pumping = false
  private again = false
  private closed = false
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly deps: SenderDeps,
    private readonly settings: SenderSettings,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Looks for due deliveries now. */
  wake(): void {
    if (this.closed) return
    if (this.pumping) {
      this.again = true
      return
    }
    this.pumping = true
    void this.pump()
      .catch(this.onError)
      .finally(() => {
        this.pumping = false
        if (this.again) this.wake() // woken while it was going to sleep
      })
  }

  /** Stops starting attempts and waits for those under way (each ends within its timeout). */
  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.timer)
    await Promise.allSettled([...this.inFlight.values()])
  }

  private async pump(): Promise<void> {
    do {
      this.again = false
      const free = this.settings.concurrency - this.inFlight.size
      if (free <= 0) return // a finishing attempt wakes the sender
      const settled = (this.settledWhileAsking = new Set())
      const due = await this.deps.store.webhooks.dueDeliveries(this.nowMs(), free + this.inFlight.size)
      const fresh = due.filter((r) => !this.inFlight.has(r.id) && !settled.has(r.id))
      for (const row of fresh.slice(0, free)) this.start(row)
    } while (this.again && !this.closed)
    await this.sleepUntilNextDue()
  }

  private start(row: DeliveryRow): void {
    const attempt = this.attempt(row)
      .catch(this.onError) // the delivery stays pending and is tried again
      .finally(() => {
        this.inFlight.delete(row.id)
        this.settledWhileAsking.add(row.id)
        this.wake()
      })
    this.inFlight.set(row.id, attempt)
  }

  private async sleepUntilNextDue(): Promise<void> {
    clearTimeout(this.timer)
    if (this.closed) return
    const next = await this.deps.store.webhooks.nextDueMs([...this.inFlight.keys()])
    const wait = next === undefined ? maxSleepMs : Math.min(Math.max(next - this.nowMs(), 0), maxSleepMs)
    this.timer = setTimeout(() => this.wake(), wait)
    this.timer.unref()
  }

  private async attempt(row: DeliveryRow): Promise<void> {
    const registration = await this.deps.store.webhooks.registration(row.subscriberId)
    const outcome: PostOutcome = registration
      ? await this.post(registration, row.body)
      : {
          ok: false,
          statusCode: null,
          error: 'The webhook registration was deleted before this event was delivered.',
        }
    await this.deps.store.webhooks.recordAttempt(this.recordOf(row, outcome, registration !== undefined))
  }

  private async post(registration: StoredRegistration, body: string): Promise<PostOutcome> {
    const url = new URL(registration.webhookUrl)
    const refusal = this.deps.receivers.refusal(url)
    if (refusal) return { ok: false, statusCode: null, error: refusal }
    const identity = await this.deps.identity()
    return postEvent({
      url,
      body,
      headers: signedHeaders(identity, body, registration.msSignatureHeader, this.deps.certificateUrl()),
      timeoutMs: this.settings.timeoutMs,
      lookup: this.deps.receivers.lookupFor(url),
    })
  }

  private recordOf(row: DeliveryRow, outcome: PostOutcome, retryable: boolean): AttemptRecord {
    const attempts = row.attempts + 1
    const common = { id: row.id, attempts, lastStatusCode: outcome.statusCode }
    if (outcome.ok)
      return {
        ...common,
        status: 'delivered',
        lastError: null,
        nextAttemptMs: null,
        deliveredAt: formatServerDateTime(this.deps.clock.now()),
      }
    if (!retryable || attempts >= this.settings.retry.maxAttempts)
      return { ...common, status: 'dead', lastError: outcome.error, nextAttemptMs: null, deliveredAt: null }
    const delay = retryDelayMs(attempts, this.settings.retry, Math.random())
    return {
      ...common,
      status: 'pending',
      lastError: outcome.error,
      nextAttemptMs: this.nowMs() + delay,
      deliveredAt: null,
    }
  }

  private nowMs(): number {
    return this.deps.wall.now().getTime()
  }
}

/** Partner Center's headers: the signature in `Authorization: Signature …` or, when asked, `x-ms-signature`. */
export function signedHeaders(
  identity: SigningIdentity,
  body: string,
  msSignatureHeader: boolean,
  certificateUrl: string,
): OutgoingHttpHeaders {
  const signature = signBody(identity, body)
  return {
    'content-type': 'application/json',
    'user-agent': 'cosell-webhooks',
    'x-ms-certificate-url': certificateUrl,
    'x-ms-signature-algorithm': 'rsa-sha256',
    ...(msSignatureHeader ? { 'x-ms-signature': signature } : { authorization: `Signature ${signature}` }),
  }
}
