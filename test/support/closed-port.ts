// A loopback port nothing listens on, for tests of a server that is down.
import { createServer } from 'node:net'

/** A port nothing listens on: one the OS gave out and took back. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}
