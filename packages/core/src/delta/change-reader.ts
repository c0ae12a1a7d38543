import type { DatabaseClient } from '../db/database-client.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import type { SqlRow } from '../db/sql-value.js'
import type { ChangeOperation } from '../deltalog/deltalog-naming.js'
import { afterKeyCondition } from './key-condition.js'
import type { PendingChange } from './pending-change.js'
import { keyOf, type KeyValues } from './row-key.js'

/** Reads a deltalog page by page in key order (keyset paging: no OFFSET, no skipped rows). */
export async function readChanges(
  source: DatabaseClient,
  deltalog: string,
  keyColumns: readonly string[],
  limit: number,
  after?: KeyValues,
): Promise<PendingChange[]> {
  const order = keyColumns.map((column) => q(column)).join(', ')
  const where = after ? afterKeyCondition(keyColumns, after) : { sql: '1', params: [] }
  const rows = await source.query<SqlRow>(
    `SELECT ${order}, \`operation\`, \`version\` FROM ${q(deltalog)} WHERE ${where.sql} ORDER BY ${order} LIMIT ${Math.max(1, Math.floor(limit))}`,
    where.params,
  )
  return rows.map((row) => ({ key: keyOf(row, keyColumns), operation: row['operation'] as ChangeOperation, version: String(row['version']) }))
}
