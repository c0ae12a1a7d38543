import type { DatabaseClient } from '../db/database-client.js'
import { quoteIdentifier as q } from '../db/identifier.js'

export interface Backlog {
  readonly pending: number
  /** Seconds since the oldest pending change; null when nothing is pending. */
  readonly lagSeconds: number | null
  readonly byTable: ReadonlyMap<string, number>
}

/** Pending changes over every deltalog, in one round trip. */
export async function readBacklog(source: DatabaseClient, deltalogs: readonly string[]): Promise<Backlog> {
  if (deltalogs.length === 0) return { pending: 0, lagSeconds: null, byTable: new Map() }
  const sql = deltalogs
    .map(
      (deltalog) =>
        `SELECT ? AS name, COUNT(*) AS pending, TIMESTAMPDIFF(MICROSECOND, MIN(changed_at), NOW(6)) / 1000000 AS age FROM ${q(deltalog)}`,
    )
    .join(' UNION ALL ')
  const rows = await source.query<{ name: string; pending: number | string; age: number | string | null }>(sql, [
    ...deltalogs,
  ])
  const byTable = new Map<string, number>()
  let pending = 0
  let lag: number | null = null
  for (const row of rows) {
    const count = Number(row.pending)
    byTable.set(row.name, count)
    pending += count
    if (row.age !== null) lag = Math.max(lag ?? 0, Number(row.age))
  }
  return { pending, lagSeconds: lag, byTable }
}
