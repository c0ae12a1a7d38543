import type { SqlRow } from '../../db/sql-value.js'
import { MODEL_COLUMNS } from './attribute-policy.js'
import { translateModel } from './model-aliases.js'
import { textOf } from './row-values.js'
import type { UntranslatedModel } from './types.js'

/** Rewrites the model columns of a created attribute's row; aliases without a Magento 2 class become NULL and are listed. */
export function translateModelColumns(
  table: string,
  row: SqlRow,
  attribute: { readonly entityType: string; readonly attributeCode: string },
  untranslated: UntranslatedModel[],
): SqlRow {
  const translated: SqlRow = { ...row }
  for (const column of MODEL_COLUMNS[table] ?? []) {
    if (!(column in row)) continue
    const result = translateModel(textOf(row, column))
    if (result.kind === 'translated') translated[column] = result.className
    else translated[column] = null
    if (result.kind === 'untranslated') untranslated.push({ ...attribute, table, column, value: result.original })
  }
  return translated
}
