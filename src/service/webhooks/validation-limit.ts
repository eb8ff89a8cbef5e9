// Partner Center allows 2 validation-event requests a minute (as Partner Center documents): a sliding
// window per tenant, kept in memory (a restart forgets it, which only ever lets a request more in).

export class ValidationLimit {
  private readonly taken = new Map<string, number[]>()

  constructor(
    private readonly perWindow = 2,
    private readonly windowMs = 60_000,
  ) {}

  /** Takes one request for `tenant` at `nowMs`; answers the seconds to wait when none is left. */
  take(tenant: string, nowMs: number): number | undefined {
    const recent = (this.taken.get(tenant) ?? []).filter((at) => at > nowMs - this.windowMs)
    if (recent.length >= this.perWindow) {
      this.taken.set(tenant, recent)
      return Math.max(1, Math.ceil((recent[0]! + this.windowMs - nowMs) / 1000))
    }
    recent.push(nowMs)
    this.taken.set(tenant, recent)
    return undefined
  }
}
