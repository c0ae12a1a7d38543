import type { DatabaseClient } from '../db/database-client.js'
import { readKeyPage } from '../delta/change-reader.js'
import type { PendingChange } from '../delta/pending-change.js'
import { keyOf, type KeyValues } from '../delta/row-key.js'

/** Version given to copy "changes": never a deltalog version (those start at 1). */
export const COPY_VERSION = '0'

/**
 * The next page of a Magento 1 table's keys in key order (keyset paging, no OFFSET), as
 * "changed" entries: a full copy is the delta of every row, applied by the same steps.
 */
export async function readSourceKeys(
  source: DatabaseClient,
  table: string,
  keyColumns: readonly string[],
  limit: number,
  after?: KeyValues,
): Promise<PendingChange[]> {
  const rows = await readKeyPage(source, table, keyColumns, limit, after)
  return rows.map((row) => copyChange(keyOf(row, keyColumns)))
}

/** A copied row as a "change" of the full copy. */
export function copyChange(key: KeyValues): PendingChange {
  return { key, operation: 'UPDATE', version: COPY_VERSION }
}
