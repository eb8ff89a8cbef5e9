// Writes docs/sdk-reference.md from what src/client/index.ts exports: each class, function, type
// and constant with its signature and doc comment, read with the TypeScript compiler API.
// test/scripts/sdk-reference.test.ts fails when the committed file differs from what this writes:
// run `npx tsx scripts/sdk-reference.ts` after changing the SDK, and commit the result.
import { writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as prettier from 'prettier'
import ts from 'typescript'

const root = fileURLToPath(new URL('..', import.meta.url))
const entry = fileURLToPath(new URL('../src/client/index.ts', import.meta.url))
export const referencePath = fileURLToPath(new URL('../docs/sdk-reference.md', import.meta.url))

const header = `# SDK reference (\`cosell/client\`)

Generated from the SDK's declarations and doc comments by \`scripts/sdk-reference.ts\`; do not edit
by hand. The guide is [sdk.md](sdk.md). Types marked _shared_ are the server's own, imported by
type only.
`

/** The reference as Markdown (as Prettier formats it), one section per source file in index.ts's order. */
export async function renderSdkReference(): Promise<string> {
  const markdown = referenceMarkdown()
  const config = await prettier.resolveConfig(referencePath)
  return prettier.format(markdown, { ...config, filepath: referencePath })
}

function referenceMarkdown(): string {
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  })
  const checker = program.getTypeChecker()
  const index = program.getSourceFile(entry)!
  const sections = new Map<string, string[]>()
  for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(index)!)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
    const declaration = symbol.declarations?.[0]
    if (!declaration) continue
    const file = relative(root, declaration.getSourceFile().fileName)
    const entries = sections.get(file) ?? []
    entries.push(describe(exported.name, symbol, declaration, checker))
    sections.set(file, entries)
  }
  const body = [...sections].filter(([file]) => file.startsWith('src/client/'))
  const shared = [...sections].filter(([file]) => !file.startsWith('src/client/'))
  return [
    header,
    ...body.map(([file, entries]) => `## ${file.replace('src/client/', '')}\n\n${entries.join('\n')}`),
    `## Shared types\n\n${shared.flatMap(([, entries]) => entries).join('\n')}`,
  ].join('\n')
}

function describe(name: string, symbol: ts.Symbol, node: ts.Declaration, checker: ts.TypeChecker): string {
  const doc = documentation(symbol, checker)
  const source = relative(root, node.getSourceFile().fileName)
  if (!source.startsWith('src/client/')) {
    return `### \`${name}\` _shared_\n\nFrom [${source}](../${source}).${doc ? ` ${doc}` : ''}\n`
  }
  if (ts.isClassDeclaration(node)) return describeClass(name, node, doc, checker)
  const code = ts.isVariableDeclaration(node)
    ? `const ${name}: ${node.type?.getText() ?? checker.typeToString(checker.getTypeOfSymbol(symbol))}`
    : declarationText(node)
  return `### \`${name}\`\n\n${block(code)}${doc ? `\n${doc}\n` : ''}`
}

function describeClass(
  name: string,
  node: ts.ClassDeclaration,
  doc: string,
  checker: ts.TypeChecker,
): string {
  const members = node.members.filter(isPublic).map((member) => {
    const symbol = member.name ? checker.getSymbolAtLocation(member.name) : undefined
    const memberDoc = symbol ? documentation(symbol, checker) : ''
    return `- \`${oneLine(declarationText(member))}\`${memberDoc ? `\n\n  ${memberDoc.replace(/\n/g, '\n  ')}` : ''}\n`
  })
  return `### class \`${name}\`\n\n${doc ? `${doc}\n\n` : ''}${members.join('\n')}`
}

function isPublic(member: ts.ClassElement): boolean {
  const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : []
  const hidden = modifiers.some(
    (m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword,
  )
  return !hidden && !(member.name && ts.isPrivateIdentifier(member.name))
}

/** The declaration's own text without its body, doc comment or `export`. */
function declarationText(node: ts.Node): string {
  const text = node.getSourceFile().text
  const body = (node as { body?: ts.Node }).body
  const end = body && !ts.isModuleDeclaration(node) ? body.getStart() : node.getEnd()
  const code = text.slice(node.getStart(), end).trim()
  return code.replace(/^export\s+/, '').replace(/\s*\{$/, '')
}

function documentation(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim()
}

/** A member on one line, as a caller sees it: no `async`, no parameter-property modifiers. */
function oneLine(code: string): string {
  return code
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\(\s/g, '(')
    .replace(/,\s*\)/g, ')')
    .replace(/^async\s+/, '')
    .replace(/([(,]\s*)(?:(?:private|protected|public|readonly)\s+)+/g, '$1')
}

// The marker keeps the docs test, which runs every ts example of docs/, off these declarations.
function block(code: string): string {
  return `<!-- docs-test: skip (a declaration, not an example) -->\n\n\`\`\`ts\n${code}\n\`\`\`\n`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(referencePath, await renderSdkReference())
  console.log(`sdk-reference: wrote ${referencePath}`)
}
