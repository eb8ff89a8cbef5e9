// Every referral, filtered and sorted by OData ($filter, $orderby) from the query string, so a
// filtered pipeline is a link to share; totals by status and deal value; the server's pages of
// 100, one after another through @odata.nextLink.
import { useState } from 'preact/hooks'
import { filter, type Filter } from '../../client/filter.js'
import type { Referral, ReferralPage } from '../../client/referrals.js'
import { directions, referralStatuses, referralTypes } from '../choices.js'
import { amount, day, money, usdSumLabel, usdValue } from '../format.js'
import { useLoad } from '../load.js'
import { Link, navigate, type Params } from '../route.js'
import type { Clients } from '../session.js'
import { ErrorBox } from './errors.js'

const totalsCap = 2000

export const sortable = {
  updatedDateTime: 'Updated',
  createdDateTime: 'Created',
  'details/dealValue': 'Deal value',
  'details/closingDateTime': 'Closing',
  name: 'Name',
  'customerProfile/name': 'Customer',
} as const

/** The `$filter` the pipeline's filters mean, or undefined when none is set. */
export function pipelineFilter(params: Params): Filter | undefined {
  const parts: Filter[] = []
  if (params.status) parts.push(filter.eq('status', params.status as (typeof referralStatuses)[number]))
  if (params.direction) parts.push(filter.eq('direction', params.direction as (typeof directions)[number]))
  if (params.type) parts.push(filter.eq('type', params.type as (typeof referralTypes)[number]))
  if (params.customer) parts.push(filter.contains('customerProfile/name', params.customer))
  const min = Number(params.min)
  if (params.min && Number.isFinite(min)) parts.push(filter.ge('details/dealValue', min))
  const [first, ...rest] = parts
  return first ? filter.and(first, ...rest) : undefined
}

export function pipelineOrder(params: Params): string {
  const field = params.sort && params.sort in sortable ? params.sort : 'updatedDateTime'
  return `${field} ${params.dir === 'asc' ? 'asc' : 'desc'}`
}

interface Totals {
  readonly byStatus: Record<string, { count: number; value: number }>
  readonly count: number
  readonly capped: boolean
}

async function totalsOf(clients: Clients, $filter: Filter | undefined): Promise<Totals> {
  const byStatus: Totals['byStatus'] = {}
  let count = 0
  for await (const r of clients.referrals.all($filter ? { $filter } : {})) {
    const entry = (byStatus[r.status] ??= { count: 0, value: 0 })
    entry.count++
    entry.value += usdValue(r.details)
    if (++count >= totalsCap) return { byStatus, count, capped: true }
  }
  return { byStatus, count, capped: false }
}

