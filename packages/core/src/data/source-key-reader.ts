import type { DatabaseClient } from '../db/database-client.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import type { SqlRow } from '../db/sql-value.js'
import { afterKeyCondition } from '../delta/key-condition.js'
import type { PendingChange } from '../delta/pending-change.js'
import { keyOf, type KeyValues } from '../delta/row-key.js'

/** Version given to copy "changes": never a deltalog version (those start at 1). */
export const COPY_VERSION = '0'

/**
 * The next page of a Magento 1 table's keys in key order (keyset paging, no OFFSET), as
 * "changed" entries: a full copy is the delta of every row, applied by the same steps.
 */
export async function readSourceKeys(
  source: DatabaseClient,
  table: string,
  keyColumns: readonly string[],
  limit: number,
  after?: KeyValues,
): Promise<PendingChange[]> {
  const order = keyColumns.map((column) => q(column)).join(', ')
  const where = after ? afterKeyCondition(keyColumns, after) : { sql: '1', params: [] }
  const rows = await source.query<SqlRow>(`SELECT ${order} FROM ${q(table)} WHERE ${where.sql} ORDER BY ${order} LIMIT ${Math.max(1, Math.floor(limit))}`, where.params)
  return rows.map((row) => ({ key: keyOf(row, keyColumns), operation: 'UPDATE', version: COPY_VERSION }))
}
