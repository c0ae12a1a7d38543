import type { SqlValue } from '../../db/sql-value.js'
import type { Queryable } from './eav-snapshot.js'

/** Physical table → its ON UPDATE CURRENT_TIMESTAMP columns (e.g. catalog_product_entity.updated_at). */
export async function readAutoUpdatedColumns(reader: Queryable, database: string): Promise<Map<string, string[]>> {
  const rows = await reader.query<{ TABLE_NAME: string; COLUMN_NAME: string; EXTRA: SqlValue }>(
    `SELECT TABLE_NAME, COLUMN_NAME, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND LOWER(EXTRA) LIKE '%on update%'`,
    [database],
  )
  const result = new Map<string, string[]>()
  for (const row of rows) {
    const list = result.get(row.TABLE_NAME)
    if (list) list.push(row.COLUMN_NAME)
    else result.set(row.TABLE_NAME, [row.COLUMN_NAME])
  }
  return result
}
