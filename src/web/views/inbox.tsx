// Incoming referrals waiting for an answer (direction Incoming, status New): accept, or decline
// with one of the reasons Microsoft's side knows, before the 14 days run out.
import { useState } from 'preact/hooks'
import type { Referral } from '../../client/referrals.js'
import { sandboxNow } from '../clock.js'
import { money, timeLeft } from '../format.js'
import { useLoad } from '../load.js'
import { Link } from '../route.js'
import type { Clients } from '../session.js'
import { ErrorBox } from './errors.js'

export const incomingFilter = "direction eq 'Incoming' and status eq 'New'"

async function loadInbox(clients: Clients) {
  const [page, now, reasons] = await Promise.all([
    clients.referrals.list({ $filter: incomingFilter, $orderby: 'expirationDateTime asc', $top: 100 }),
    sandboxNow(clients),
    clients.microsoft.policy().then(
      (policy) => policy.declineReasons,
      () => [] as string[],
    ),
  ])
  return { referrals: page.value, now, reasons }
}

export function Inbox(props: { clients: Clients }) {
  const loaded = useLoad(() => loadInbox(props.clients), [props.clients])
  const [error, setError] = useState<unknown>(null)
  const [declining, setDeclining] = useState<string | null>(null)
  const act = (work: () => Promise<unknown>) => {
    setError(null)
    work().then(
      () => {
        setDeclining(null)
        loaded.reload()
      },
      (failure: unknown) => setError(failure),
    )
  }
  const accept = (r: Referral) =>
    act(() =>
      props.clients.referrals.patch(
        r.id,
        [
          { op: 'replace', path: '/status', value: 'Active' },
          { op: 'replace', path: '/substatus', value: 'Accepted' },
        ],
        { ifMatch: r.eTag },
      ),
    )
  const decline = (r: Referral, reason: string) =>
    act(() =>
      props.clients.referrals.patch(
        r.id,
        [
          { op: 'replace', path: '/status', value: 'Closed' },
          { op: 'replace', path: '/substatus', value: 'Declined' },
          { op: 'replace', path: '/statusReason', value: reason },
        ],
        { ifMatch: r.eTag },
      ),
    )

  const data = loaded.data
  return (
    <section>
      <h1>Inbox</h1>
      <p class="hint">Incoming referrals waiting for your answer. Each expires 14 days after it arrived.</p>
      <ErrorBox error={loaded.error ?? error} />
      {data && data.referrals.length === 0 && <p>Nothing waiting.</p>}
      {data && data.referrals.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Referral</th>
              <th scope="col">Customer</th>
              <th scope="col">From</th>
              <th scope="col">Deal value</th>
              <th scope="col">Time left</th>
              <th scope="col">Answer</th>
            </tr>
          </thead>
          <tbody>
            {data.referrals.map((r) => (
              <tr key={r.id} data-referral={r.id}>
                <td>
                  <Link to={{ view: 'referral', id: r.id }}>{r.name || r.id}</Link>
                </td>
                <td>{r.customerProfile.name}</td>
                <td>{r.inviteContext.invitedBy.organizationName ?? r.referralSource ?? '—'}</td>
                <td class="number">{money(r.details.dealValue, r.details.currency)}</td>
                <td>{timeLeft(r.expirationDateTime, data.now)}</td>
                <td class="actions">
                  {declining === r.id ? (
                    <DeclineForm
                      reasons={data.reasons}
                      onDecline={(reason) => decline(r, reason)}
                      onCancel={() => setDeclining(null)}
                    />
                  ) : (
                    <>
                      <button type="button" onClick={() => accept(r)}>
                        Accept
                      </button>
                      <button type="button" onClick={() => setDeclining(r.id)}>
                        Decline…
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

function DeclineForm(props: {
  reasons: readonly string[]
  onDecline: (reason: string) => void
  onCancel: () => void
}) {
  const [reason, setReason] = useState(props.reasons[0] ?? '')
  return (
    <form
      class="inline"
      onSubmit={(event) => {
        event.preventDefault()
        props.onDecline(reason)
      }}
    >
      <label>
        Reason
        {props.reasons.length > 0 ? (
          <select value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
            {props.reasons.map((text) => (
              <option key={text}>{text}</option>
            ))}
          </select>
        ) : (
          <input required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        )}
      </label>
      <button type="submit">Decline</button>
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  )
}
