// Charts over every referral the signed-in user may read (Chart.js, drawn on canvas): pipeline
// value by status and by FY26 solution area, and deals won and lost by month.
import { useEffect, useRef } from 'preact/hooks'
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js'
import type { Referral } from '../../client/referrals.js'
import { amount, usdSumLabel, usdValue } from '../format.js'
import { useLoad } from '../load.js'
import type { Clients } from '../session.js'
import { ErrorBox } from './errors.js'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip)

const cap = 5000

async function everyReferral(clients: Clients): Promise<Referral[]> {
  const referrals: Referral[] = []
  for await (const r of clients.referrals.all({ $top: 100 })) if (referrals.push(r) >= cap) break
  return referrals
}

function sumBy(referrals: readonly Referral[], key: (r: Referral) => string): [string, number][] {
  const sums = new Map<string, number>()
  for (const r of referrals) sums.set(key(r), (sums.get(key(r)) ?? 0) + usdValue(r.details))
  return [...sums].sort((a, b) => b[1] - a[1])
}

const areaOf = (r: Referral) =>
  r.details.requirements.additionalRequirements.attributes.find((a) => a.type === 'SolutionArea')?.id ??
  '(no solution area)'

function wonLostByMonth(referrals: readonly Referral[]) {
  const months = new Map<string, { Won: number; Lost: number }>()
  for (const r of referrals) {
    if (r.status !== 'Closed' || (r.substatus !== 'Won' && r.substatus !== 'Lost')) continue
    const month = (r.closedDateTime ?? r.updatedDateTime).slice(0, 7)
    const entry = months.get(month) ?? { Won: 0, Lost: 0 }
    entry[r.substatus]++
    months.set(month, entry)
  }
  return [...months].sort((a, b) => a[0].localeCompare(b[0]))
}

const colours = { value: '#1f5fa8', won: '#1e7b34', lost: '#b3261e' }

export function Charts(props: { clients: Clients }) {
  const loaded = useLoad(() => everyReferral(props.clients), [props.clients])
  if (loaded.error) return <ErrorBox error={loaded.error} />
  if (!loaded.data) return <p>Loading…</p>
  const referrals = loaded.data
  const byStatus = sumBy(referrals, (r) => r.status)
  const byArea = sumBy(referrals, areaOf)
  const months = wonLostByMonth(referrals)
  const valueAxis = { ticks: { callback: (v: number | string) => amount(Number(v)) } }
  return (
    <section>
      <h1>Charts</h1>
      <p class="hint">
        {referrals.length} referrals{referrals.length >= cap ? ` (the first ${cap})` : ''}.
      </p>
      <div class="charts">
        <ChartBox
          title="Pipeline value by status"
          config={{
            type: 'bar',
            data: {
              labels: byStatus.map(([k]) => k),
              datasets: [
                {
                  label: usdSumLabel,
                  data: byStatus.map(([, v]) => v),
                  backgroundColor: colours.value,
                },
              ],
            },
            options: { scales: { y: valueAxis } },
          }}
        />
        <ChartBox
          title="Pipeline value by solution area"
          config={{
            type: 'bar',
            data: {
              labels: byArea.map(([k]) => k),
              datasets: [
                {
                  label: usdSumLabel,
                  data: byArea.map(([, v]) => v),
                  backgroundColor: colours.value,
                },
              ],
            },
            options: { indexAxis: 'y', scales: { x: valueAxis } },
          }}
        />
        <ChartBox
          title="Won and lost by month"
          config={{
            type: 'bar',
            data: {
              labels: months.map(([m]) => m),
              datasets: [
                { label: 'Won', data: months.map(([, e]) => e.Won), backgroundColor: colours.won },
                { label: 'Lost', data: months.map(([, e]) => e.Lost), backgroundColor: colours.lost },
              ],
            },
            options: { scales: { y: { ticks: { precision: 0 } } } },
          }}
        />
      </div>
    </section>
  )
}

function ChartBox(props: { title: string; config: ChartConfiguration<'bar'> }) {
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const chart = new Chart(canvas.current!, {
      ...props.config,
      options: { ...props.config.options, animation: false, maintainAspectRatio: false },
    })
    return () => chart.destroy()
  }, [props.config])
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div class="canvas">
        <canvas ref={canvas} role="img" aria-label={props.title} />
      </div>
    </figure>
  )
}
