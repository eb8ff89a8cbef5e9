// Create and edit a referral. The API's problems are shown at the fields their `target` names,
// word for word; an edit is a PATCH with If-Match, and when someone changed the referral meanwhile
// (412) the form lists each field that differs, to keep mine or take theirs, and saves again.
import { useState } from 'preact/hooks'
import { ApiError, type ProblemDetail } from '../../client/errors.js'
import { diffReferral } from '../../client/referral-diff.js'
import type { Referral, ReferralCreate } from '../../client/referrals.js'
import {
  applyDraft,
  draftOf,
  fieldOfTarget,
  formFields,
  formSections,
  newDraft,
  playsOf,
  readField,
  sameValue,
  type Draft,
  type FieldValue,
  type FormField,
} from '../form-model.js'
import { useLoad } from '../load.js'
import { navigate } from '../route.js'
import type { Clients } from '../session.js'
import { ConflictTable, type Conflict } from './conflict.js'
import { ErrorBox, problemsOf } from './errors.js'

/** `user` is the signed-in user, a new referral's first team member (whom Referral Users' reads follow). */
export function ReferralForm(props: { clients: Clients; user: string; id?: string }) {
  const { clients, id } = props
  const loaded = useLoad(() => (id ? clients.referrals.get(id) : Promise.resolve(null)), [clients, id])
  if (loaded.error) return <ErrorBox error={loaded.error} />
  if (loaded.loading || loaded.data === undefined) return <p>Loading…</p>
  return <Editor clients={clients} original={loaded.data} user={props.user} />
}

