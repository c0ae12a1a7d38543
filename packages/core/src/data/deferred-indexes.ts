import type { DatabaseClient } from '../db/database-client.js'
import { isIndexClauseFor } from './index-definition.js'
import { runDdl } from '../db/ddl-runner.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import { isTransientError, mysqlErrorInfo } from '../db/mysql-error.js'
import { readSecondaryIndexes, type SecondaryIndex } from '../db/secondary-indexes.js'
import { shortenName } from '../db/shorten-name.js'
import { tableExists } from '../db/table-exists.js'
import { MigError } from '../errors/mig-error.js'

/** The comment of the bookkeeping table, which is how teardown finds it before it drops mig's tables. */
export const DEFERRED_INDEX_COMMENT = 'mig:state indexes to build after the copy'

export function deferredIndexTableName(destPrefix: string): string {
  return shortenName(`${destPrefix}m2_mig_deferred_index`)
}

/** Indexes built for one table after its bulk fill. */
export interface BuiltIndexes {
  readonly table: string
  readonly names: readonly string[]
  readonly seconds: number
}

/**
 * Secondary indexes a bulk fill builds afterwards (one sorted pass per index) instead of row by row,
 * as MySQL Shell's loader does with `deferTableIndexes`. Each definition is written to a table in
 * Magento 2 *before* its index is dropped, and forgotten only once the index is back, so an
 * interrupted run (kill -9, lost server) never leaves Magento 2 without an index it had: the next
 * `mig data run`, `mig delta run` or `mig delta teardown` builds what is recorded first.
 */
export class DeferredIndexes {
  private constructor(
    private readonly destination: DatabaseClient,
    readonly tableName: string,
  ) {}

  static async open(destination: DatabaseClient, destPrefix: string): Promise<DeferredIndexes> {
    const store = new DeferredIndexes(destination, deferredIndexTableName(destPrefix))
    await runDdl(destination, [
      `CREATE TABLE IF NOT EXISTS ${q(store.tableName)} (
         \`table_name\` VARCHAR(64) NOT NULL, \`index_name\` VARCHAR(64) NOT NULL, \`definition\` TEXT NOT NULL, \`position\` SMALLINT UNSIGNED NOT NULL,
         PRIMARY KEY (\`table_name\`, \`index_name\`)
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='${DEFERRED_INDEX_COMMENT}'`,
    ])
    return store
  }

  /** The stores already in the client's database (any dest_prefix): what teardown and delta start-up build from. */
  static async existing(client: DatabaseClient): Promise<DeferredIndexes[]> {
    const rows = await client.query<{ TABLE_NAME: string }>(
      `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' AND TABLE_COMMENT = ?`,
      [client.databaseName, DEFERRED_INDEX_COMMENT],
    )
    return rows.map((row) => new DeferredIndexes(client, row.TABLE_NAME))
  }

  /** Magento 2 tables with indexes recorded as still to build. */
  async tables(): Promise<string[]> {
    const rows = await this.destination.query<{ table_name: string }>(
      `SELECT DISTINCT table_name FROM ${q(this.tableName)} ORDER BY table_name`,
    )
    return rows.map((row) => row.table_name)
  }

  /**
   * Records `indexes` of `table`, then drops them in one statement. Returns the names dropped: none
   * when the server refuses (a privilege, a foreign key this reader did not see); the table is then
   * filled with its indexes as they are.
   */
  async defer(table: string, indexes: readonly SecondaryIndex[]): Promise<string[]> {
    if (indexes.length === 0) return []
    await this.destination.execute(
      `INSERT INTO ${q(this.tableName)} (table_name, index_name, definition, position) VALUES ${indexes.map(() => '(?, ?, ?, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE definition = VALUES(definition), position = VALUES(position)`,
      indexes.flatMap((index, position) => [table, index.name, index.definition, position]),
    )
    try {
      await runDdl(this.destination, [
        `ALTER TABLE ${q(table)} ${indexes.map((index) => `DROP INDEX ${q(index.name)}`).join(', ')}`,
      ])
      return indexes.map((index) => index.name)
    } catch (error) {
      // Lost on the way, the ALTER may or may not have run: the records stay, the next restore decides.
      if (isTransientError(error) || mysqlErrorInfo(error).errno === undefined) throw error
      // Refused by the server: one ALTER is all or nothing, every index is still there.
      await this.forget(
        table,
        indexes.map((index) => index.name),
      )
      return []
    }
  }

