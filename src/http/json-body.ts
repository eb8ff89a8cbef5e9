// JSON bodies as Microsoft's .NET service reads them: application/json, JSON Patch's own media
// type and text/json; Newtonsoft accepts a trailing comma, and Microsoft's own PUT sample has one
// (the documented PUT, Microsoft Learn), so we accept it too. Prototype-poisoning keys are refused.
import type { FastifyInstance } from 'fastify'
import secureJson from 'secure-json-parse'
import { invalidRequest } from '../domain/errors.js'

export const bodyLimit = 1024 * 1024
/** A referral nests about 7 levels; deeper bodies are refused before anything recurses over them. */
export const maxDepth = 64

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
  const value = parseLeniently(text)
  if (depthExceeds(value, maxDepth)) {
    throw invalidRequest([
      { target: 'body', rule: 'depth', message: `The request body nests deeper than ${maxDepth} levels.` },
    ])
  }
  return value
}

function parseLeniently(text: string): unknown {
  try {
    return parse(text)
  } catch (first) {
    const relaxed = withoutTrailingCommas(text)
    if (relaxed !== text) {
      try {
        return parse(relaxed)
      } catch {
        // report the error of the text as sent
      }
    }
    const message = first instanceof Error ? first.message : String(first)
    throw invalidRequest([
      { target: 'body', rule: 'json', message: `The request body is not valid JSON: ${message}` },
    ])
  }
}

/** Iterative, so a hostile body cannot overflow the stack while it is measured. */
function depthExceeds(root: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 1]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (typeof node !== 'object' || node === null) continue
    if (depth > limit) return true
    for (const child of Object.values(node))
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1])
  }
  return false
}

function parse(text: string): unknown {
  return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' })
}

/** Drops commas that stand right before a closing brace or bracket, outside strings. */
function withoutTrailingCommas(text: string): string {
  let out = ''
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (inString) {
      out += c
      if (c === '\\') out += text[++i] ?? ''
      else if (c === '"') inString = false
      continue
    }
    if (c === '"') inString = true
    if (c === ',' && /^\s*[}\]]/.test(text.slice(i + 1, i + 200))) continue
    out += c
  }
  return out
}
