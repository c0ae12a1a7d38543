import type { DatabaseClient } from '../db/database-client.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import type { SqlRow, SqlValue } from '../db/sql-value.js'
import type { ChangeOperation } from '../deltalog/deltalog-naming.js'
import { afterKeyCondition, keysCondition } from './key-condition.js'
import { keyIdentity, keyOf, type KeyValues } from './row-key.js'

const PAGE = 5_000

/** Adds keys to a deltalog as if the rows had just changed (`--reset`, rows a data run hands to delta). */
export async function logKeys(
  source: DatabaseClient,
  deltalog: string,
  keyColumns: readonly string[],
  keys: readonly KeyValues[],
  operation: ChangeOperation,
): Promise<void> {
  if (keys.length === 0) return
  const columns = [...keyColumns.map((column) => q(column)), '`operation`'].join(', ')
  const row = `(${[...keyColumns.map(() => '?'), '?'].join(', ')})`
  const params: SqlValue[] = keys.flatMap((key) => [...key, operation])
  await source.execute(
    `INSERT INTO ${q(deltalog)} (${columns}) VALUES ${keys.map(() => row).join(', ')}
     ON DUPLICATE KEY UPDATE \`operation\` = VALUES(\`operation\`), \`version\` = \`version\` + 1, \`changed_at\` = NOW(6)`,
    params,
  )
}

async function* pagesOfKeys(
  client: DatabaseClient,
  table: string,
  keyColumns: readonly string[],
): AsyncGenerator<SqlValue[][]> {
  const order = keyColumns.map((column) => q(column)).join(', ')
  let after: KeyValues | undefined
  for (;;) {
    const where = after ? afterKeyCondition(keyColumns, after) : { sql: '1', params: [] }
    const rows = await client.query<SqlRow>(
      `SELECT ${order} FROM ${q(table)} WHERE ${where.sql} ORDER BY ${order} LIMIT ${PAGE}`,
      where.params,
    )
    if (rows.length === 0) return
    const keys = rows.map((row) => keyOf(row, keyColumns))
    yield keys
    after = keys[keys.length - 1]
    if (rows.length < PAGE) return
  }
}

/**
 * `--reset`: every current Magento 1 row is logged as changed, and every Magento 2 row whose
 * Magento 1 row is gone is logged as deleted; the ordinary cycles then reconcile the destination.
 * Paged in key order so no long transaction holds the live store.
 */
export async function enqueueFullReconcile(options: {
  source: DatabaseClient
  destination: DatabaseClient
  sourceTable: string
  deltalog: string
  keyColumns: readonly string[]
  destinationKey?: { readonly table: string; readonly columns: readonly string[]; readonly folds?: readonly boolean[] }
}): Promise<{ logged: number; orphans: number }> {
  const { source, deltalog, keyColumns } = options
  let logged = 0
  for await (const keys of pagesOfKeys(source, options.sourceTable, keyColumns)) {
    await logKeys(source, deltalog, keyColumns, keys, 'UPDATE')
    logged += keys.length
  }
  let orphans = 0
  const destinationKey = options.destinationKey
  if (destinationKey) {
    for await (const keys of pagesOfKeys(options.destination, destinationKey.table, destinationKey.columns)) {
      const where = keysCondition(keyColumns, keys)
      const present = await source.query<SqlRow>(
        `SELECT ${keyColumns.map((column) => q(column)).join(', ')} FROM ${q(options.sourceTable)} WHERE ${where.sql}`,
        where.params,
      )
      const existing = new Set(present.map((row) => keyIdentity(keyOf(row, keyColumns), destinationKey.folds)))
      const missing = keys.filter((key) => !existing.has(keyIdentity(key, destinationKey.folds)))
      await logKeys(source, deltalog, keyColumns, missing, 'DELETE')
      orphans += missing.length
    }
  }
  return { logged, orphans }
}
