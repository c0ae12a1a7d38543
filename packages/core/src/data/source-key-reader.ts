import type { DatabaseClient } from '../db/database-client.js'
import type { LineCopy, LinePageItem } from '../steps/delta-step.js'
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

/** Alias of the formatted line in a line page; not a Magento column name (they never start with `mig`). */
const LINE = 'mig_formatted_line'

/**
 * The next page of a table in key order: each row's key, the line `copy.lineSql` formats (a binary
 * string, so the driver hands over its bytes untouched; null where the server could not build it)
 * and the values of `copy.valueColumns` (with the key's, in `values`).
 */
export async function readLinePage(
  source: DatabaseClient,
  table: string,
  keyColumns: readonly string[],
  copy: Pick<LineCopy, 'lineSql' | 'valueColumns'>,
  limit: number,
  after?: KeyValues,
): Promise<LinePageItem[]> {
  const rows = await readKeyPage(source, table, keyColumns, limit, after, [
    ...copy.valueColumns,
    { sql: copy.lineSql, as: LINE },
  ])
  return rows.map((row) => {
    const line = row[LINE]
    if (line !== null && !Buffer.isBuffer(line))
      throw new Error(`${table}: the formatted line came back as ${typeof line}, not as bytes`)
    return { change: copyChange(keyOf(row, keyColumns)), line: line ?? null, values: row }
  })
}
