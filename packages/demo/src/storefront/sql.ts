import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise'
import type { Conn, Db, Id, Row, SqlValue } from './types.js'

/** Backtick-quote an identifier. */
export const q = (name: string): string => '`' + name.replace(/`/g, '``') + '`'

export type DbRow = Record<string, unknown>

export async function rows(conn: Conn | Db, sql: string, params: readonly SqlValue[] = []): Promise<DbRow[]> {
  const [result] = await conn.query<RowDataPacket[]>(sql, [...params])
  return result as DbRow[]
}

export async function exec(conn: Conn | Db, sql: string, params: readonly SqlValue[] = []): Promise<ResultSetHeader> {
  const [result] = await conn.query<ResultSetHeader>(sql, [...params])
  return result
}

/** A value read from the database as a string id (BIGINT-safe), or null. */
export function idOf(v: unknown): Id | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string') return String(v)
  throw new Error(`not an id: ${String(v)}`)
}

export function str(v: unknown): string | null {
  if (v === null || v === undefined) return null
  if (Buffer.isBuffer(v)) return v.toString('utf8')
  return String(v)
}

/** Drop keys whose value is undefined. */
export function defined(row: Row): Record<string, SqlValue> {
  const out: Record<string, SqlValue> = {}
  for (const [k, v] of Object.entries(row)) if (v !== undefined) out[k] = v
  return out
}
