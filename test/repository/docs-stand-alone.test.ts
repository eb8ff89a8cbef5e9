// The documentation stands on its own: a reader of a clone can follow every reference. No file
// cites the material the project was written from (its numbered decisions, its spec's sections,
// its source keys), and every relative link of README.md and docs/ leads to a file, and a heading,
// that exists. The rules themselves are written up in docs/behaviour.md.
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const scanned = ['README.md', 'docs', 'src', 'test', 'scripts', 'bench']
const self = fileURLToPath(import.meta.url)

function gather(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path).flatMap((name) => gather(join(path, name)))
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length

// "decision 8", "spec §3", "§4" (but "RFC 9110 §10.2.3" is a public reference), source keys such as
// "D-BULK" or "O-DUMP", "R-2018", and the files they come from (this file is left out of the scan).
const citations: readonly RegExp[] = [
  new RegExp('\\bdecisions? \\[?\\d', 'gi'),
  new RegExp('\\bspec \\u00a7', 'gi'),
  new RegExp('(?<!RFC \\d+ )\\u00a7\\s?\\d', 'g'),
  new RegExp('\\b[DORS]-[A-Z]{3,}\\b', 'g'),
  new RegExp('\\bR-\\d{4}\\b', 'g'),
  new RegExp('\\b(?:design|decisions|referrals-api)\\.md\\b', 'g'),
]

/** Every citation of the project's source material in `text`, as `line: match`. */
export function citationsIn(text: string): string[] {
  return citations.flatMap((pattern) =>
    [...text.matchAll(pattern)].map((m) => `${lineOf(text, m.index)}: ${m[0]}`),
  )
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

function withoutFences(markdown: string): string {
  return markdown.replace(/^([ \t]*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1\2[^\n]*$/gm, '')
}

function withoutCode(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, '')
}

function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>()
  for (const m of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const base = headingAnchor(m[1]!)
    let anchor = base
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`
    anchors.add(anchor)
  }
  return anchors
}

/** Relative links of a Markdown file that lead nowhere: a missing file or a missing heading. */
export function brokenLinks(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const links = [...withoutCode(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!)
  return links
    .filter((link) => !/^[a-z][\w+.-]*:/i.test(link))
    .filter((link) => {
      const [path = '', anchor] = link.split('#')
      const target = path === '' ? file : resolve(dirname(file), decodeURI(path))
      if (!existsSync(target)) return true
      if (anchor === undefined || !target.endsWith('.md')) return false
      return !anchorsOf(readFileSync(target, 'utf8')).has(anchor.toLowerCase())
    })
}

const markdownFiles = () => [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(root, 'docs', name)),
  join(root, 'src/query/README.md'),
]

describe('the documentation stands on its own', () => {
  test('no file cites the numbered decisions, spec sections or source keys the project was written from', () => {
    const cited = scanned
      .flatMap((entry) => gather(join(root, entry)))
      .filter((path) => path !== self)
      .flatMap((path) => citationsIn(readFileSync(path, 'utf8')).map((c) => `${relative(root, path)}:${c}`))
    assert.deepEqual(cited, [])
  })

  test('every relative link of README.md and docs/ leads to a file and heading that exist', () => {
    const broken = markdownFiles().flatMap((file) =>
      brokenLinks(file).map((link) => `${relative(root, file)}: ${link}`),
    )
    assert.deepEqual(broken, [])
  })

  test('docs/behaviour.md writes up the leniencies and the departures from Microsoft', () => {
    const anchors = anchorsOf(readFileSync(join(root, 'docs/behaviour.md'), 'utf8'))
    for (const section of ['where-microsofts-sources-disagree', 'departures-from-microsofts-service'])
      assert.ok(anchors.has(section), section)
  })
})

describe('the checks catch what they are for', () => {
  test('citations, but not RFC sections', () => {
    const text = [
      'see decision 12',
      'spec \u00a711.3',
      'D-BULK rows',
      'RFC 9110 \u00a710.2.3',
      'SOL-15974-MQF',
    ].join('\n')
    assert.deepEqual(citationsIn(text), ['1: decision 1', '2: spec \u00a7', '2: \u00a71', '3: D-BULK'])
  })

  test("headings' anchors as GitHub makes them", () => {
    assert.equal(headingAnchor('`type`, not `ReferralType`'), 'type-not-referraltype')
    assert.equal(headingAnchor("Where Microsoft's sources disagree"), 'where-microsofts-sources-disagree')
    assert.equal(headingAnchor('Status of a create: 200'), 'status-of-a-create-200')
  })
})
