// Issue 9 item 6: the CPU a body under the 1 MiB limit can cost the server before it is answered.
// Each shape of hostile-bodies.ts goes through app.inject in this process (no network, no client
// on the same cores), a few times to warm up, then measured; the median is reported, with the
// answer's status and first rule. The largest plausible referral is measured alongside.
import { collectionPath, itemPath, jsonHeaders } from '../api.js'
import { hostileBodies, largestReferral, type HostileBody } from '../hostile-bodies.js'
import type { Env } from '../measure.js'
import type { Row } from '../report.js'
import { partnerLedCreate } from '../../test/support/fixtures.js'
import { makeTestApp, type TestApp } from '../../test/support/test-app.js'

const warmups = 3
const measured = 9
const cpuTargetMs = 5

export async function hostileBodiesScenario(env: Env): Promise<Row[]> {
  const t = await makeTestApp()
  try {
    const created = await t.app.inject({
      method: 'POST',
      url: collectionPath,
      headers: jsonHeaders,
      payload: JSON.stringify(partnerLedCreate()),
    })
    const id = created.json<{ id: string }>().id
    const rows: Row[] = []
    for (const shape of [...hostileBodies, largestReferral]) {
      env.log(`hostile bodies: ${shape.name}`)
      rows.push(await measureBody(t, shape, id))
    }
    return rows
  } finally {
    await t.close()
  }
}

async function measureBody(t: TestApp, shape: HostileBody, id: string): Promise<Row> {
  const payload = shape.body()
  const url = shape.method === 'POST' ? collectionPath : itemPath(id)
  const cpu: number[] = []
  let answer = ''
  for (let i = 0; i < warmups + measured; i++) {
    const before = process.cpuUsage()
    const res = await t.app.inject({ method: shape.method, url, headers: jsonHeaders, payload })
    const spent = process.cpuUsage(before)
    if (i >= warmups) cpu.push((spent.user + spent.system) / 1000)
    answer = describeAnswer(res.statusCode, res.body)
  }
  const cpuMs = median(cpu)
  return {
    scenario: `${shape.method} ${shape.name}`,
    rows: '1',
    cpuMs,
    target: { text: `CPU ≤ ${cpuTargetMs} ms`, met: cpuMs <= cpuTargetMs },
    note: `${(payload.length / 1_000_000).toFixed(2)} MB; ${answer}`,
  }
}

function describeAnswer(status: number, body: string): string {
  if (status < 400) return String(status)
  const details = (JSON.parse(body) as { error: { innerError?: { details?: { code: string }[] } } }).error
    .innerError?.details
  const rules = [...new Set((details ?? []).map((d) => d.code))]
  return `${status} ${rules.slice(0, 3).join(', ')}${details && details.length > 1 ? ` (${details.length} problems)` : ''}`
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}
