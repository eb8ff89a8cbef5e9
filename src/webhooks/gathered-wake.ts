// A wake-up gathered over a few milliseconds. Commits under load come every few hundred µs; a
// round of webhook work, or an announcement to the leader, after each would cost statements on
// every API write. Whatever asks within the window is served by one call at its end.
export class GatheredWake {
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly windowMs: number,
    private readonly run: () => void,
  ) {}

  soon(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined
      this.run()
    }, this.windowMs)
  }

  cancel(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }
}
