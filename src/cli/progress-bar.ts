// A one-line progress bar on standard error, redrawn at most ten times a second, and only on a
// terminal: piped or redirected, a command prints its summary alone.
import type { WriteStream } from 'node:tty'

export interface Progress {
  /** Fraction done, 0 to 1, when the total is known. */
  readonly fraction?: number
  readonly text: string
}

export class ProgressBar {
  private last = 0
  private shown = false

  constructor(private readonly stream: NodeJS.WriteStream & Partial<WriteStream> = process.stderr) {}

  get enabled(): boolean {
    return this.stream.isTTY === true
  }

  update(progress: () => Progress): void {
    if (!this.enabled) return
    const now = performance.now()
    if (now - this.last < 100) return
    this.last = now
    this.draw(progress())
  }

  /** Removes the bar, so the summary starts on a clean line. */
  clear(): void {
    if (!this.shown) return
    this.stream.write('\r\x1b[2K')
    this.shown = false
  }

  private draw({ fraction, text }: Progress): void {
    const width = 24
    const bar =
      fraction === undefined
        ? ''
        : `[${'#'.repeat(Math.round(fraction * width)).padEnd(width, '.')}] ${(fraction * 100).toFixed(0).padStart(3)}% `
    const line = `${bar}${text}`
    const columns = this.stream.columns ?? 80
    this.stream.write(`\r\x1b[2K${line.slice(0, columns - 1)}`)
    this.shown = true
  }
}
