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
export async function acknowledgeChanges(
  source: DatabaseClient,
  deltalog: string,
  keyColumns: readonly string[],
  changes: readonly PendingChange[],
): Promise<number> {
  if (keyColumns.length === 1) return acknowledgeByVersion(source, deltalog, keyColumns[0] ?? '', changes)
  let acknowledged = 0
  for (let start = 0; start < changes.length; start += CHUNK) {
    const chunk = changes.slice(start, start + CHUNK)
    const one = `(${[...keyColumns.map((column) => `${q(column)} = ?`), '`version` = ?'].join(' AND ')})`
    const params: SqlValue[] = chunk.flatMap((change) => [...change.key, change.version])
    const { affectedRows } = await source.execute(
      `DELETE FROM ${q(deltalog)} WHERE ${chunk.map(() => one).join(' OR ')}`,
      params,
    )
    acknowledged += affectedRows
  }
  return acknowledged
}

/**
 * Single-column keys: one `key IN (…) AND version = ?` per distinct version (nearly always just
 * version 1), which the server resolves as index lookups — far cheaper than a long OR list.
 */
async function acknowledgeByVersion(
  source: DatabaseClient,
  deltalog: string,
  keyColumn: string,
  changes: readonly PendingChange[],
): Promise<number> {
  const byVersion = new Map<string, SqlValue[]>()
  for (const change of changes) {
    const keys = byVersion.get(change.version) ?? []
    keys.push(change.key[0] ?? null)
    byVersion.set(change.version, keys)
  }
  let acknowledged = 0
  for (const [version, keys] of byVersion) {
    for (let start = 0; start < keys.length; start += 5_000) {
      const chunk = keys.slice(start, start + 5_000)
      const { affectedRows } = await source.execute(
        `DELETE FROM ${q(deltalog)} WHERE \`version\` = ? AND ${q(keyColumn)} IN (${chunk.map(() => '?').join(', ')})`,
        [version, ...chunk],
      )
      acknowledged += affectedRows
    }
  }
  return acknowledged
}
