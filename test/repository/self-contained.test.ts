// A clone of the repository has nothing beside it: no code, test, script or document may read or
// point to a path above the repository root, or to a developer's machine.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const scanned = ['src', 'test', 'scripts', 'bench', 'docs', 'README.md', 'eslint.config.js', 'package.json']
const skippedDirectories = new Set(['node_modules', 'dist', '.scratch'])

function gather(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path)
    .filter((name) => !skippedDirectories.has(name))
    .flatMap((name) => gather(join(path, name)))
}

const self = fileURLToPath(import.meta.url)
// This file is left out of the scan: its examples of what the scan catches would be caught.
const files = scanned
  .flatMap((entry) => gather(join(root, entry)))
  .filter((path) => path !== self)
  .map((path) => ({ path, text: readFileSync(path, 'utf8') }))
  .filter(({ text }) => !text.includes('\0'))

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length

export interface PathReference {
  readonly line: number
  readonly written: string
  /** The path it names, relative to the file's folder. */
  readonly relativePath: string
}

// Relative paths a script resolves against its own folder: string literals starting with ./ or
// ../ (import specifiers, new URL(…, import.meta.url), readFileSync), a template literal's static
// start, and the literal segments of join/resolve(import.meta.dirname, …).
const relativeLiteral = /(['"`])(\.\.?(?:\/[^'"`$\n]*)?)(?=\1|\$\{)/g
const joinedSegments =
  /\b(?:join|resolve)\(\s*(?:import\.meta\.dirname|__dirname)\s*,\s*((?:(['"`])[^'"`$\n]*\2\s*,?\s*)+)/g
// Markdown links and inline code naming a relative path.
const markdownPath = /(?:\]\(|`)(\.\.?\/[^)`\s#]*)/g

/** Every relative path `text` names, as its file's folder would resolve it. */
export function pathReferences(text: string, markdown: boolean): PathReference[] {
  const found: PathReference[] = []
  const add = (index: number, written: string, relativePath: string) =>
    found.push({ line: lineOf(text, index), written, relativePath })
  if (markdown) {
    for (const m of text.matchAll(markdownPath)) add(m.index, m[0], m[1] ?? '')
    return found
  }
  for (const m of text.matchAll(relativeLiteral)) add(m.index, m[0], m[2] ?? '')
  for (const m of text.matchAll(joinedSegments)) {
    const segments = [...(m[1] ?? '').matchAll(/(['"`])([^'"`]*)\1/g)].map((s) => s[2] ?? '')
    add(m.index, m[0], join(...segments))
  }
  return found
}

const escapes = (file: string, relativePath: string) => {
  const target = relative(root, resolve(dirname(file), relativePath))
  return target === '..' || target.startsWith(`..${sep}`)
}

// Spelled in pieces so that this file does not match itself.
const machinePaths = ['spec', 'reference', 'seeds', 'design'].map((name) => `shared/${name}`)
const absoluteMachinePath = /(?<![\w.:/-])\/(?:work|home|Users|root)\/[\w.-]+/g

describe('the repository stands alone', () => {
  test('the scan sees the whole tree (code, tests, scripts, benchmarks, docs)', () => {
    for (const entry of scanned)
      assert.ok(
        files.some(({ path }) => relative(root, path).startsWith(entry)),
        entry,
      )
    assert.ok(files.length > 100, `${files.length} files`)
  })

  test('no relative path written in a file leads above the repository root', () => {
    const leaving = files.flatMap(({ path, text }) =>
      pathReferences(text, path.endsWith('.md'))
        .filter((ref) => escapes(path, ref.relativePath))
        .map((ref) => `${relative(root, path)}:${ref.line} ${ref.written}`),
    )
    assert.deepEqual(leaving, [])
  })

  test('no file names the material the project was written from or a path on a developer machine', () => {
    const named = files.flatMap(({ path, text }) => [
      ...machinePaths.flatMap((needle) =>
        [...text.matchAll(new RegExp(needle.replace('/', '\\/'), 'g'))].map(
          (m) => `${relative(root, path)}:${lineOf(text, m.index)} ${needle}`,
        ),
      ),
      ...[...text.matchAll(absoluteMachinePath)].map(
        (m) => `${relative(root, path)}:${lineOf(text, m.index)} ${m[0]}`,
      ),
    ])
    assert.deepEqual(named, [])
  })
})

describe('pathReferences', () => {
  const cases: { name: string; text: string; markdown?: boolean; expected: string[] }[] = [
    {
      name: 'new URL with import.meta.url',
      text: "new URL('../../../x/y.json', import.meta.url)",
      expected: ['../../../x/y.json'],
    },
    {
      name: 'a template literal by its static start',
      text: 'new URL(`../../${name}`, u)',
      expected: ['../../'],
    },
    { name: 'an import specifier', text: "import { a } from '../b.js'", expected: ['../b.js'] },
    {
      name: 'join segments after import.meta.dirname',
      text: "join(import.meta.dirname, '..', '..', 'other')",
      expected: ['..', '..', join('..', '..', 'other')],
    },
    { name: 'a plain string is not a path', text: "const a = 'shared'", expected: [] },
    {
      name: 'a markdown link and inline code',
      text: 'see [the spec](../outside/spec.md) and `../outside/x`',
      markdown: true,
      expected: ['../outside/spec.md', '../outside/x'],
    },
  ]
  for (const { name, text, markdown = false, expected } of cases)
    test(`finds ${name}`, () => {
      assert.deepEqual(
        pathReferences(text, markdown).map((r) => r.relativePath),
        expected,
      )
    })
})
