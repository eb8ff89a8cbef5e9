// The exit codes scripts can rely on, one per kind of outcome, and how `cosell --help` lists them.

export const exitCodes = {
  /** The command did what it was asked. */
  ok: 0,
  /** The server refused or failed (an HTTP 4xx or 5xx other than 412), or the command failed. */
  failed: 1,
  /** The command line was wrong: unknown option, missing argument, bad value, missing --yes. */
  usage: 2,
  /** No answer from the server: refused, unknown host, TLS failure, timeout. */
  unreachable: 3,
  /** 412 preconditionFailed: the eTag given with --if-match is no longer the referral's. */
  preconditionFailed: 4,
} as const

export const exitCodesHelp = `
Exit codes:
  0  success
  1  the server refused or failed (HTTP 4xx/5xx other than 412), or the command failed
  2  usage error: unknown option, missing argument, bad value, reset without --yes off a terminal
  3  cannot reach the server (connection refused, unknown host, TLS failure, timeout)
  4  precondition failed (412): the referral changed since the eTag given with --if-match`
