import type { DatabaseClient } from '../db/database-client.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import type { SqlValue } from '../db/sql-value.js'
import type { PendingChange } from './pending-change.js'

const CHUNK = 500

/**
 * Compare-and-delete: a deltalog row goes only if its version is still the one that was read.
 * A change that landed after the read bumped the version, so it stays for the next cycle.
 * Returns how many rows were acknowledged.
 */
export async function acknowledgeChanges(source: DatabaseClient, deltalog: string, keyColumns: readonly string[], changes: readonly PendingChange[]): Promise<number> {
  let acknowledged = 0
  for (let start = 0; start < changes.length; start += CHUNK) {
    const chunk = changes.slice(start, start + CHUNK)
    const one = `(${[...keyColumns.map((column) => `${q(column)} = ?`), '`version` = ?'].join(' AND ')})`
    const params: SqlValue[] = chunk.flatMap((change) => [...change.key, change.version])
    const { affectedRows } = await source.execute(`DELETE FROM ${q(deltalog)} WHERE ${chunk.map(() => one).join(' OR ')}`, params)
    acknowledged += affectedRows
  }
  return acknowledged
}
