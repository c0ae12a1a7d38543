import type { DatabaseClient } from '../db/database-client.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import type { SqlRow } from '../db/sql-value.js'
import type { ChangeOperation } from '../deltalog/deltalog-naming.js'
import { afterKeyCondition } from './key-condition.js'
import type { PendingChange } from './pending-change.js'
import { keyOf, type KeyValues } from './row-key.js'

/** An SQL expression read as a column of its own. */
export interface ComputedColumn {
  readonly sql: string
  readonly as: string
}

/**
 * The next page of a table in key order, strictly after `after` (keyset paging: no OFFSET, no
 * skipped rows): the key columns plus `extra` columns or a computed one, or whole rows.
 */
export async function readKeyPage(
  client: DatabaseClient,
  table: string,
  keyColumns: readonly string[],
  limit: number,
  after: KeyValues | undefined,
  extra: readonly (string | ComputedColumn)[] | 'all columns' = [],
): Promise<SqlRow[]> {
  const order = keyColumns.map((column) => q(column)).join(', ')
  const selected = (column: string | ComputedColumn): string =>
    typeof column === 'string' ? q(column) : `${column.sql} AS ${q(column.as)}`
  const columns = extra === 'all columns' ? '*' : [order, ...extra.map(selected)].join(', ')
  const where = after ? afterKeyCondition(keyColumns, after) : { sql: '1', params: [] }
  return client.query<SqlRow>(
    `SELECT ${columns} FROM ${q(table)} WHERE ${where.sql} ORDER BY ${order} LIMIT ${Math.max(1, Math.floor(limit))}`,
    where.params,
  )
}

/** Reads a deltalog page by page in key order. */
export async function readChanges(
  source: DatabaseClient,
  deltalog: string,
  keyColumns: readonly string[],
  limit: number,
  after?: KeyValues,
): Promise<PendingChange[]> {
  const rows = await readKeyPage(source, deltalog, keyColumns, limit, after, ['operation', 'version'])
  return rows.map((row) => ({
    key: keyOf(row, keyColumns),
    operation: row['operation'] as ChangeOperation,
    version: String(row['version']),
  }))
}
