// JSON bodies as Microsoft's .NET service reads them: application/json, JSON Patch's own media
// type and text/json; Newtonsoft accepts a trailing comma, and Microsoft's own PUT sample has one
// (the documented PUT, Microsoft Learn), so we accept it too. Prototype-poisoning keys are refused.
import type { FastifyInstance } from 'fastify'
import secureJson from 'secure-json-parse'
import { invalidRequest } from '../domain/errors.js'
import { scanJson, type JsonLimits } from './json-scan.js'

export const bodyLimit = 1024 * 1024

/** What a body may hold, checked before it is parsed (json-scan.ts). The largest referral a client
 *  can send, every list full, holds about 5,000 values, its widest object 43 members, and it nests
 *  about 7 levels; Newtonsoft's own MaxDepth is 64. */
export const jsonLimits: JsonLimits = { maxDepth: 64, maxValues: 10_000, maxMembers: 100 }

export function registerJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain'])
  app.addContentTypeParser(
    /^(application\/json|text\/json|application\/[\w.-]+\+json)\s*(;|$)/i,
    { parseAs: 'string', bodyLimit },
    (_request, body: string, done) => {
      try {
        done(null, parseJsonBody(body))
      } catch (error) {
        done(error as Error, undefined)
      }
    },
  )
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') {
    throw invalidRequest([
      { target: 'body', rule: 'required', message: 'The request body is empty; a JSON body is required.' },
    ])
  }
  const scan = scanJson(text, jsonLimits)
  if (scan.problem) throw invalidRequest([scan.problem])
  if (scan.trailingCommas.length > 0) {
    try {
      return parse(withoutCommasAt(text, scan.trailingCommas))
    } catch {
      // report the error of the text as sent
    }
  }
  try {
    return parse(text)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw invalidRequest([
      { target: 'body', rule: 'json', message: `The request body is not valid JSON: ${message}` },
    ])
  }
}

function parse(text: string): unknown {
  return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' })
}

function withoutCommasAt(text: string, offsets: readonly number[]): string {
  let out = ''
  let from = 0
  for (const at of offsets) {
    out += text.slice(from, at)
    from = at + 1
  }
  return out + text.slice(from)
}
