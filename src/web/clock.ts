// The sandbox's virtual time, which expiry counts from; this machine's time when the admin API
// cannot be read (a verify-mode server without an admin token).
import type { Clients } from './session.js'

export async function sandboxNow(clients: Clients): Promise<number> {
  try {
    return new Date((await clients.admin.clock()).now).getTime()
  } catch {
    return Date.now()
  }
}
