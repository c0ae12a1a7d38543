import { createHash } from 'node:crypto'
import type { DatabaseClient, Session } from '../db/database-client.js'
import { runDdl } from '../db/ddl-runner.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import { shortenName } from '../db/shorten-name.js'
import type { SqlRow, SqlValue } from '../db/sql-value.js'
import { tableExists } from '../db/table-exists.js'
import type { LoadedChanges, NotedValue } from '../steps/delta-step.js'
import type { PendingChange } from './pending-change.js'
import { keysCondition } from './key-condition.js'
import { describeKey, keyIdentity, keyOf } from './row-key.js'

/** Comment of tables mig keeps at teardown unless asked: what they hold is the merchant's data. */
export const KEPT_TABLE_MARKER = 'mig:kept'

export function dirtyValueTableName(destPrefix: string): string {
  return shortenName(`${destPrefix}m2_mig_dirty_value`)
}

/** Repaired or lost values of one table, column and kind, as the reports show them. */
export interface DirtyValueCount {
  readonly table: string
  readonly column: string
  readonly kind: 'repaired' | 'lost'
  readonly count: number
  /** The first few rows (`item_id=9`). */
  readonly keys: readonly string[]
  /** One reason, as an example. */
  readonly reason: string
}

/** Keys shown per table, column and kind. */
const SHOWN_KEYS = 3

/**
 * Values handlers repaired or could not convert, in Magento 2 (`m2_mig_dirty_value`), written in the
 * same transaction as their rows: table, row key, column, what happened and why, and the original
 * bytes, so a lost value can be got back. A row written again without such a value (fixed in
 * Magento 1) or deleted drops its notes. Teardown leaves the table unless asked (comment `mig:kept`).
 */
export class DirtyValueStore {
  private constructor(
    readonly tableName: string,
    /** Tables that have notes: only their written rows need their old notes dropped. */
    private readonly noted: Set<string>,
  ) {}

  /** Magento 1 tables with notes. */
  notedTables(): readonly string[] {
    return [...this.noted]
  }

  static async open(destination: DatabaseClient, destPrefix: string): Promise<DirtyValueStore> {
    const tableName = dirtyValueTableName(destPrefix)
    await runDdl(destination, [
      `CREATE TABLE IF NOT EXISTS ${q(tableName)} (
         \`source_table\` VARCHAR(64) NOT NULL, \`key_hash\` BINARY(20) NOT NULL, \`row_key\` TEXT NOT NULL, \`key_values\` TEXT NOT NULL,
         \`source_column\` VARCHAR(64) NOT NULL, \`kind\` ENUM('repaired','lost') NOT NULL, \`reason\` TEXT NOT NULL,
         \`original\` LONGBLOB NULL, \`noted_at\` TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
         PRIMARY KEY (\`source_table\`, \`key_hash\`, \`source_column\`), KEY \`kind\` (\`kind\`, \`source_table\`)
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='${KEPT_TABLE_MARKER} original values of repaired and lost values'`,
    ])
    const rows = await destination.query<{ source_table: string }>(`SELECT DISTINCT source_table FROM ${q(tableName)}`)
    return new DirtyValueStore(tableName, new Set(rows.map((row) => row.source_table)))
  }

  /**
   * In the transaction that wrote a page of a Magento 1 table: the rows it upserted and deleted (but
   * `failed` ones) lose their earlier notes, and the notes of the rows it upserted are kept — the
   * step's (`loaded.notes`) and those it reported while writing (`reported`, the later of two on a
   * column). Returns the notes kept.
   */
  async afterPage(
    session: Session,
    page: {
      readonly table: string
      readonly keyColumns: readonly string[]
      readonly written: LoadedChanges
      readonly deleted: readonly PendingChange[]
      readonly reported: readonly NotedValue[]
    },
    failed: ReadonlySet<PendingChange>,
  ): Promise<NotedValue[]> {
    const written = [...page.written.upserts.map((upsert) => upsert.change), ...(page.written.direct ?? [])].filter(
      (change) => !failed.has(change),
    )
    const deleted = page.deleted.filter((change) => !failed.has(change))
    const latest = new Map<string, NotedValue>()
    for (const item of [...(page.written.notes ?? []), ...page.reported]) {
      if (!failed.has(item.change)) latest.set(`${keyIdentity(item.change.key)} ${item.note.column}`, item)
    }
    const notes = [...latest.values()]
    await this.afterWrite(session, page.table, page.keyColumns, written, deleted, notes)
    return notes
  }

