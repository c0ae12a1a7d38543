import type { DatabaseClient } from './database-client.js'
import { quoteIdentifier as q } from './identifier.js'

/** Exact row count of a table (progress totals, volume check, verify). */
export async function countRows(client: DatabaseClient, table: string): Promise<number> {
  const rows = await client.query<{ n: string | number }>(`SELECT COUNT(*) AS n FROM ${q(table)}`)
  return Number(rows[0]?.n ?? 0)
}
