import type { DatabaseClient, Session } from '../db/database-client.js'
import { runDdl } from '../db/ddl-runner.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import { shortenName } from '../db/shorten-name.js'
import type { KeyValues } from '../delta/row-key.js'
import { decodeKey, encodeKey } from './key-codec.js'

/** One piece of a data run: emptying a Magento 2 table, copying a Magento 1 table, a post-step. */
export interface ProgressEntry {
  readonly name: string
  readonly state: 'running' | 'done'
  /** The last key copied (copy entries), undefined before the first chunk. */
  readonly cursor: KeyValues | undefined
  readonly rows: number
}

/** The entry a data run writes once Magento 1's EAV ids are Magento 2's (delta waits for it before applying EAV rows). */
export const EAV_ALIGNED = 'foundation:eav'

/** The entry a data run writes last, once its volume check passed. */
export const DATA_RUN_COMPLETE = 'run:complete'

export function dataProgressTableName(destPrefix: string): string {
  return shortenName(`${destPrefix}m2_mig_data_progress`)
}

/**
 * Where a data run stands, kept in Magento 2 so that each chunk's rows and its cursor commit in
 * the same transaction: after kill -9 the rerun continues exactly after the last committed chunk.
 */
export class DataProgressStore {
  private constructor(
    private readonly destination: DatabaseClient,
    readonly tableName: string,
    private readonly entries: Map<string, ProgressEntry>,
  ) {}

  static async open(destination: DatabaseClient, destPrefix: string): Promise<DataProgressStore> {
    const tableName = dataProgressTableName(destPrefix)
    await runDdl(destination, [
      `CREATE TABLE IF NOT EXISTS ${q(tableName)} (
         \`name\` VARCHAR(191) NOT NULL, \`state\` VARCHAR(16) NOT NULL, \`cursor_key\` MEDIUMTEXT NULL,
         \`rows_done\` BIGINT UNSIGNED NOT NULL DEFAULT 0, \`updated_at\` TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
         PRIMARY KEY (\`name\`)
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='mig:state data run progress'`,
    ])
    const rows = await destination.query<{
      name: string
      state: string
      cursor_key: string | null
      rows_done: string | number
    }>(`SELECT name, state, cursor_key, rows_done FROM ${q(tableName)}`)
    const entries = new Map<string, ProgressEntry>()
    for (const row of rows) {
      entries.set(row.name, {
        name: row.name,
        state: row.state === 'done' ? 'done' : 'running',
        cursor: row.cursor_key === null ? undefined : decodeKey(row.cursor_key),
        rows: Number(row.rows_done),
      })
    }
    return new DataProgressStore(destination, tableName, entries)
  }

  get(name: string): ProgressEntry | undefined {
    return this.entries.get(name)
  }

  isDone(name: string): boolean {
    return this.entries.get(name)?.state === 'done'
  }

  /** True when an earlier run left anything behind (the rerun resumes instead of starting over). */
  get resuming(): boolean {
    return this.entries.size > 0
  }

  /** Inside the caller's destination transaction, so the entry commits with the rows it describes. */
  async save(session: Session, entry: ProgressEntry): Promise<void> {
    await session.execute(
      `INSERT INTO ${q(this.tableName)} (name, state, cursor_key, rows_done) VALUES (?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE state = VALUES(state), cursor_key = VALUES(cursor_key), rows_done = VALUES(rows_done)`,
      [entry.name, entry.state, entry.cursor === undefined ? null : encodeKey(entry.cursor), entry.rows],
    )
  }

  /** Call after the transaction that saved `entry` committed. */
  remember(entry: ProgressEntry): void {
    this.entries.set(entry.name, entry)
  }

  async markDone(name: string, rows: number): Promise<void> {
    const entry: ProgressEntry = { name, state: 'done', cursor: this.entries.get(name)?.cursor, rows }
    await this.destination.withSession((session) => this.save(session, entry))
    this.remember(entry)
  }

  /** `--reset`: the next run starts over. */
  async clear(): Promise<void> {
    await this.destination.execute(`DELETE FROM ${q(this.tableName)}`)
    this.entries.clear()
  }
}
