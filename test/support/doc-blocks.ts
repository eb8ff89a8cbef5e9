// The fenced code blocks of the project's Markdown (README.md and docs/*.md) that the docs tests
// run: ```sh / ```bash and ```ts blocks, with where each starts and whether it is marked
// `<!-- docs-test: skip (reason) -->` on the line before it (blank lines between allowed).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

export type BlockLanguage = 'sh' | 'ts'

export interface DocBlock {
  /** e.g. `README.md:35`, the line of the opening fence. */
  readonly where: string
  readonly language: BlockLanguage
  readonly code: string
  /** The reason given in a skip marker before the block; undefined when the block runs. */
  readonly skip?: string
}

/** A skip marker without a reason, or a marker with no runnable block after it. */
export interface MarkerProblem {
  readonly where: string
  readonly problem: string
}

const languages: Readonly<Record<string, BlockLanguage>> = {
  sh: 'sh',
  bash: 'sh',
  shell: 'sh',
  ts: 'ts',
  typescript: 'ts',
}
const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/
const marker = /^\s*<!--\s*docs-test:\s*skip\b\s*(?:\((.*)\))?\s*-->\s*$/

/** README.md and every Markdown file of docs/, relative to the repository root. */
export function docFiles(): string[] {
  const docs = readdirSync(join(repoRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`)
  return ['README.md', ...docs]
}

export function docBlocks(file: string): { blocks: DocBlock[]; problems: MarkerProblem[] } {
  return parseDocBlocks(file, readFileSync(join(repoRoot, file), 'utf8'))
}

/** The blocks of `markdown`, named after `file`. */
export function parseDocBlocks(
  file: string,
  markdown: string,
): { blocks: DocBlock[]; problems: MarkerProblem[] } {
  const lines = markdown.split('\n')
  const blocks: DocBlock[] = []
  const problems: MarkerProblem[] = []
  let pendingSkip: { where: string; reason: string } | undefined
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const skip = marker.exec(line)
    if (skip) {
      const reason = skip[1]?.trim() ?? ''
      if (!reason)
        problems.push({
          where: `${file}:${i + 1}`,
          problem: 'a skip marker must give its reason: <!-- docs-test: skip (why) -->',
        })
      pendingSkip = { where: `${file}:${i + 1}`, reason }
      continue
    }
    const open = fence.exec(line)
    if (!open) {
      if (line.trim() !== '' && pendingSkip) {
        problems.push({
          where: pendingSkip.where,
          problem: 'a skip marker must come right before a sh or ts block',
        })
        pendingSkip = undefined
      }
      continue
    }
    const [, indent, ticks, info] = open as unknown as [string, string, string, string]
    const body: string[] = []
    for (i++; i < lines.length && !isClosing(lines[i]!, ticks); i++) body.push(lines[i]!.slice(indent.length))
    const language = languages[info.toLowerCase()]
    const where = `${file}:${i - body.length}`
    if (language)
      blocks.push({
        where,
        language,
        code: body.join('\n'),
        ...(pendingSkip ? { skip: pendingSkip.reason } : {}),
      })
    else if (pendingSkip)
      problems.push({
        where: pendingSkip.where,
        problem: 'a skip marker must come right before a sh or ts block',
      })
    pendingSkip = undefined
  }
  return { blocks, problems }
}

function isClosing(line: string, ticks: string): boolean {
  const trimmed = line.trim()
  return trimmed.startsWith(ticks) && trimmed.replaceAll(ticks[0]!, '') === ''
}
