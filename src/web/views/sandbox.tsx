// The sandbox's controls (the admin API): the virtual clock, Microsoft's side (send a lead, its
// policy, its referrals), snapshots, sample data, webhook deliveries, fault rules and the report on
// this tenant's client. Each panel loads and acts on its own.
import { useState } from 'preact/hooks'
import { ApiError } from '../../client/errors.js'
import type { Referral } from '../../client/referrals.js'
import { dateTime, money } from '../format.js'
import { useLoad, type Loaded } from '../load.js'
import { Link } from '../route.js'
import { sampleLead } from '../sample-lead.js'
import type { Clients, Session } from '../session.js'
import { ErrorBox } from './errors.js'

type Act = (work: () => Promise<unknown>, done?: string) => void

export function Sandbox(props: { clients: Clients; session: Session }) {
  const [error, setError] = useState<unknown>(null)
  const [message, setMessage] = useState('')
  const [round, setRound] = useState(0)
  const act: Act = (work, done) => {
    setError(null)
    setMessage('')
    work().then(
      (result) => {
        setMessage(done ?? summary(result))
        setRound((n) => n + 1)
      },
      (failure: unknown) => setError(failure),
    )
  }
  const shared = { clients: props.clients, act, round, tenant: props.session.tenant }
  return (
    <section class="sandbox">
      <h1>Sandbox</h1>
      <ErrorBox error={error} />
      <p role="status" class="message">
        {message}
      </p>
      <div class="panels">
        <ClockPanel {...shared} />
        <MicrosoftPanel {...shared} />
        <SnapshotPanel {...shared} />
        <SeedPanel {...shared} />
        <DeliveriesPanel {...shared} />
        <FaultsPanel {...shared} />
        <ReportPanel {...shared} />
      </div>
    </section>
  )
}

interface PanelProps {
  readonly clients: Clients
  readonly act: Act
  readonly round: number
  readonly tenant: string
}

function summary(result: unknown): string {
  if (result && typeof result === 'object' && 'now' in result) {
    const moved = result as { now: string; expired?: number }
    return `Clock now ${dateTime(moved.now)}${moved.expired ? `; ${moved.expired} referral(s) expired` : ''}.`
  }
  return 'Done.'
}

function Panel(props: { title: string; loaded?: Loaded<unknown>; children: preact.ComponentChildren }) {
  return (
    <section class="panel" aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.loaded?.error ? <ErrorBox error={props.loaded.error} /> : props.children}
    </section>
  )
}

