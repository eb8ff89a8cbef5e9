// Who the dashboard acts as, kept in this browser's localStorage, and the SDK clients built on it.
// Emulator mode: a tenant and a user make an unsigned token; verify mode: a pasted token. The admin
// API needs no token from loopback in emulator mode, else the admin token.
import { HttpClient, type TokenProvider } from '../client/client.js'
import { ActivitiesApi } from '../client/activities.js'
import { AdminApi } from '../client/admin.js'
import { emulatorToken } from '../client/emulator-token.js'
import { MicrosoftApi } from '../client/microsoft.js'
import { ReferralsApi } from '../client/referrals.js'
import { RegistrationsApi } from '../client/registrations.js'
import { SyncApi } from '../client/sync.js'

export interface Session {
  readonly tenant: string
  readonly user: string
  /** A pasted token (verify mode); absent in emulator mode, where tenant and user make one. */
  readonly token?: string
  readonly adminToken?: string
}

export interface Clients {
  readonly referrals: ReferralsApi
  readonly registrations: RegistrationsApi
  readonly activities: ActivitiesApi
  readonly sync: SyncApi
  readonly admin: AdminApi
  readonly microsoft: MicrosoftApi
}

const key = 'cosell.dashboard.session'

export function loadSession(): Session | null {
  try {
    const saved = JSON.parse(localStorage.getItem(key) ?? 'null') as Session | null
    return saved && typeof saved.tenant === 'string' && typeof saved.user === 'string' ? saved : null
  } catch {
    return null
  }
}

export function saveSession(session: Session | null): void {
  if (session) localStorage.setItem(key, JSON.stringify(session))
  else localStorage.removeItem(key)
}

function http(token: TokenProvider | undefined): HttpClient {
  const base = { baseUrl: location.origin, channel: 'dashboard', retry: false } as const
  return new HttpClient(token ? { ...base, token } : base)
}

export function clientsFor(session: Session): Clients {
  const partner = http(session.token || emulatorToken({ tid: session.tenant, upn: session.user }))
  const admin = http(session.adminToken || undefined)
  return {
    referrals: new ReferralsApi(partner),
    registrations: new RegistrationsApi(partner),
    activities: new ActivitiesApi(partner),
    sync: new SyncApi(partner),
    admin: new AdminApi(admin),
    microsoft: new MicrosoftApi(admin),
  }
}
