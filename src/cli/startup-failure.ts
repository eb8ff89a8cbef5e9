// A server that cannot start says why in one line naming the cause and the setting to change,
// with no stack trace unless asked for (--debug or COSELL_DEBUG=1): the operator reads the cause,
// not cosell's call stack.
import { ConfigError } from '../config/load.js'
import type { Config } from '../config/schema.js'
import { StorageFault } from '../domain/storage-fault.js'
import { TlsSettingError } from '../http/tls-certificate.js'
import { StoreOpenError } from '../store/sqlite/store.js'

type Settings = Pick<Config, 'port' | 'host' | 'dataDir'>

export function startupFailure(error: unknown, settings: Settings | undefined): string {
  if (error instanceof ConfigError || error instanceof TlsSettingError) return error.message
  if (error instanceof StoreOpenError)
    return `cosell: ${error.message[0]!.toLowerCase()}${error.message.slice(1)}`
  if (error instanceof StorageFault) {
    const dir = settings?.dataDir ?? 'the data directory'
    return `cosell: cannot start on ${dir}: ${error.innerError?.message ?? error.message} Run \`cosell doctor --data-dir ${dir}\` (COSELL_DATA_DIR).`
  }
  const known = systemError(error as NodeJS.ErrnoException, settings)
  const cause = error instanceof Error ? error.message : String(error)
  return known ?? `cosell: could not start: ${cause.replace(/^cosell: /, '')} (run with --debug for details)`
}

function systemError(error: NodeJS.ErrnoException, settings: Settings | undefined): string | undefined {
  const where = settings ? `${settings.host}:${settings.port}` : 'the address'
  if (error.syscall === 'listen' || error.syscall === 'bind') {
    switch (error.code) {
      case 'EADDRINUSE':
        return `cosell: cannot listen on ${where}: the port is already in use. Stop the program using it, or choose another port (PORT or --port).`
      case 'EACCES':
        return `cosell: not allowed to listen on ${where} (ports below 1024 need privileges): choose another port (PORT or --port).`
      case 'EADDRNOTAVAIL':
        return `cosell: cannot listen on ${where}: no network interface of this machine has that address; set HOST or --host to one of its addresses.`
      default:
        return undefined
    }
  }
  const unusable: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'the file system is read-only',
    ENOTDIR: 'a part of the path is a file, not a directory',
    EEXIST: 'a file of that name is in the way',
    ENOSPC: 'the disk is full',
    EISDIR: 'a directory is in the way',
  }
  const reason = error.code === undefined ? undefined : unusable[error.code]
  if (reason === undefined) return undefined
  const path = error.path ?? settings?.dataDir ?? 'the data directory'
  return `cosell: cannot use the data directory: ${error.syscall ?? 'access'} ${path}: ${reason} (${error.code}). Give the server a directory it may write (COSELL_DATA_DIR or --data-dir).`
}
