import type { Connection } from 'mysql2/promise'

export type Rows = Record<string, unknown>[]

/** The rows a query returns, as plain records. */
export async function queryRows(db: Connection, sql: string, params: unknown[] = []): Promise<Rows> {
  return (await db.query(sql, params))[0] as Rows
}

/** The one value a query returns (a count, an id), as text; a query without a row is a test error. */
export async function queryScalar(db: Connection, sql: string, params: unknown[] = []): Promise<string> {
  const [row] = await queryRows(db, sql, params)
  if (!row) throw new Error(`no row from ${sql}`)
  return String(Object.values(row)[0])
}
