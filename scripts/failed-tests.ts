// Reads the test runner's TAP as it passes and keeps each failed test with its place and error,
// to list them again at the end: a CI page shows the end of a long log, where TAP has only counts.

export interface FailedTest {
  /** Its suites (a file's wrapper first), then its own name. */
  readonly path: readonly string[]
  /** Its location and error, as the runner wrote them. */
  readonly detail: readonly string[]
}

/** Lines of a failure's detail that are kept: enough to find it and to see the error. */
const detailLines = 14

export class FailedTests {
  readonly found: FailedTest[] = []
  private readonly names: string[] = []
  private open: { path: string[]; detail: string[]; parent: boolean; inYaml: boolean } | undefined

  line(text: string): void {
    if (this.open && !this.open.inYaml && text.trim() !== '---') this.finish()
    const subtest = /^( *)# Subtest: (.*)$/.exec(text)
    if (subtest) {
      const depth = subtest[1]!.length / 4
      this.names.length = depth
      this.names[depth] = subtest[2]!
      return
    }
    const failed = /^( *)not ok \d+ - (.*)$/.exec(text)
    if (failed) {
      const depth = failed[1]!.length / 4
      this.open = {
        path: [...this.names.slice(0, depth), failed[2]!],
        detail: [],
        parent: false,
        inYaml: false,
      }
      return
    }
    this.detailLine(text)
  }

  private detailLine(text: string): void {
    const open = this.open
    if (!open) return
    const trimmed = text.trim()
    if (trimmed === '---') open.inYaml = true
    else if (trimmed === '...') this.finish()
    else if (trimmed === "failureType: 'subtestsFailed'") open.parent = true
    else if (trimmed !== '' && !/^(duration_ms|type):/.test(trimmed) && open.detail.length < detailLines)
      open.detail.push(trimmed)
  }

  /** Keeps the open failure, unless it is a suite that failed for its tests: they are listed themselves. */
  private finish(): void {
    const open = this.open!
    if (!open.parent) this.found.push({ path: open.path, detail: open.detail })
    this.open = undefined
  }

  /** The output ended: a failure still open is kept. */
  end(): void {
    if (this.open) this.finish()
  }

  /** The list, as TAP comments. */
  summary(): string {
    if (this.found.length === 0) return ''
    const lines = [`# failed tests (${this.found.length}):`]
    for (const { path, detail } of this.found) {
      lines.push(`#   ${path.join(' > ')}`)
      for (const line of detail) lines.push(`#       ${line}`)
    }
    return `${lines.join('\n')}\n`
  }
}
