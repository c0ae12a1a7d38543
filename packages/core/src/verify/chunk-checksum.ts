import type { DatabaseClient } from '../db/database-client.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import { rangeCondition, type KeyRange, type RowCondition } from './key-range.js'

export interface ChunkChecksum {
  readonly rows: number
  readonly hash: string
}

/**
 * Row count and an order-independent 64-bit hash of a normalized projection of a key range,
 * computed by the server itself (nothing but two numbers travels). NULL and '' differ: each value is
 * followed by its ISNULL flag.
 */
export async function chunkChecksum(
  client: DatabaseClient,
  table: string,
  keyColumns: readonly string[],
  columns: readonly string[],
  range: KeyRange,
  extra?: RowCondition,
): Promise<ChunkChecksum> {
  const where = rangeCondition(keyColumns, range, extra)
  const projection = columns.map((column) => `${q(column)}, ISNULL(${q(column)})`).join(', ')
  const rows = await client.query<{ n: number | string; h: number | string | null }>(
    `SELECT COUNT(*) AS n, BIT_XOR(CAST(CONV(LEFT(MD5(CONCAT_WS(0x1f, ${projection})), 16), 16, 10) AS UNSIGNED)) AS h FROM ${q(table)} WHERE ${where.sql}`,
    where.params,
  )
  return { rows: Number(rows[0]?.n ?? 0), hash: String(rows[0]?.h ?? '0') }
}