  private async afterWrite(
    session: Session,
    table: string,
    keyColumns: readonly string[],
    written: readonly PendingChange[],
    deleted: readonly PendingChange[],
    notes: readonly NotedValue[],
  ): Promise<void> {
    const touched = this.noted.has(table) ? [...written, ...deleted] : []
    for (let at = 0; at < touched.length; at += PAGE) {
      const hashes = touched.slice(at, at + PAGE).map((change) => keyHash(change))
      await session.execute(
        `DELETE FROM ${q(this.tableName)} WHERE source_table = ? AND key_hash IN (${hashes.map(() => '?').join(', ')})`,
        [table, ...hashes],
      )
    }
    const writtenNow = new Set(written)
    const kept = notes.filter((item) => writtenNow.has(item.change))
    if (kept.length === 0) return
    this.noted.add(table)
    for (let at = 0; at < kept.length; at += PAGE) {
      const page = kept.slice(at, at + PAGE)
      const params: SqlValue[] = page.flatMap(({ change, note }) => [
        table,
        keyHash(change),
        describeKey(keyColumns, change.key),
        keyIdentity(change.key),
        note.column,
        note.kind,
        note.reason.slice(0, 4000),
        asBytes(note.original),
      ])
      await session.execute(
        `INSERT INTO ${q(this.tableName)} (source_table, key_hash, row_key, key_values, source_column, kind, reason, original) VALUES ${page.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON DUPLICATE KEY UPDATE kind = VALUES(kind), reason = VALUES(reason), original = VALUES(original), noted_at = NOW(6)`,
        params,
      )
    }
  }
}

const PAGE = 500

/** Where a Magento 1 table's rows live in Magento 2 (its step's destination key). */
export type DestinationKeyOf = (
  table: string,
) => { readonly table: string; readonly columns: readonly string[] } | undefined

export interface PruneOptions {
  readonly destination: DatabaseClient
  readonly destinationKeyOf: DestinationKeyOf
  /** Only Magento 1 tables whose Magento 2 table is one of these (the tables a cycle's deletes may have reached). */
  readonly within: ReadonlySet<string>
}

/**
 * Notes of rows Magento 2 no longer has — removed by a cascade from their parent, which no change of
 * their own announced — are dropped: the counts speak of values Magento 2 holds. Only tables with
 * notes whose Magento 2 table a cycle's deletes may have reached are looked at, a page of keys at a time.
 */
export async function pruneDirtyValues(store: DirtyValueStore, options: PruneOptions): Promise<number> {
  let dropped = 0
  for (const table of store.notedTables()) {
    const target = options.destinationKeyOf(table)
    if (!target || !options.within.has(target.table)) continue
    let after: Buffer = Buffer.alloc(0)
    for (;;) {
      const notes = await options.destination.query<{ key_hash: Buffer; key_values: string }>(
        `SELECT DISTINCT key_hash, key_values FROM ${q(store.tableName)} WHERE source_table = ? AND key_hash > ? ORDER BY key_hash LIMIT ${PAGE}`,
        [table, after],
      )
      const last = notes[notes.length - 1]
      if (!last) break
      after = last.key_hash
      const keys = notes.map((note) => JSON.parse(note.key_values) as SqlValue[])
      const where = keysCondition(target.columns, keys)
      const present = new Set(
        (
          await options.destination.query<SqlRow>(
            `SELECT ${target.columns.map((column) => q(column)).join(', ')} FROM ${q(target.table)} WHERE ${where.sql}`,
            where.params,
          )
        ).map((row) => keyIdentity(keyOf(row, target.columns))),
      )
      const gone = notes.filter((note) => !present.has(note.key_values)).map((note) => note.key_hash)
      if (gone.length > 0)
        await options.destination.execute(
          `DELETE FROM ${q(store.tableName)} WHERE source_table = ? AND key_hash IN (${gone.map(() => '?').join(', ')})`,
          [table, ...gone],
        )
      dropped += gone.length
      if (notes.length < PAGE) break
    }
  }
  return dropped
}

/** Every table, column and kind with notes, counted, with the first few keys; none where no run made the table. */
export async function readDirtyValueCounts(
  destination: DatabaseClient,
  destPrefix: string,
): Promise<DirtyValueCount[]> {
  const tableName = dirtyValueTableName(destPrefix)
  if (!(await tableExists(destination, tableName))) return []
  const rows = await destination.query<{
    source_table: string
    source_column: string
    kind: 'repaired' | 'lost'
    n: string | number
    reason: string
    row_key: string
  }>(
    `SELECT source_table, source_column, kind, COUNT(*) AS n, MIN(reason) AS reason, MIN(row_key) AS row_key FROM ${q(tableName)} GROUP BY source_table, source_column, kind ORDER BY source_table, source_column, kind`,
  )
  const counts: DirtyValueCount[] = []
  for (const row of rows) {
    const keys = await destination.query<{ row_key: string }>(
      `SELECT row_key FROM ${q(tableName)} WHERE source_table = ? AND source_column = ? AND kind = ? ORDER BY noted_at, row_key LIMIT ${SHOWN_KEYS}`,
      [row.source_table, row.source_column, row.kind],
    )
    counts.push({
      table: row.source_table,
      column: row.source_column,
      kind: row.kind,
      count: Number(row.n),
      keys: keys.map((key) => key.row_key),
      reason: row.reason,
    })
  }
  return counts
}

/** The original exactly as read: text as its UTF-8 bytes, binary as it is. */
function asBytes(value: SqlValue): SqlValue {
  if (value === null || Buffer.isBuffer(value)) return value
  return Buffer.from(String(value), 'utf8')
}

function keyHash(change: PendingChange): Buffer {
  return createHash('sha1').update(keyIdentity(change.key)).digest()
}
