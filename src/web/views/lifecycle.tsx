// Moving a referral along its lifecycle from its page: the moves the API allows from its status
// (the lifecycle table; `Expired` is the service's alone), with a reason where one is required.
import { useState } from 'preact/hooks'
import type { Referral } from '../../client/referrals.js'
import { serviceOnlySubstatuses, statusRules, substatusesNeedingReason } from '../choices.js'
import type { Clients } from '../session.js'
import { ErrorBox } from './errors.js'

/** `Status/Substatus` pairs a partner may move this referral to, other than where it is. */
export function movesFrom(r: Pick<Referral, 'status' | 'substatus'>): string[] {
  if (r.status === 'Closed') return [] // terminal: the table's Closed → Closed is only staying put
  return statusRules[r.status].next.flatMap((status) =>
    statusRules[status].substatuses
      .filter((sub) => !serviceOnlySubstatuses.includes(sub))
      .filter((sub) => status !== r.status || sub !== r.substatus)
      .map((sub) => `${status}/${sub}`),
  )
}

export function LifecycleForm(props: { clients: Clients; referral: Referral; onMoved: () => void }) {
  const moves = movesFrom(props.referral)
  const [move, setMove] = useState(moves[0] ?? '')
  const [reason, setReason] = useState('')
  const [error, setError] = useState<unknown>(null)
  if (moves.length === 0) return <p>{props.referral.status} is final: no further moves.</p>
  const [status, substatus] = move.split('/') as [Referral['status'], Referral['substatus']]
  const needsReason = substatusesNeedingReason.includes(substatus)
  const submit = (event: Event) => {
    event.preventDefault()
    setError(null)
    const operations = [
      { op: 'replace' as const, path: '/status', value: status },
      { op: 'replace' as const, path: '/substatus', value: substatus },
      ...(needsReason ? [{ op: 'replace' as const, path: '/statusReason', value: reason }] : []),
    ]
    props.clients.referrals
      .patch(props.referral.id, operations, { ifMatch: props.referral.eTag })
      .then(props.onMoved, setError)
  }
  return (
    <form class="inline" onSubmit={submit} aria-label="Move along the lifecycle">
      <label>
        Move to
        <select value={move} onChange={(e) => setMove(e.currentTarget.value)}>
          {moves.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      {needsReason && (
        <label>
          Reason (required)
          <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
      )}
      <button type="submit">Move</button>
      <ErrorBox error={error} />
    </form>
  )
}
