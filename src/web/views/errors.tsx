// An API error as the API reported it: the message, each problem at its target, the request id.
import { ApiError, type ProblemDetail } from '../../client/errors.js'
import { errorText } from '../format.js'

/** The problems of a 400 (`error.innerError.details[]`): each names its field in `target`. */
export function problemsOf(error: unknown): ProblemDetail[] {
  if (!(error instanceof ApiError)) return []
  const details = error.innerError?.details
  if (Array.isArray(details)) return details as ProblemDetail[]
  return error.target ? [{ code: error.code, target: error.target, message: error.message }] : []
}

export function ErrorBox(props: { error: unknown }) {
  if (!props.error) return null
  const error = props.error
  return (
    <div role="alert" class="error">
      <strong>{error instanceof ApiError ? `${error.status} ${error.code}: ` : ''}</strong>
      {errorText(error)}
      {error instanceof ApiError && error.requestId && <small> (Request-ID {error.requestId})</small>}
    </div>
  )
}
