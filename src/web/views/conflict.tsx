// A 412 on save: the referral changed since the form loaded it. Each field where my draft and
// their version differ gets a choice, keep mine or take theirs; saving sends the choices against
// their version's eTag.
import { useEffect, useRef, useState } from 'preact/hooks'
import type { Referral } from '../../client/referrals.js'
import type { Draft, FieldValue, FormField } from '../form-model.js'
import { show } from './fields.js'

export interface ConflictRow {
  readonly field: FormField
  readonly mine: FieldValue
  readonly theirs: FieldValue
  readonly keep: 'mine' | 'theirs'
}

export interface Conflict {
  readonly theirs: Referral
  readonly mine: Draft
  readonly rows: readonly ConflictRow[]
}

export function ConflictTable(props: {
  conflict: Conflict
  onResolve: (resolved: Draft, theirs: Referral) => void
  onCancel: () => void
}) {
  const { conflict } = props
  const [keep, setKeep] = useState(() => Object.fromEntries(conflict.rows.map((r) => [r.field.path, r.keep])))
  const box = useRef<HTMLElement>(null)
  useEffect(() => box.current?.scrollIntoView(), [])
  const resolved = (): Draft => ({
    ...conflict.mine,
    ...Object.fromEntries(
      conflict.rows.map((r) => [r.field.path, keep[r.field.path] === 'mine' ? r.mine : r.theirs]),
    ),
  })
  return (
    <section ref={box} class="conflict" role="alert" aria-labelledby="conflict-title">
      <h2 id="conflict-title">Someone else changed this referral (412 Precondition Failed)</h2>
      <p>Choose, field by field, which value to save.</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Mine</th>
            <th scope="col">Theirs</th>
            <th scope="col">Keep</th>
          </tr>
        </thead>
        <tbody>
          {conflict.rows.map((row) => (
            <tr key={row.field.path} data-path={row.field.path}>
              <th scope="row">{row.field.label}</th>
              <td>{show(row.mine)}</td>
              <td>{show(row.theirs)}</td>
              <td>
                {(['mine', 'theirs'] as const).map((side) => (
                  <label key={side}>
                    <input
                      type="radio"
                      name={`keep-${row.field.path}`}
                      checked={keep[row.field.path] === side}
                      onChange={() => setKeep({ ...keep, [row.field.path]: side })}
                    />
                    {side === 'mine' ? 'Keep mine' : 'Take theirs'}
                  </label>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => props.onResolve(resolved(), conflict.theirs)}>
        Save with these choices
      </button>
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </section>
  )
}
