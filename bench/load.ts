// The load generator: autocannon's programmatic API in this process, one request built per call
// of `next` (random ids, varied bodies). Latencies are taken from autocannon's per-response event
// in fractional milliseconds, since its own histogram keeps whole milliseconds only.
import autocannon from 'autocannon'

export type NextRequest = { readonly path: string; readonly body?: string }

export type LoadOptions = {
  readonly origin: string
  readonly seconds: number
  readonly connections: number
  readonly method?: 'GET' | 'POST' | 'PATCH'
  readonly headers: Record<string, string>
  readonly next: () => NextRequest
  /** Sees every response, e.g. to collect the ids of acknowledged creates. */
  readonly onResponse?: (status: number, body: string) => void
}

export type LoadResult = {
  /** 2xx responses per second. */
  readonly rps: number
  readonly ok: number
  readonly failed: number
  readonly statuses: Readonly<Record<string, number>>
  readonly p50: number
  readonly p99: number
  readonly seconds: number
  /** The body of the first failed response, to say why. */
  readonly firstFailure?: string
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  return summarizeRuns([await collect(options)])
}

/** One load spread over several servers of one service (as a balancer would): the connections are
 *  shared out among `origins`, and the figures are those of all the responses together. */
export async function runSpreadLoad(
  options: Omit<LoadOptions, 'origin'>,
  origins: readonly string[],
): Promise<LoadResult> {
  const share = (i: number) =>
    Math.floor(options.connections / origins.length) + (i < options.connections % origins.length ? 1 : 0)
  const runs = await Promise.all(
    origins.map((origin, i) => collect({ ...options, origin, connections: Math.max(1, share(i)) })),
  )
  return summarizeRuns(runs)
}

type Run = {
  readonly latencies: number[]
  readonly statuses: Record<string, number>
  readonly failed: number
  readonly seconds: number
  readonly firstFailure?: string
}

async function collect(options: LoadOptions): Promise<Run> {
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  let firstFailure: string | undefined
  const started = performance.now()
  const settings: autocannon.Options = {
    url: options.origin,
    connections: options.connections,
    duration: options.seconds,
    method: options.method ?? 'GET',
    headers: options.headers,
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => ({ ...request, ...options.next() }),
        onResponse: (status: number, body: string) => {
          if (status >= 300) firstFailure ??= errorMessage(body)
          options.onResponse?.(status, body)
        },
      },
    ],
  }
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(settings, (error: unknown, done: autocannon.Result) =>
      error
        ? reject(error instanceof Error ? error : new Error(`autocannon failed: ${JSON.stringify(error)}`))
        : resolve(done),
    )
    instance.on('response', (_client, status, _bytes, ms) => {
      statuses[status] = (statuses[status] ?? 0) + 1
      if (status >= 200 && status < 300) latencies.push(ms)
    })
  })
  if (result.errors > 0) statuses['socket errors'] = result.errors
  const failed = result.errors + result.non2xx // errors include timeouts
  const seconds = (performance.now() - started) / 1000
  return { latencies, statuses, failed, seconds, ...(firstFailure === undefined ? {} : { firstFailure }) }
}

/** Runs that went on side by side: their responses over the longest run's time. */
function summarizeRuns(runs: readonly Run[]): LoadResult {
  const statuses: Record<string, number> = {}
  for (const run of runs)
    for (const [code, n] of Object.entries(run.statuses)) statuses[code] = (statuses[code] ?? 0) + n
  return summarize(
    runs.flatMap((run) => run.latencies),
    statuses,
    runs.reduce((sum, run) => sum + run.failed, 0),
    Math.max(...runs.map((run) => run.seconds)),
    runs.find((run) => run.firstFailure !== undefined)?.firstFailure,
  )
}

/** Figures from latencies gathered some other way (`seconds`: the time they were gathered over). */
export function summarize(
  latencies: number[],
  statuses: Record<string, number>,
  failed: number,
  seconds: number,
  firstFailure?: string,
): LoadResult {
  latencies.sort((a, b) => a - b)
  return {
    ...(firstFailure === undefined ? {} : { firstFailure }),
    rps: latencies.length / seconds,
    ok: latencies.length,
    failed,
    statuses,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    seconds,
  }
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
}

/** Times one GET with fetch (for requests too slow for a timed run); gives up after `timeoutMs`. */
export async function timeGet(
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Timed> {
  const sent = performance.now()
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) })
  const text = await response.text()
  return { status: response.status, text, ms: performance.now() - sent }
}

export type Timed = { readonly status: number; readonly text: string; readonly ms: number }

/** Figures from requests timed one after another (`timeGet`). */
export function sequentialResult(samples: readonly Timed[]): LoadResult {
  const statuses: Record<string, number> = {}
  for (const sample of samples) statuses[sample.status] = (statuses[sample.status] ?? 0) + 1
  const ok = samples.filter((sample) => sample.status < 300)
  const failedBody = samples.find((sample) => sample.status >= 300)?.text
  const seconds = samples.reduce((sum, sample) => sum + sample.ms, 0) / 1000
  return summarize(
    ok.map((sample) => sample.ms),
    statuses,
    samples.length - ok.length,
    seconds,
    failedBody === undefined ? undefined : errorMessage(failedBody),
  )
}

/** The `error.message` of an error body (the documented error body), or the start of the body. */
export function errorMessage(body: string): string {
  try {
    const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message
    if (typeof message === 'string') return message.slice(0, 200)
  } catch {
    // not JSON: say what came
  }
  return body.slice(0, 120)
}