function Editor(props: { clients: Clients; original: Referral | null; user: string }) {
  const { clients } = props
  const [base, setBase] = useState(props.original)
  const [draft, setDraft] = useState<Draft>(() =>
    props.original ? draftOf(props.original) : newDraft(props.user),
  )
  const [failure, setFailure] = useState<{ error: unknown; sent: unknown } | null>(null)
  const [conflict, setConflict] = useState<Conflict | null>(null)
  const [saving, setSaving] = useState(false)

  const save = async (from: Referral | null, values: Draft) => {
    setSaving(true)
    setFailure(null)
    const sent: unknown = from ? applyDraft(from, values) : applyDraft<ReferralCreate>({}, values)
    try {
      const saved = from
        ? await clients.referrals.patch(from.id, diffReferral(from, sent as Referral), { ifMatch: from.eTag })
        : await clients.referrals.create(sent as ReferralCreate)
      navigate({ view: 'referral', id: saved.id })
    } catch (error) {
      if (from && error instanceof ApiError && error.status === 412) {
        const theirs = await clients.referrals.get(from.id)
        setConflict(conflictOf(from, theirs, values))
      } else {
        setFailure({ error, sent })
        window.scrollTo(0, 0) // the summary first; each problem also sits at its field
      }
    } finally {
      setSaving(false)
    }
  }

  const resolve = (resolved: Draft, theirs: Referral) => {
    setConflict(null)
    setBase(theirs)
    setDraft(resolved)
    void save(theirs, resolved)
  }

  const problems = problemsOf(failure?.error)
  const at = (field: FormField) => problems.filter((p) => fieldOfTarget(p.target, failure?.sent) === field)
  const unplaced = problems.filter((p) => !fieldOfTarget(p.target, failure?.sent))
  const set = (path: string, value: FieldValue) => setDraft((before) => ({ ...before, [path]: value }))

  return (
    <section>
      <h1>{base ? `Edit ${base.name ?? base.id}` : 'New referral'}</h1>
      {conflict && (
        <ConflictTable conflict={conflict} onResolve={resolve} onCancel={() => setConflict(null)} />
      )}
      {failure && <FailureBox error={failure.error} unplaced={unplaced} />}
      <form
        class="referral-form"
        onSubmit={(event) => {
          event.preventDefault()
          void save(base, draft)
        }}
      >
        <FormSections
          sections={formSections}
          draft={draft}
          optionsOf={(field) =>
            field.path === 'attribute:SolutionPlay'
              ? playsOf(String(draft['attribute:SolutionArea'] ?? ''))
              : field.options
          }
          problemsAt={at}
          onChange={set}
        />
        <div class="form-actions">
          <button type="submit" disabled={saving}>
            {base ? 'Save changes' : 'Create referral'}
          </button>
          {base && (
            <button type="button" onClick={() => navigate({ view: 'referral', id: base.id })}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  )
}

/** The API's error, with the problems no field of the form owns listed by their target. */
export function FailureBox(props: { error: unknown; unplaced: readonly ProblemDetail[] }) {
  return (
    <div role="alert" class="error">
      <ErrorBox error={props.error} />
      {props.unplaced.map((p) => (
        <p key={p.target + p.message}>
          <code>{p.target}</code>: {p.message}
        </p>
      ))}
    </div>
  )
}

/** The form's sections as fieldsets of labelled fields (the referral form's and the registration form's). */
export function FormSections(props: {
  sections: readonly { title: string; fields: readonly FormField[] }[]
  draft: Draft
  optionsOf: (field: FormField) => readonly string[] | undefined
  problemsAt: (field: FormField) => readonly ProblemDetail[]
  onChange: (path: string, value: FieldValue) => void
}) {
  return (
    <>
      {props.sections.map((section) => (
        <fieldset key={section.title}>
          <legend>{section.title}</legend>
          {section.fields.map((field) => (
            <Field
              key={field.path}
              field={field}
              value={props.draft[field.path] ?? ''}
              options={props.optionsOf(field)}
              problems={props.problemsAt(field)}
              onChange={(value) => props.onChange(field.path, value)}
            />
          ))}
        </fieldset>
      ))}
    </>
  )
}

/** Every form field where mine and theirs differ; by default the side that changed it wins. */
function conflictOf(base: Referral, theirs: Referral, mine: Draft): Conflict {
  const rows = formFields
    .filter((field) => !sameValue(mine[field.path], readField(theirs, field)))
    .map((field) => {
      const original = readField(base, field)
      const iChanged = !sameValue(mine[field.path], original)
      return {
        field,
        mine: mine[field.path] ?? '',
        theirs: readField(theirs, field),
        keep: iChanged ? ('mine' as const) : ('theirs' as const),
      }
    })
  return { theirs, mine, rows }
}

/** An input's type; the union of kinds is wider than preact's typing of one input element. */
const inputType = (field: FormField): 'text' => field.kind as 'text'

const inputId = (path: string) => `field-${path.replace(/[^A-Za-z0-9]+/g, '-')}`

function Field(props: {
  field: FormField
  value: FieldValue
  options: readonly string[] | undefined
  problems: readonly ProblemDetail[]
  onChange: (value: FieldValue) => void
}) {
  const { field, value, problems } = props
  const id = inputId(field.path)
  const describedBy = problems.length ? `${id}-problems` : undefined
  const common = {
    id,
    'aria-invalid': problems.length > 0,
    'aria-describedby': describedBy,
    'data-path': field.path,
  }
  return (
    <div class={`field field-${field.kind}${problems.length ? ' invalid' : ''}`}>
      <label for={id}>{field.label}</label>
      {control(field, value, props.options ?? [], common, props.onChange)}
      {problems.length > 0 && (
        <ul id={describedBy} class="problems">
          {problems.map((p) => (
            <li key={p.target + p.message}>
              {p.message}
              {p.allowedValues && p.allowedValues.length <= 12 && (
                <small> Allowed: {p.allowedValues.join(', ')}</small>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function control(
  field: FormField,
  value: FieldValue,
  options: readonly string[],
  common: Record<string, unknown>,
  onChange: (value: FieldValue) => void,
) {
  switch (field.kind) {
    case 'checkbox':
      return (
        <input
          type="checkbox"
          {...common}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
        />
      )
    case 'textarea':
      return (
        <textarea
          {...common}
          rows={3}
          value={String(value)}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      )
    case 'select':
      return (
        <select {...common} value={String(value)} onChange={(e) => onChange(e.currentTarget.value)}>
          <option value="">—</option>
          {options.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      )
    case 'multi':
      return (
        <select
          {...common}
          multiple
          size={5}
          onChange={(e) => onChange(Array.from(e.currentTarget.selectedOptions).map((o) => o.value))}
        >
          {options.map((option) => (
            <option key={option} selected={(value as readonly string[]).includes(option)}>
              {option}
            </option>
          ))}
        </select>
      )
    default:
      return (
        <input
          {...common}
          type={inputType(field)}
          step={field.kind === 'number' ? 'any' : undefined}
          value={String(value)}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      )
  }
}
