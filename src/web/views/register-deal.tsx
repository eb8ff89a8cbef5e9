// "Register this deal" on a referral's page: asks the eligibility endpoint first and says why not;
// else the registration form, sent as the connector's `add /registrations/-` with If-Match of the
// page's eTag. The API's problems are shown at their fields; a 412 asks to reload the page.
import { useState } from 'preact/hooks'
import { ApiError } from '../../client/errors.js'
import type { Referral } from '../../client/referrals.js'
import type { Draft, FieldValue } from '../form-model.js'
import { useLoad } from '../load.js'
import {
  newRegistrationDraft,
  registrationFieldOf,
  registrationOf,
  registrationSections,
} from '../registration-form.js'
import type { Clients } from '../session.js'
import { ErrorBox, problemsOf } from './errors.js'
import { FailureBox, FormSections } from './referral-form.js'

export function RegisterDeal(props: { clients: Clients; referral: Referral; onRegistered: () => void }) {
  const { clients, referral } = props
  const eligibility = useLoad(() => clients.registrations.eligibility(referral.id), [clients, referral.id])
  if (eligibility.error) return <ErrorBox error={eligibility.error} />
  if (!eligibility.data) return <p>Checking eligibility…</p>
  const { isEligible, referralProperties } = eligibility.data
  if (!isEligible) return <p>Not eligible for a deal registration: {referralProperties.reason}</p>
  const solutions = (referralProperties.eligibleSolutionIds ?? '').split(',').filter(Boolean)
  return <RegistrationForm {...props} solutions={solutions} />
}

function RegistrationForm(props: {
  clients: Clients
  referral: Referral
  solutions: readonly string[]
  onRegistered: () => void
}) {
  const { clients, referral } = props
  const [draft, setDraft] = useState<Draft>(() =>
    newRegistrationDraft(props.solutions[0] ?? '', referral.details.currency ?? 'USD'),
  )
  const [error, setError] = useState<unknown>(null)
  const [saving, setSaving] = useState(false)

  const register = async () => {
    setSaving(true)
    setError(null)
    try {
      await clients.registrations.create(referral.id, registrationOf(draft), { ifMatch: referral.eTag })
      props.onRegistered()
    } catch (caught) {
      setError(caught)
    } finally {
      setSaving(false)
    }
  }

  const problems = problemsOf(error)
  const unplaced = problems.filter((p) => !registrationFieldOf(p.target))
  const set = (path: string, value: FieldValue) => setDraft((before) => ({ ...before, [path]: value }))
  const conflict = error instanceof ApiError && error.status === 412

  return (
    <form
      class="referral-form"
      aria-label="Register this deal"
      onSubmit={(event) => {
        event.preventDefault()
        void register()
      }}
    >
      <h3>Register this deal</h3>
      {conflict ? (
        <div role="alert" class="error">
          Someone else changed this referral since the page loaded (412 Precondition Failed).{' '}
          <button type="button" onClick={props.onRegistered}>
            Reload the referral
          </button>
        </div>
      ) : (
        error !== null && <FailureBox error={error} unplaced={unplaced} />
      )}
      <FormSections
        sections={registrationSections}
        draft={draft}
        optionsOf={(field) => field.options ?? props.solutions}
        problemsAt={(field) => problems.filter((p) => registrationFieldOf(p.target) === field)}
        onChange={set}
      />
      <div class="form-actions">
        <button type="submit" disabled={saving}>
          Register
        </button>
      </div>
    </form>
  )
}
