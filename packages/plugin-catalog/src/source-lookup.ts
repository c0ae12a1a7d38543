import { keysCondition, quoteIdentifier as q, type DatabaseClient, type SqlRow, type SqlValue } from '@mig/core'

/** One Magento 1 column of the rows with these ids, by id (as text): a parent's value a child row needs in Magento 2. */
export async function readColumnById(
  source: DatabaseClient,
  lookup: { readonly table: string; readonly id: string; readonly column: string },
  ids: readonly SqlValue[],
): Promise<Map<string, SqlValue>> {
  const unique = [...new Set(ids.map(String))]
  if (unique.length === 0) return new Map()
  const where = keysCondition(
    [lookup.id],
    unique.map((id) => [id]),
  )
  const rows = await source.query<SqlRow>(
    `SELECT ${q(lookup.id)} AS id, ${q(lookup.column)} AS value FROM ${q(lookup.table)} WHERE ${where.sql}`,
    where.params,
  )
  return new Map(rows.map((row) => [String(row['id']), row['value'] ?? null]))
}
