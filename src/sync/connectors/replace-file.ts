// A file replaced whole: the new text goes to a temporary file beside it, then takes its name in
// one rename, so a reader sees the old file or the new one, never half of either.
import { randomUUID } from 'node:crypto'
import { rm, writeFile, rename } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export async function replaceFile(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`)
  try {
    await writeFile(temporary, text)
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}
