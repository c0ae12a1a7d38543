import type { DatabaseClient } from '../db/database-client.js'
import { readSecondaryIndexes } from '../db/secondary-indexes.js'
import type { TableSchema } from '../db/table-schema.js'
import type { DeferIndexes } from '../interfaces/config.js'
import type { Logger } from '../log/logger.js'
import { formatCount } from '../progress/progress-format.js'
import { deferrableIndexes } from './deferrable-indexes.js'
import { DeferredIndexes, type BuiltIndexes } from './deferred-indexes.js'

/**
 * Rows from which a fill builds its indexes afterwards (option defer_indexes = auto). Below it the
 * two ALTERs cost about what row-by-row maintenance does; above, a sorted build per index wins
 * clearly (measured: 166,667 orders 7.5 s with Magento 2's indexes, 3.8 s + 2.4 s without and then
 * built; the order grid 14 s against 4 s + 5.5 s, its FULLTEXT index included).
 */
export const DEFER_INDEXES_MIN_ROWS = 50_000

/**
 * The data run's use of deferred indexes: before a table is filled in bulk (a copy into an emptied
 * table, a grid rebuilt from scratch), its plain and FULLTEXT indexes are recorded and dropped; once
 * the fill is over they are built again. Anything an earlier run left recorded is built first.
 */
export class BulkFillIndexes {
  private readonly deferredHere = new Set<string>()

  private constructor(
    private readonly store: DeferredIndexes,
    private readonly destination: DatabaseClient,
    private readonly schema: ReadonlyMap<string, TableSchema>,
    private readonly policy: DeferIndexes,
    private readonly log: Logger,
  ) {}

  static async open(
    destination: DatabaseClient,
    destPrefix: string,
    schema: ReadonlyMap<string, TableSchema>,
    policy: DeferIndexes,
    log: Logger,
  ): Promise<BulkFillIndexes> {
    return new BulkFillIndexes(await DeferredIndexes.open(destination, destPrefix), destination, schema, policy, log)
  }

  /** Whether a fill of `rows` rows should build its indexes afterwards. */
  worthDeferring(rows: number): boolean {
    return this.policy === 'always' || (this.policy === 'auto' && rows >= DEFER_INDEXES_MIN_ROWS)
  }

  /** Drops the deferrable indexes of Magento 2 table `table` before a fill of about `rows` rows. */
  async beforeFill(table: string, rows: number): Promise<void> {
    const schema = this.schema.get(table)
    if (!schema || !this.worthDeferring(rows)) return
    const deferrable = deferrableIndexes(await readSecondaryIndexes(this.destination, table), schema, this.schema)
    const dropped = await this.store.defer(table, deferrable)
    if (dropped.length === 0) return
    this.deferredHere.add(table)
    this.log.debug(
      `${table}: ${dropped.length} indexes (${dropped.join(', ')}) are built after its ${formatCount(rows)} rows are written`,
      {
        event: 'indexes-deferred',
        table,
        indexes: dropped.join(', '),
      },
    )
  }

  /** Builds what `beforeFill` dropped for `table` (again after a lost connection: a build is idempotent). */
  async afterFill(table: string): Promise<void> {
    if (!this.deferredHere.has(table)) return
    await this.build(table)
    this.deferredHere.delete(table)
  }

  /** Builds every index still recorded: at start-up (an interrupted run's) and when a run ends. */
  async restoreAll(): Promise<void> {
    for (const table of await this.store.tables()) await this.build(table)
    this.deferredHere.clear()
  }

  private async build(table: string): Promise<void> {
    // A build of a large table takes a while and shows nothing else meanwhile.
    this.log.info(`${table}: building the indexes dropped for its copy`, { event: 'indexes-building', table })
    this.report(await this.store.restore(table))
  }

  private report(built: BuiltIndexes): void {
    if (built.names.length === 0) return
    this.log.info(
      `${built.table}: ${built.names.length} indexes built after the copy in ${built.seconds.toFixed(1)}s`,
      {
        event: 'indexes-built',
        table: built.table,
        indexes: built.names.join(', '),
        seconds: Number(built.seconds.toFixed(3)),
      },
    )
  }
}
