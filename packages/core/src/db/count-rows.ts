import type { DatabaseClient } from './database-client.js'
import { quoteIdentifier as q } from './identifier.js'
import type { SqlValue } from './sql-value.js'

/** Exact row count of a table, or of its rows matching `where` (progress totals, volume check, verify). */
export async function countRows(
  client: DatabaseClient,
  table: string,
  where?: { readonly sql: string; readonly params: readonly SqlValue[] },
): Promise<number> {
  const condition = where ? ` WHERE ${where.sql}` : ''
  const rows = await client.query<{ n: string | number }>(
    `SELECT COUNT(*) AS n FROM ${q(table)}${condition}`,
    where ? [...where.params] : [],
  )
  return Number(rows[0]?.n ?? 0)
}