function ClockPanel({ clients, act, round }: PanelProps) {
  const clock = useLoad(() => clients.admin.clock(), [clients, round])
  const [duration, setDuration] = useState('P1D')
  const [instant, setInstant] = useState('')
  const advance = (by: string) => act(() => clients.admin.changeClock({ advance: by }))
  return (
    <Panel title="Virtual clock" loaded={clock}>
      {clock.data && (
        <p>
          Now <strong data-testid="clock-now">{dateTime(clock.data.now)}</strong> (
          {clock.data.frozen ? 'frozen' : 'running'}, offset {clock.data.offset})
        </p>
      )}
      <div class="row">
        <button type="button" onClick={() => advance('P1D')}>
          +1 day
        </button>
        <button type="button" onClick={() => advance('P7D')}>
          +7 days
        </button>
        <button type="button" onClick={() => advance('P15D')}>
          +15 days
        </button>
      </div>
      <form class="row" onSubmit={(e) => (e.preventDefault(), advance(duration))}>
        <label>
          Advance by (ISO 8601 duration)
          <input value={duration} onInput={(e) => setDuration(e.currentTarget.value)} />
        </label>
        <button type="submit">Advance</button>
      </form>
      <form
        class="row"
        onSubmit={(e) => (
          e.preventDefault(),
          void act(() => clients.admin.changeClock({ set: new Date(instant).toISOString() }))
        )}
      >
        <label>
          Set to
          <input type="datetime-local" value={instant} onInput={(e) => setInstant(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={!instant}>
          Set
        </button>
      </form>
      <div class="row">
        <button type="button" onClick={() => act(() => clients.admin.changeClock({ freeze: true }))}>
          Freeze
        </button>
        <button type="button" onClick={() => act(() => clients.admin.changeClock({ resume: true }))}>
          Resume
        </button>
      </div>
    </Panel>
  )
}

async function ensureOrganization(clients: Clients, tenant: string) {
  try {
    await clients.admin.organization(tenant)
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error
    await clients.admin.saveOrganization(tenant, {})
  }
}

function MicrosoftPanel({ clients, act, round, tenant }: PanelProps) {
  const policy = useLoad(() => clients.microsoft.policy(), [clients, round])
  const referrals = useLoad(
    () => clients.microsoft.referrals({ $top: 10, $orderby: 'updatedDateTime desc' }),
    [clients, round],
  )
  const [reason, setReason] = useState('')
  const sendLead = () =>
    act(async () => {
      await ensureOrganization(clients, tenant)
      const clock = await clients.admin.clock()
      await clients.microsoft.sendLead({
        organizationId: tenant,
        kind: 'qualifiedLead',
        referral: sampleLead(Math.floor(Math.random() * 1000), new Date(clock.now).getTime()),
      })
    }, 'Microsoft sent a lead: see the inbox.')
  const reasons = policy.data?.declineReasons ?? []
  const microsoftAct = (r: Referral, action: 'accept' | 'decline') =>
    act(() =>
      clients.microsoft.act(
        r.id,
        action === 'accept' ? { action } : { action, statusReason: reason || reasons[0] || 'Not a customer' },
      ),
    )
  return (
    <Panel title="Microsoft's side" loaded={policy}>
      <button type="button" onClick={sendLead}>
        Send a lead to this tenant
      </button>
      {policy.data && (
        <form class="row" onSubmit={(e) => e.preventDefault()}>
          <label>
            Policy
            <select
              value={policy.data.mode}
              onChange={(e) =>
                act(() =>
                  clients.microsoft.savePolicy({ mode: e.currentTarget.value as 'manual' | 'scripted' }),
                )
              }
            >
              <option value="manual">manual: nothing happens until someone acts</option>
              <option value="scripted">
                scripted: answers after {policy.data.respondAfterBusinessDays} business days
              </option>
            </select>
          </label>
          <button type="button" onClick={() => act(() => clients.microsoft.runPolicy())}>
            Run policy now
          </button>
        </form>
      )}
      <label>
        Decline reason
        <select value={reason || reasons[0]} onChange={(e) => setReason(e.currentTarget.value)}>
          {reasons.map((text) => (
            <option key={text}>{text}</option>
          ))}
        </select>
      </label>
      <ul class="compact">
        {(referrals.data?.value ?? []).map((r) => (
          <li key={r.id}>
            {r.name ?? r.id} · {r.status} {r.substatus} · {money(r.details.dealValue, r.details.currency)}{' '}
            {r.status === 'New' && (
              <>
                <button type="button" onClick={() => microsoftAct(r, 'accept')}>
                  Accept as Microsoft
                </button>
                <button type="button" onClick={() => microsoftAct(r, 'decline')}>
                  Decline as Microsoft
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </Panel>
  )
}

function SnapshotPanel({ clients, act, round }: PanelProps) {
  const snapshots = useLoad(() => clients.admin.snapshots(), [clients, round])
  const [name, setName] = useState('')
  return (
    <Panel title="Snapshots" loaded={snapshots}>
      <form
        class="row"
        onSubmit={(e) => (
          e.preventDefault(),
          void act(() => clients.admin.saveSnapshot(name), `Saved snapshot ${name}.`)
        )}
      >
        <label>
          Name
          <input
            value={name}
            required
            pattern="[A-Za-z0-9._-]+"
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <button type="submit">Save snapshot</button>
      </form>
      <ul class="compact">
        {(snapshots.data ?? []).map((s) => (
          <li key={s.name}>
            {s.name} ({dateTime(s.savedAt)}){' '}
            <button
              type="button"
              onClick={() => act(() => clients.admin.restoreSnapshot(s.name), `Restored ${s.name}.`)}
            >
              Restore
            </button>
            <button
              type="button"
              onClick={() => act(() => clients.admin.deleteSnapshot(s.name), `Deleted ${s.name}.`)}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        class="danger"
        onClick={() =>
          confirm('Remove every referral, organisation and setting?') &&
          act(() => clients.admin.reset(), 'The sandbox was reset.')
        }
      >
        Reset the sandbox
      </button>
    </Panel>
  )
}

function SeedPanel({ clients, act, tenant }: PanelProps) {
  const [count, setCount] = useState('50')
  const [seed, setSeed] = useState('42')
  return (
    <Panel title="Sample data">
      <form
        class="row"
        onSubmit={(e) => (
          e.preventDefault(),
          void act(
            () =>
              clients.admin.seed({ organizationId: tenant, referrals: Number(count), seed: Number(seed) }),
            `Added ${count} sample referrals.`,
          )
        )}
      >
        <label>
          Referrals
          <input
            type="number"
            min="1"
            max="1000"
            value={count}
            onInput={(e) => setCount(e.currentTarget.value)}
          />
        </label>
        <label>
          Seed
          <input type="number" min="0" value={seed} onInput={(e) => setSeed(e.currentTarget.value)} />
        </label>
        <button type="submit">Seed this tenant</button>
      </form>
    </Panel>
  )
}

function DeliveriesPanel({ clients, act, round, tenant }: PanelProps) {
  const deliveries = useLoad(
    () => clients.admin.webhookDeliveries({ tenant, top: 10 }),
    [clients, round, tenant],
  )
  return (
    <Panel title="Webhook deliveries" loaded={deliveries}>
      {deliveries.data?.length === 0 && <p>No deliveries (register a webhook through the API).</p>}
      <ul class="compact">
        {(deliveries.data ?? []).map((d) => (
          <li key={d.id}>
            {d.eventName} · {d.status} · {d.attempts} attempt(s){' '}
            <button
              type="button"
              onClick={() => act(() => clients.admin.redeliverWebhook(d.id), 'Sent again.')}
            >
              Redeliver
            </button>
          </li>
        ))}
      </ul>
    </Panel>
  )
}

function FaultsPanel({ clients, act, round }: PanelProps) {
  const faults = useLoad(() => clients.admin.faults(), [clients, round])
  return (
    <Panel title="Fault rules" loaded={faults}>
      {faults.data?.length === 0 && <p>No fault rules: the API behaves.</p>}
      <ul class="compact">
        {(faults.data ?? []).map(
          ({ id, seed: _seed, matched: _matched, fired, remaining: _left, spent: _spent, ...rule }) => (
            <li key={id}>
              <code>{JSON.stringify(rule)}</code> fired {fired} time(s){' '}
              <button type="button" onClick={() => act(() => clients.admin.deleteFault(id), 'Rule removed.')}>
                Remove
              </button>
            </li>
          ),
        )}
      </ul>
      <button
        type="button"
        onClick={() =>
          act(() => clients.admin.addFault({ status: 503, times: 1 }), 'The next API call answers 503.')
        }
      >
        Make the next call fail (503)
      </button>
    </Panel>
  )
}

function ReportPanel({ clients, round, tenant }: PanelProps) {
  const report = useLoad(() => clients.admin.report(tenant), [clients, round, tenant])
  return (
    <Panel title="Client report" loaded={report}>
      {report.data && (
        <>
          <p>{report.data.requests} request(s) read from the journal.</p>
          <ul class="compact">
            {report.data.clients.flatMap((client) =>
              client.findings.map((finding) => (
                <li key={client.userAgent + finding.kind}>
                  <strong>{finding.title}</strong> ({client.userAgent}): {finding.what}
                </li>
              )),
            )}
          </ul>
          <Link to={{ view: 'pipeline' }}>Back to the pipeline</Link>
        </>
      )}
    </Panel>
  )
}
