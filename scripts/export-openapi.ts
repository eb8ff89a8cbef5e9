// Writes openapi.json at the repository root from the schemas. test/http/openapi.test.ts fails when
// the committed file differs from what this writes: run `npx tsx scripts/export-openapi.ts` after
// changing a schema or a route, and commit the result.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { openApiFileText } from '../src/http/openapi/document.js'

const target = fileURLToPath(new URL('../openapi.json', import.meta.url))
writeFileSync(target, openApiFileText())
console.log(`export-openapi: wrote ${target}`)
