// Sign-in: a tenant and a user (emulator mode, which trusts an unsigned token), or a pasted token
// (verify mode); an admin token for the admin API when the server is not on this machine.
import { useState } from 'preact/hooks'
import { demoTenant, demoUser } from '../../client/emulator-token.js'
import type { Session } from '../session.js'

/** The tenant and user a token names, so the shell can show who is signed in. */
function claimsOf(token: string): { tenant: string; user: string } | null {
  try {
    const payload = token.split('.')[1] ?? ''
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>
    const user = claims.upn ?? claims.unique_name ?? claims.preferred_username ?? claims.oid
    return typeof claims.tid === 'string'
      ? { tenant: claims.tid, user: typeof user === 'string' ? user : claims.tid }
      : null
  } catch {
    return null
  }
}

export function SignIn(props: { onSignIn: (session: Session) => void }) {
  const [mode, setMode] = useState<'emulator' | 'token'>('emulator')
  const [tenant, setTenant] = useState(demoTenant) // the CLI's defaults: a first run works as it is
  const [user, setUser] = useState(demoUser)
  const [token, setToken] = useState('')
  const [adminToken, setAdminToken] = useState('')
  const [problem, setProblem] = useState('')

  const submit = (event: Event) => {
    event.preventDefault()
    const admin = adminToken.trim() ? { adminToken: adminToken.trim() } : {}
    if (mode === 'emulator') {
      if (!tenant.trim() || !user.trim()) return setProblem('Give a tenant id and a user.')
      return props.onSignIn({ tenant: tenant.trim(), user: user.trim(), ...admin })
    }
    const claims = claimsOf(token.trim())
    if (!claims) return setProblem('That is not a token with a tid claim.')
    props.onSignIn({ ...claims, token: token.trim(), ...admin })
  }

  return (
    <main class="sign-in">
      <h1>Sign in to cosell</h1>
      <form onSubmit={submit}>
        <fieldset>
          <legend>How</legend>
          <label>
            <input
              type="radio"
              name="mode"
              checked={mode === 'emulator'}
              onChange={() => setMode('emulator')}
            />
            As a tenant and user (emulator mode)
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === 'token'} onChange={() => setMode('token')} />
            With a token (verify mode)
          </label>
        </fieldset>
        {mode === 'emulator' ? (
          <>
            <label>
              Tenant id
              <input value={tenant} onInput={(e) => setTenant(e.currentTarget.value)} autoComplete="off" />
            </label>
            <label>
              User (upn)
              <input value={user} onInput={(e) => setUser(e.currentTarget.value)} autoComplete="username" />
            </label>
          </>
        ) : (
          <label>
            Bearer token
            <textarea rows={4} value={token} onInput={(e) => setToken(e.currentTarget.value)} />
          </label>
        )}
        <label>
          Admin token (optional: not needed from this machine in emulator mode)
          <input type="password" value={adminToken} onInput={(e) => setAdminToken(e.currentTarget.value)} />
        </label>
        {problem && (
          <p role="alert" class="error">
            {problem}
          </p>
        )}
        <button type="submit">Sign in</button>
      </form>
      <p class="hint">
        A link <code>/?tenant=&lt;tid&gt;&amp;user=&lt;upn&gt;</code> signs straight in.
      </p>
    </main>
  )
}
