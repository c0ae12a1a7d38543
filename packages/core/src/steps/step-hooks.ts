import type { Session } from '../db/database-client.js'
import type { SqlRow, SqlValue } from '../db/sql-value.js'
import type { PendingChange } from '../delta/pending-change.js'
import type { DeclaredParent } from '../delta/table-order.js'
import type { RecordTransformer } from '../map/record-transformer.js'
import type {
  BulkFill,
  DataProgressListener,
  LineCopy,
  LinePageItem,
  LoadedChanges,
  RelocatedReference,
} from './delta-step.js'

/**
 * Every optional hook a step may implement, in one place. `AbstractDelta` declares them all (its
 * type merges this interface), so a subclass writes each with `override` — and a misspelt hook, or
 * one with another signature, does not compile. Hooks marked "after prepare" are asked once
 * `prepare` has run.
 */
export interface StepHooks {
  /** After prepare: false for a table this step cannot apply in this run (e.g. no destination table); its changes stay pending. */
  applies?(table: string): boolean
  /**
   * Data mode: like `load`, for rows the copier has already read whole in key order (saves
   * re-reading them by key). Steps without it get `load` with the keys.
   */
  loadRows?(
    table: string,
    rows: readonly { readonly change: PendingChange; readonly row: SqlRow }[],
  ): Promise<LoadedChanges>
  /** True when the server itself copies this table's rows (direct_document_copy): the copier then reads keys only. */
  copiesServerSide?(table: string): boolean
  /**
   * Data mode: for a table whose Magento 2 rows are its Magento 1 columns, some of them through
   * handlers that declare what they read, how the source server formats the plain columns as LOAD
   * DATA lines. The copier then reads pages of lines and `valueColumns` and hands them to
   * `loadLines`; undefined where the step must see whole rows.
   */
  copyLines?(table: string): LineCopy | undefined
  /** Data mode, with `copyLines`: a page of lines, completed with the fields the step computes, as `direct` changes with `lines`. */
  loadLines?(table: string, items: readonly LinePageItem[]): Promise<LoadedChanges>
  /**
   * Data mode (`mig data run`): called once after every table of the run was copied. A step that
   * defines it rebuilds its derived data (grids, sequences, …) here in bulk, and `afterRound` is
   * not called for the copy's chunks; a step without it gets `afterRound` per chunk, as in delta.
   */
  afterData?(session: Session, progress: DataProgressListener): Promise<void>
  /**
   * Data mode, with `afterData`: the Magento 1 tables whose copy `afterData` reads. It then runs as
   * soon as these are copied, while other tables are still being copied (e.g. grids, which need
   * orders, addresses and payments but not order items); without it, after every table.
   */
  afterDataNeeds?(): readonly string[]
  /**
   * Data mode, with `afterData`: Magento 2 tables that `afterData` fills wholesale, such as grids.
   * When large, their plain and FULLTEXT indexes are built after it, in one sorted pass each,
   * instead of row by row (option defer_indexes).
   */
  afterDataFills?(): readonly BulkFill[]
  /**
   * Data mode: true for a Magento 2 table that is not emptied before the copy: Magento 1's rows are
   * upserted by key and Magento 2's own rows with other keys stay (e.g. customer groups, which
   * Magento 2's prices and rules reference).
   */
  keepsDestinationRows?(table: string): boolean
  /**
   * The part of a Magento 1 table that becomes rows of its Magento 2 table, as an SQL condition on the
   * source table (e.g. EAV values of attributes that are columns in Magento 2 are not rows there).
   * Used by the data run's volume check and verify; undefined means every row.
   */
  copiedRowsCondition?(table: string): { readonly sql: string; readonly params: readonly SqlValue[] } | undefined
  /**
   * After prepare: Magento 2 tables this step writes after others although no foreign key of theirs
   * says so (e.g. a gallery entry and the product it is linked to in another table). Data and delta
   * order their writes by these as by foreign keys.
   */
  declaredParents?(): readonly DeclaredParent[]
  /**
   * After prepare: Magento 1 references (a foreign key's columns) this step writes somewhere map.xml
   * does not say, e.g. a gallery entry's product, which Magento 2 keeps in a link table. Magento 1's
   * cascades along such a reference are then repeated in Magento 2 like those of mapped columns.
   */
  relocatedReferences?(): readonly RelocatedReference[]
  /**
   * Why a table's Magento 2 rows are not its Magento 1 rows one for one (e.g. tier prices, which
   * Magento 2 merges with group prices), so `mig verify` cannot compare them row for row and lists the
   * table as skipped with this reason; undefined when they are.
   */
  notComparable?(table: string): string | undefined
  /**
   * After prepare: the map.xml mapping this step applies to a table, where it copies rows column for
   * column (`MapDelta`): `mig verify` then lets both servers checksum the columns copied as they are,
   * and compares through the mapping only where they differ. Undefined: verify compares through
   * `transform`.
   */
  mappedBy?(table: string): RecordTransformer | undefined
  /**
   * After prepare: where a table's rows live in Magento 2 and under which key (the Magento 1 key's
   * values, in its order). The data run copies, `--reset` reconciles and the volume check counts
   * only tables that have one.
   */
  destinationKeyOf?(
    table: string,
  ): { readonly table: string; readonly columns: readonly string[]; readonly folds?: readonly boolean[] } | undefined
}
