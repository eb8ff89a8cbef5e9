// One referral: its headline, every field, the engagement's other referrals, the deal registration
// with its status history (or the form to register the deal), what CRM sync engines reported of it,
// and the activity timeline with what each change did to which field.
import type { ChangeRecord } from '../../client/activities.js'
import type { Referral } from '../../client/referrals.js'
import { dateTime, money } from '../format.js'
import { useLoad } from '../load.js'
import { Link } from '../route.js'
import type { Clients } from '../session.js'
import { ErrorBox } from './errors.js'
import { FieldList, show } from './fields.js'
import { LifecycleForm } from './lifecycle.js'
import { RegisterDeal } from './register-deal.js'
import { SyncPanel } from './sync-panel.js'

async function loadReferral(clients: Clients, id: string) {
  const referral = await clients.referrals.get(id)
  const [related, activities, sync] = await Promise.all([
    clients.referrals.related(referral).catch(() => [] as Referral[]),
    clients.activities.ofReferral(id, { $top: 200 }),
    clients.sync.record(id),
  ])
  return { referral, related: related.filter((r) => r.id !== id), activities: activities.value, sync }
}

export function ReferralPage(props: { clients: Clients; id: string }) {
  const loaded = useLoad(() => loadReferral(props.clients, props.id), [props.clients, props.id])
  if (loaded.error) return <ErrorBox error={loaded.error} />
  if (!loaded.data) return <p>Loading…</p>
  const { referral: r, related, activities, sync } = loaded.data
  return (
    <section class="referral">
      <h1>{r.name || r.id}</h1>
      <p class="headline">
        <span class={`status status-${r.status}`}>{r.status}</span> {r.substatus}
        {r.statusReason ? ` (${r.statusReason})` : ''} · {r.direction} · {r.type} ·{' '}
        {money(r.details.dealValue, r.details.currency)} · {r.customerProfile.name}
      </p>
      <div class="row">
        <Link to={{ view: 'edit', id: r.id }} class="button">
          Edit
        </Link>
        <LifecycleForm clients={props.clients} referral={r} onMoved={loaded.reload} key={r.eTag} />
      </div>
      <div class="columns">
        <div>
          <h2>Activity</h2>
          <Timeline records={activities} />
          <h2>Engagement {r.engagementId}</h2>
          {related.length === 0 ? (
            <p>No other referral in this engagement.</p>
          ) : (
            <ul>
              {related.map((other) => (
                <li key={other.id}>
                  {other.organizationName}: {other.name || other.id} ({other.status} {other.substatus})
                  {other.organizationId === r.organizationId && (
                    <>
                      {' '}
                      <Link to={{ view: 'referral', id: other.id }}>open</Link>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          <h2>Deal registration</h2>
          <Registration referral={r} />
          {r.registrations.length === 0 && (
            <RegisterDeal clients={props.clients} referral={r} onRegistered={loaded.reload} key={r.eTag} />
          )}
          <h2>CRM sync</h2>
          <SyncPanel record={sync} />
        </div>
        <div>
          <h2>Every field</h2>
          <FieldList value={r} label="Every field" />
        </div>
      </div>
    </section>
  )
}

function Registration(props: { referral: Referral }) {
  const registration = props.referral.registrations[0]
  if (!registration) return <p>No deal registration ({props.referral.registrationStatus}).</p>
  const history = Object.entries(registration.statusHistory).filter(([, at]) => at)
  return (
    <div>
      <p>
        {registration.type}: <strong>{registration.status}</strong>
        {registration.statusReason ? ` (${registration.statusReason})` : ''}, registered{' '}
        {dateTime(registration.registrationDateTime)}
      </p>
      <table aria-label="Registration status history">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {history.map(([step, at]) => (
            <tr key={step}>
              <td>{step.replace(/DateTime$/, '')}</td>
              <td>{dateTime(at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function Timeline(props: { records: readonly ChangeRecord[] }) {
  if (props.records.length === 0) return <p>No recorded changes.</p>
  return (
    <ol class="timeline" aria-label="Activity timeline">
      {props.records.map((record) => (
        <li key={record.seq}>
          <p>
            <time dateTime={record.at}>{dateTime(record.at)}</time> · <strong>{record.kind}</strong> by{' '}
            {record.actor} <span class={`channel channel-${record.channel}`}>{record.channel}</span>
          </p>
          {record.fields.length > 0 && (
            <table class="diff">
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {record.fields.map((field) => (
                  <tr key={field.path}>
                    <td>{field.path}</td>
                    <td class="before">
                      <DiffValue value={field.from} />
                    </td>
                    <td class="after">
                      <DiffValue value={field.to} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </li>
      ))}
    </ol>
  )
}

/** A value of a diff: short ones as they are, a long one (a list, a registration) folded. */
function DiffValue(props: { value: unknown }) {
  const text = show(props.value)
  if (text.length <= 160) return <>{text}</>
  return (
    <details>
      <summary>{text.slice(0, 100)}…</summary>
      <pre>{JSON.stringify(props.value, null, 2)}</pre>
    </details>
  )
}
