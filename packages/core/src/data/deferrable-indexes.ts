import type { SecondaryIndex } from '../db/secondary-indexes.js'
import type { TableSchema } from '../db/table-schema.js'

/**
 * The indexes of `table` a bulk fill may build afterwards instead of row by row: plain and FULLTEXT
 * ones. Never unique keys (they refuse duplicates while rows arrive), spatial ones, or an index a
 * foreign key needs: InnoDB wants the columns of every foreign key, on both sides, to lead an index,
 * so for each key without a primary, unique or kept index to lean on, the first plain index that
 * serves it stays.
 */
export function deferrableIndexes(
  indexes: readonly SecondaryIndex[],
  table: TableSchema,
  schema: ReadonlyMap<string, TableSchema>,
): SecondaryIndex[] {
  const candidates = indexes.filter(
    (index) => (index.kind === 'index' || index.kind === 'fulltext') && index.definition !== '',
  )
  const kept: (readonly string[])[] = [
    table.primaryKey,
    ...table.uniqueKeys,
    ...indexes.filter((index) => !candidates.includes(index)).map((index) => index.columns),
  ]
  const name = table.name.toLowerCase()
  const needs = [
    ...table.foreignKeys.map((key) => key.columns),
    ...[...schema.values()].flatMap((other) =>
      other.foreignKeys.filter((key) => key.referencedTable.toLowerCase() === name).map((key) => key.referencedColumns),
    ),
  ]
  const deferred = [...candidates]
  for (const need of needs) {
    if (need.length === 0 || kept.some((columns) => leads(need, columns))) continue
    const serving = deferred.find((index) => index.kind === 'index' && leads(need, index.columns))
    if (!serving) continue
    deferred.splice(deferred.indexOf(serving), 1)
    kept.push(serving.columns)
  }
  return deferred
}

/** Whether `columns` starts with `need`, in order (column names are case-insensitive). */
function leads(need: readonly string[], columns: readonly string[]): boolean {
  return (
    need.length <= columns.length &&
    need.every((column, index) => column.toLowerCase() === columns[index]?.toLowerCase())
  )
}