export function Pipeline(props: { clients: Clients; params: Params }) {
  const { params, clients } = props
  const $filter = pipelineFilter(params)
  const $orderby = pipelineOrder(params)
  const key = `${$filter?.text ?? ''}|${$orderby}`
  const [pages, setPages] = useState<{ key: string; links: string[] }>({ key, links: [] })
  const links = pages.key === key ? pages.links : []
  const here = links.at(-1)
  // the server's pages of 100: the first from the options, the next ones from their nextLinks
  const page = useLoad<ReferralPage>(
    () =>
      here
        ? clients.referrals.next(here)
        : clients.referrals.list({ ...($filter ? { $filter } : {}), $orderby }),
    [clients, key, here],
  )
  const totals = useLoad(() => totalsOf(clients, $filter), [clients, key])
  const set = (change: Params) => navigate({ ...params, ...change, view: 'pipeline' }, true)

  return (
    <section>
      <h1>Pipeline</h1>
      <form class="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <Choice
          label="Status"
          value={params.status}
          values={referralStatuses}
          onChange={(status) => set({ status })}
        />
        <Choice
          label="Direction"
          value={params.direction}
          values={directions}
          onChange={(direction) => set({ direction })}
        />
        <Choice label="Type" value={params.type} values={referralTypes} onChange={(type) => set({ type })} />
        <label>
          Customer contains
          <input value={params.customer ?? ''} onChange={(e) => set({ customer: e.currentTarget.value })} />
        </label>
        <label>
          Deal value at least
          <input
            type="number"
            min="0"
            value={params.min ?? ''}
            onChange={(e) => set({ min: e.currentTarget.value })}
          />
        </label>
        <label>
          Sort by
          <select
            value={params.sort ?? 'updatedDateTime'}
            onChange={(e) => set({ sort: e.currentTarget.value })}
          >
            {Object.entries(sortable).map(([field, label]) => (
              <option key={field} value={field}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Order
          <select value={params.dir ?? 'desc'} onChange={(e) => set({ dir: e.currentTarget.value })}>
            <option value="desc">Descending</option>
            <option value="asc">Ascending</option>
          </select>
        </label>
      </form>
      <p class="odata">
        <code>$filter={$filter?.text ?? '(none)'}</code> <code>$orderby={$orderby}</code>
      </p>
      <TotalsTable totals={totals.data} />
      <ErrorBox error={page.error ?? totals.error} />
      {page.data && <ReferralTable referrals={page.data.value} />}
      <nav class="pager" aria-label="Pages">
        <button
          type="button"
          disabled={links.length === 0}
          onClick={() => setPages({ key, links: links.slice(0, -1) })}
        >
          Previous page
        </button>
        <span>Page {links.length + 1}</span>
        <button
          type="button"
          disabled={!page.data?.['@odata.nextLink']}
          onClick={() => setPages({ key, links: [...links, page.data!['@odata.nextLink']!] })}
        >
          Next page
        </button>
      </nav>
    </section>
  )
}

function Choice(props: {
  label: string
  value: string | undefined
  values: readonly string[]
  onChange: (value: string) => void
}) {
  return (
    <label>
      {props.label}
      <select value={props.value ?? ''} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">Any</option>
        {props.values.map((value) => (
          <option key={value}>{value}</option>
        ))}
      </select>
    </label>
  )
}

function TotalsTable(props: { totals: Totals | undefined }) {
  const totals = props.totals
  if (!totals) return <p class="hint">Counting…</p>
  return (
    <table class="totals" aria-label="Totals by status">
      <thead>
        <tr>
          <th scope="col">Status</th>
          <th scope="col">Referrals</th>
          <th scope="col">{usdSumLabel}</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(totals.byStatus).map(([status, entry]) => (
          <tr key={status}>
            <th scope="row">{status}</th>
            <td class="number">{entry.count}</td>
            <td class="number">{amount(entry.value)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">All{totals.capped ? ` (first ${totals.count})` : ''}</th>
          <td class="number">{totals.count}</td>
          <td class="number">
            {amount(Object.values(totals.byStatus).reduce((sum, e) => sum + e.value, 0))}
          </td>
        </tr>
      </tbody>
    </table>
  )
}

export function ReferralTable(props: { referrals: readonly Referral[] }) {
  if (props.referrals.length === 0) return <p>No referrals match.</p>
  return (
    <table class="referrals">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Customer</th>
          <th scope="col">Status</th>
          <th scope="col">Direction</th>
          <th scope="col">Type</th>
          <th scope="col">Deal value</th>
          <th scope="col">Closing</th>
          <th scope="col">Updated</th>
        </tr>
      </thead>
      <tbody>
        {props.referrals.map((r) => (
          <tr key={r.id}>
            <td>
              <Link to={{ view: 'referral', id: r.id }}>{r.name || r.id}</Link>
            </td>
            <td>{r.customerProfile.name}</td>
            <td>
              <span class={`status status-${r.status}`}>{r.status}</span> {r.substatus}
            </td>
            <td>{r.direction}</td>
            <td>{r.type}</td>
            <td class="number">{money(r.details.dealValue, r.details.currency)}</td>
            <td>{day(r.details.closingDateTime)}</td>
            <td>{day(r.updatedDateTime)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
