// The shell: sign-in when no one is signed in, else the navigation and the page the query string
// names. `/?tenant=<tid>&user=<upn>` signs straight in (emulator mode) and opens the inbox.
import type { ComponentType } from 'preact'
import { useEffect, useMemo, useState } from 'preact/hooks'
import { Link, navigate, useParams } from './route.js'
import { clientsFor, loadSession, saveSession, type Session } from './session.js'
import { SignIn } from './views/sign-in.js'
import { Inbox } from './views/inbox.js'
import { Pipeline } from './views/pipeline.js'
import { ReferralPage } from './views/referral.js'
import { ReferralForm } from './views/referral-form.js'
import { Sandbox } from './views/sandbox.js'

const pages = [
  { view: 'inbox', label: 'Inbox' },
  { view: 'pipeline', label: 'Pipeline' },
  { view: 'new', label: 'New referral' },
  { view: 'charts', label: 'Charts' },
  { view: 'sandbox', label: 'Sandbox' },
] as const

/** A sign-in link's tenant and user, taken out of the address once read. */
function linkSession(params: Readonly<Record<string, string>>): Session | null {
  const { tenant, user } = params
  return tenant && user ? { tenant, user } : null
}

export function App() {
  const params = useParams()
  const [session, setSession] = useState<Session | null>(() => linkSession(params) ?? loadSession())
  useEffect(() => {
    const fromLink = linkSession(params)
    if (!fromLink) return
    saveSession(fromLink)
    setSession(fromLink)
    const { tenant: _tenant, user: _user, ...rest } = params
    navigate({ view: 'inbox', ...rest }, true)
  }, [params])
  const clients = useMemo(() => (session ? clientsFor(session) : null), [session])

  if (!session || !clients)
    return (
      <SignIn
        onSignIn={(signed) => {
          saveSession(signed)
          setSession(signed)
          navigate({ view: 'inbox' })
        }}
      />
    )
  const view = params.view ?? 'inbox'
  const signOut = () => {
    saveSession(null)
    setSession(null)
    navigate({})
  }
  return (
    <div class="shell">
      <header>
        <span class="brand">cosell</span>
        <nav aria-label="Pages">
          {pages.map((page) => (
            <Link key={page.view} to={{ view: page.view }} class={view === page.view ? 'current' : ''}>
              {page.label}
            </Link>
          ))}
        </nav>
        <span class="who" title={session.tenant}>
          {session.user}
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>{page(view, params, clients, session)}</main>
    </div>
  )
}

/** The charts and their library load when first opened, so the first page stays small. */
function LazyCharts(props: { clients: ReturnType<typeof clientsFor> }) {
  const [Charts, setCharts] = useState<ComponentType<{ clients: ReturnType<typeof clientsFor> }> | null>(null)
  useEffect(() => {
    void import('./views/charts.js').then((module) => setCharts(() => module.Charts))
  }, [])
  return Charts ? <Charts clients={props.clients} /> : <p>Loading…</p>
}

function page(
  view: string,
  params: Readonly<Record<string, string>>,
  clients: ReturnType<typeof clientsFor>,
  session: Session,
) {
  switch (view) {
    case 'pipeline':
      return <Pipeline clients={clients} params={params} />
    case 'referral':
      return <ReferralPage clients={clients} id={params.id ?? ''} key={params.id} />
    case 'new':
      return <ReferralForm clients={clients} user={session.user} />
    case 'edit':
      return <ReferralForm clients={clients} user={session.user} id={params.id ?? ''} key={params.id} />
    case 'charts':
      return <LazyCharts clients={clients} />
    case 'sandbox':
      return <Sandbox clients={clients} session={session} />
    default:
      return <Inbox clients={clients} />
  }
}