  /**
   * Builds every recorded index `table` lacks, in the order the table had them (plain ones in one
   * pass, then each FULLTEXT one on its own: InnoDB adds one at a time), then forgets the table's records. A table that is gone has nothing to build.
   */
  async restore(table: string): Promise<BuiltIndexes> {
    const started = performance.now()
    const recorded = await this.destination.query<{ index_name: string; definition: string }>(
      `SELECT index_name, definition FROM ${q(this.tableName)} WHERE table_name = ? ORDER BY position, index_name`,
      [table],
    )
    const exists = await tableExists(this.destination, table)
    const present = new Set(
      exists ? (await readSecondaryIndexes(this.destination, table)).map((index) => index.name.toLowerCase()) : [],
    )
    const missing = exists ? recorded.filter((row) => !present.has(row.index_name.toLowerCase())) : []
    const foreign = missing.find((row) => !isIndexClauseFor(row.definition, row.index_name))
    if (foreign) {
      throw new MigError(
        `${this.tableName} holds a definition for ${table}.${foreign.index_name} that is not one index clause (${foreign.definition.slice(0, 80)}); nothing is executed: ` +
          `delete that row, build the index by hand from Magento 2's own schema, and run again`,
      )
    }
    const fulltext = missing.filter((row) => /^FULLTEXT\b/i.test(row.definition))
    const plain = missing.filter((row) => !fulltext.includes(row))
    const statements = [
      ...(plain.length > 0
        ? [`ALTER TABLE ${q(table)} ${plain.map((row) => `ADD ${row.definition}`).join(', ')}`]
        : []),
      ...fulltext.map((row) => `ALTER TABLE ${q(table)} ADD ${row.definition}`),
    ]
    try {
      // A build waits for the short copy transactions that use the table; it never gives up on them.
      await runDdl(this.destination, statements, { lockWaitSeconds: 60, attempts: 60 })
    } catch (error) {
      const info = mysqlErrorInfo(error)
      throw new MigError(
        `cannot build the indexes of ${table} in Magento 2 after the copy (${missing.map((row) => row.index_name).join(', ')}): ${info.sqlMessage ?? info.message}; ` +
          `their definitions stay in ${this.tableName}: fix the cause and run \`mig data run\` again, which builds them first`,
        { cause: error },
      )
    }
    await this.forget(
      table,
      recorded.map((row) => row.index_name),
    )
    return { table, names: missing.map((row) => row.index_name), seconds: (performance.now() - started) / 1000 }
  }

  /** Every recorded index built (what an interrupted run left dropped). */
  async restoreAll(): Promise<BuiltIndexes[]> {
    const built: BuiltIndexes[] = []
    for (const table of await this.tables()) built.push(await this.restore(table))
    return built
  }

  /** Every index recorded in any store of the client's database built: what delta start-up and teardown do first. */
  static async restoreAllIn(client: DatabaseClient): Promise<BuiltIndexes[]> {
    const built: BuiltIndexes[] = []
    for (const store of await DeferredIndexes.existing(client)) built.push(...(await store.restoreAll()))
    return built
  }

  private async forget(table: string, names: readonly string[]): Promise<void> {
    if (names.length === 0) return
    await this.destination.execute(
      `DELETE FROM ${q(this.tableName)} WHERE table_name = ? AND index_name IN (${names.map(() => '?').join(', ')})`,
      [table, ...names],
    )
  }
}
