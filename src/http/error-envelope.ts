// The one place that maps an error to an HTTP status and Microsoft's documented error body:
// `{ "error": { "code", "message", "target", "innerError" } }`. Anything that is not a known
// error is a bug: a 500 generalException carrying the request id, logged once. A fault of the
// machine (full disk 507, damaged database 503) is logged when it first appears, not per request.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { CosellError, invalidRequest, unexpectedFailure, type ErrorKind } from '../domain/errors.js'
import { StorageFault } from '../domain/storage-fault.js'
import { discardBody, stillSending } from './discard-body.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The error the request was answered with, for the request journal (its code, its problems). */
    failure: CosellError | undefined
  }
}

const statusOf: Readonly<Record<ErrorKind, number>> = {
  invalidRequest: 400,
  unauthenticated: 401,
  accessDenied: 403,
  itemNotFound: 404,
  methodNotAllowed: 405,
  resourceModified: 409,
  preconditionFailed: 412,
  payloadTooLarge: 413,
  unsupportedMediaType: 415,
  tooManyRequests: 429,
  generalException: 500,
  serviceNotAvailable: 503,
  insufficientStorage: 507,
}

export function errorBody(error: CosellError): object {
  return {
    error: {
      code: error.kind,
      message: error.message,
      target: error.target,
      ...(error.innerError ? { innerError: error.innerError } : {}),
    },
  }
}

export function sendError(reply: FastifyReply, error: CosellError): FastifyReply {
  reply.request.failure = error
  if (error.kind === 'unauthenticated') void reply.header('WWW-Authenticate', 'Bearer')
  if (error.retryAfterSeconds !== undefined) void reply.header('Retry-After', String(error.retryAfterSeconds))
  return reply.code(statusOf[error.kind]).type('application/json; charset=utf-8').send(errorBody(error))
}

export function registerErrorEnvelope(app: FastifyInstance): void {
  app.decorateRequest('failure', undefined)
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const failure = toCosellError(error, request)
    if (stillSending(request.raw)) {
      await discardBody(request.raw)
      void reply.header('Connection', 'close') // whatever is left of the upload is not read
    }
    return sendError(reply, failure)
  })
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new CosellError(
        'itemNotFound',
        `No resource at ${request.method} ${request.url.split('?')[0]}.`,
        'url',
      ),
    ),
  )
}

/** Router errors (a malformed percent-escape, an over-long id) come before any hook has run. */
export function handleFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  void reply.header('Request-ID', request.id)
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'The id in the URL is too long: no referral has such an id.'
      : `The URL is not valid: ${error.message}`
  void sendError(reply, invalidRequest([{ target: 'url', rule: 'format', message }]))
}

function toCosellError(error: FastifyError, request: FastifyRequest): CosellError {
  if (error instanceof StorageFault && error.firstSeen) {
    request.log.error(
      { err: error.cause, requestId: request.id },
      `storage fault: ${error.innerError?.message}`,
    )
  }
  if (error instanceof CosellError) return error
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new CosellError(
        'payloadTooLarge',
        'The request body is larger than the 1 MiB (1048576 bytes) allowed.',
        'body',
      )
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new CosellError(
        'unsupportedMediaType',
        `Content-Type '${request.headers['content-type'] ?? ''}' is not supported; send application/json.`,
        'Content-Type',
      )
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return invalidRequest([
        { target: 'body', rule: 'required', message: 'The request body is empty; a JSON body is required.' },
      ])
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return invalidRequest([
        { target: 'Content-Length', rule: 'format', message: 'Content-Length does not match the body.' },
      ])
  }
  if (error.validation) {
    return invalidRequest(
      error.validation.map((v) => ({
        target: `${error.validationContext ?? 'request'}${v.instancePath.replace(/\//g, '.')}`,
        rule: v.keyword,
        message: `${error.validationContext ?? 'request'}${v.instancePath.replace(/\//g, '.')} ${v.message ?? 'is invalid'}.`,
      })),
    )
  }
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) {
    return invalidRequest([{ target: 'request', rule: 'malformed', message: error.message }])
  }
  request.log.error({ err: error, requestId: request.id }, 'unexpected failure')
  return unexpectedFailure(request.id)
}
