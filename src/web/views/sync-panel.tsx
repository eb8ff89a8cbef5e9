// The referral page's "CRM sync" panel: what each connection of a CRM sync engine last reported of
// this referral (CRM id, status, last sync, last error), the changes it holds back, and its recent
// history; a quiet line when no engine reported on it.
import type { SyncConnectionState, SyncEvent, SyncRecord } from '../../client/sync.js'
import { dateTime } from '../format.js'
import { show } from './fields.js'

export function SyncPanel(props: { record: SyncRecord | null }) {
  const connections = props.record?.connections ?? []
  if (connections.length === 0) return <p class="quiet">Not synced with a CRM.</p>
  return (
    <div class="sync">
      {connections.map((c) => (
        <Connection key={c.connection} state={c} />
      ))}
    </div>
  )
}

function Connection(props: { state: SyncConnectionState }) {
  const c = props.state
  return (
    <section aria-label={`CRM sync: ${c.connection}`}>
      <h3>
        {c.connection} <small>({c.connector})</small>{' '}
        <span class={`badge sync-${c.status}`} data-status={c.status}>
          {c.status}
        </span>
      </h3>
      <dl class="sync-facts">
        <dt>CRM id</dt>
        <dd>{c.crmId ?? '— (not linked yet)'}</dd>
        <dt>Last synced</dt>
        <dd>{c.lastSyncedAt ? dateTime(c.lastSyncedAt) : 'never'}</dd>
        <dt>Last error</dt>
        <dd>{c.lastError ? `${c.lastError.reason}: ${c.lastError.message}` : 'none'}</dd>
        <dt>Reported</dt>
        <dd>{dateTime(c.reportedAt)}</dd>
      </dl>
      {c.held.length > 0 && (
        <table aria-label="Held changes">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Value</th>
              <th scope="col">Reason</th>
              <th scope="col">Since</th>
            </tr>
          </thead>
          <tbody>
            {c.held.map((h) => (
              <tr key={`${h.field} ${h.toSide}`}>
                <td>
                  {h.field} → {h.toSide === 'crm' ? 'CRM' : 'referral'} ({h.referralPath})
                </td>
                <td>{show(h.value)}</td>
                <td>{h.reason}</td>
                <td>{dateTime(h.since)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <SyncHistory events={c.history} />
    </section>
  )
}

const directions: Readonly<Record<SyncEvent['direction'], string>> = {
  toCrm: 'to the CRM',
  toReferral: 'to the referral',
  none: '',
}

function SyncHistory(props: { events: readonly SyncEvent[] }) {
  if (props.events.length === 0) return <p class="quiet">No sync history yet.</p>
  return (
    <ol class="timeline" aria-label="Sync history">
      {props.events.map((e, i) => (
        <li key={`${e.at} ${i}`}>
          <time dateTime={e.at}>{dateTime(e.at)}</time> · <strong>{e.action}</strong>{' '}
          {directions[e.direction]}
          {e.fields.length > 0 ? ` · ${e.fields.join(', ')}` : ''}
          {e.message ? ` · ${e.message}` : ''}
        </li>
      ))}
    </ol>
  )
}
