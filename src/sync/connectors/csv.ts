// The CSV connector's type: a CSV file that is the CRM, kept by hand or in a spreadsheet. Its
// block in the sync configuration, how it opens and the mapping a file in the default layout
// starts from.
import { access } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import Type, { type Static } from 'typebox'
import { CrmRefusedError } from './connector.js'
import type { ConnectorType } from './connector-type.js'
import { CsvConnector } from './csv-connector.js'
import { defaultTableMapping } from './table-mapping.js'

export const CsvSettingsSchema = Type.Object(
  {
    type: Type.Literal('csv'),
    path: Type.String({ minLength: 1, description: 'The CSV file, relative to the configuration file.' }),
    idColumn: Type.Optional(
      Type.String({ minLength: 1, description: 'The column holding each row’s id. Default `id`.' }),
    ),
  },
  { additionalProperties: false },
)

export type CsvSettings = Static<typeof CsvSettingsSchema>

export const csvConnectorType: ConnectorType<typeof CsvSettingsSchema> = {
  type: 'csv',
  settings: CsvSettingsSchema,
  async open(settings, context) {
    const path = isAbsolute(settings.path) ? settings.path : resolve(context.baseDir, settings.path)
    await access(path).catch(() => {
      throw new CrmRefusedError(`csv: no file at ${path} (a header line such as "id,name" starts one)`)
    })
    return new CsvConnector(path, settings.idColumn ?? 'id')
  },
  // cells are text: these are the words a person types for yes
  defaultMapping: () => defaultTableMapping(['true', 'TRUE', 'yes', '1']),
}
