import type { DatabaseClient, Session } from '../db/database-client.js'
import type { SqlRow, SqlValue } from '../db/sql-value.js'
import type { TableSchema } from '../db/table-schema.js'
import type { PendingChange } from '../delta/pending-change.js'
import type { MigrationConfig } from '../interfaces/config.js'
import type { TrackedTable } from '../interfaces/deltalog.js'
import type { MapRules } from '../interfaces/map.js'
import type { Logger } from '../log/logger.js'
import type { FieldHandlerRegistry } from '../map/handlers/index.js'
import type { IntegrityProblem } from '../map/integrity-check.js'
import type { ValueNote } from '../map/value-note.js'
import type { StepHooks } from './step-hooks.js'
import type { StepTarget, TargetRows } from './abstract-delta.js'

/**
 * How core recognises a delta step. A plugin may load its own copy of @mig/core, so steps are
 * recognised by this global-registry symbol, never by `instanceof`.
 */
export const DELTA_STEP_BRAND: unique symbol = Symbol.for('@mig/core/delta-step') as never

/** The contract's major version; a step built against another major is refused. */
export const DELTA_STEP_API = 1

/** Everything a step needs to know about this run, given once before the first cycle. */
export interface DeltaEnvironment {
  readonly config: MigrationConfig
  readonly source: DatabaseClient
  readonly destination: DatabaseClient
  /** Keyed by physical table name (prefixes included). */
  readonly sourceSchema: ReadonlyMap<string, TableSchema>
  readonly destinationSchema: ReadonlyMap<string, TableSchema>
  readonly rules: MapRules
  readonly handlers: FieldHandlerRegistry
  readonly tracked: readonly TrackedTable[]
  readonly log: Logger
}

/** The pending changes of one table in one round. */
export interface ChangeSet {
  /** Unprefixed Magento 1 table name. */
  readonly table: string
  readonly keyColumns: readonly string[]
  readonly changes: readonly PendingChange[]
}

/** How the source server formats a table's rows for the destination (see `DeltaStep.copyLines`). */
export interface LineCopy {
  /** SQL expression over the source table's columns (unqualified) giving one line per row. */
  readonly lineSql: string
  /** Source columns read as values besides the line, for the fields the step computes itself (handlers). */
  readonly valueColumns: readonly string[]
}

/** One row of a line copy's page, as read from Magento 1. */
export interface LinePageItem {
  readonly change: PendingChange
  /** The fields the source server formatted; null where it could not (longer than its max_allowed_packet). */
  readonly line: Buffer | null
  /** The key's and `valueColumns`' values. */
  readonly values: SqlRow
}

/** A value of a change's row that a handler repaired or could not convert. */
export interface NotedValue {
  readonly change: PendingChange
  readonly note: ValueNote
}

/** Collects notes of values a step repaired or lost while writing. */
export interface NoteSink {
  add(notes: readonly NotedValue[]): void
}

/** A change that could not be applied, and why (one line). */
export interface ChangeFailure {
  readonly change: PendingChange
  readonly reason: string
  /** A missing parent row: usually arrives in a later round, so it is retried before being set aside. */
  readonly waitsForParent?: boolean
}

/** A change set after the source rows were re-read and transformed, ready to write. */
export interface LoadedChanges {
  readonly table: string
  /** Physical Magento 2 table written, for parent/child ordering; undefined when nothing is written directly. */
  readonly destinationTable: string | undefined
  readonly upserts: readonly { readonly change: PendingChange; readonly row: SqlRow }[]
  readonly deletes: readonly { readonly change: PendingChange; readonly key: readonly SqlValue[] }[]
  /** Changes that need no write of their own (e.g. a Magento 1 grid row: Magento 2 rebuilds its grids). */
  readonly derived: readonly PendingChange[]
  readonly rejected: readonly ChangeFailure[]
  /**
   * Values of the rows above that handlers repaired, or could not convert (the row is written with
   * an empty value there): core keeps them with the original value once the row is written.
   */
  readonly notes?: readonly NotedValue[]
  /**
   * Set by core before the writes: where a step reports notes of rows it transformed while writing
   * (a refused server-side page redone through mig). Kept by `{ ...loaded }` copies.
   */
  readonly noteSink?: NoteSink
  /**
   * Changes the step applies server-side (same-server copy, option direct_document_copy): their rows
   * were not read into mig, the step's apply methods copy them between the databases.
   */
  readonly direct?: readonly PendingChange[]
  /**
   * Data mode: the Magento 2 rows of the `direct` changes (same order), formatted by the source
   * server as lines of a LOAD DATA file (`loadDataLineSql`); null where the server could not (a row
   * longer than its max_allowed_packet). The step loads them into the emptied Magento 2 table.
   */
  readonly lines?: readonly (Buffer | null)[]
  /**
   * Data mode: the rows go into a Magento 2 table this run emptied, exactly once each, so plain
   * inserts suffice (a step may load them in bulk; a refused bulk load falls back to upserts).
   */
  readonly intoEmptiedTable?: boolean
}

/** What a round wrote, handed to `afterRound` of every step (grids, sequences, …). */
export interface RoundSummary {
  readonly loaded: readonly LoadedChanges[]
}

/** How a step reports long post-copy work (e.g. rebuilding grids) in data mode. */
export interface DataProgressListener {
  /** A named piece of work with a known total (rows, documents, …). */
  begin(label: string, total: number): void
  advance(done: number): void
  end(): void
}

/** A Magento 2 table a step's post-copy work fills wholesale (see `DeltaStep.afterDataFills`). */
export interface BulkFill {
  /** Magento 2 table, without dest_prefix. */
  readonly table: string
  /** The Magento 1 table (tracked, copied) it gets about one row per row of: its size decides. */
  readonly rowsOf: string
}

/**
 * Where a step keeps a Magento 1 reference in Magento 2 when map.xml does not say (see
 * `DeltaStep.relocatedReferences`).
 */
export interface RelocatedReference {
  /** Unprefixed Magento 1 table holding the reference, and its columns (a foreign key's, in any order). */
  readonly sourceTable: string
  readonly sourceColumns: readonly string[]
  /** Physical Magento 2 table that holds it, and the columns, in `sourceColumns`' order. */
  readonly table: string
  readonly columns: readonly string[]
  /**
   * When `table` is not the row's own Magento 2 table but a link beside it: the link's columns that
   * hold the row's Magento 2 key (in `destinationKeyOf` order). Absent when `table` is the row's table
   * (e.g. a grid the step derives).
   */
  readonly ownerColumns?: readonly string[]
  /** The names under which the step's loaded rows carry the values, when they are not columns of the row's table. */
  readonly loadedAs?: readonly string[]
}

/**
 * The shape core relies on: the members every step has (`AbstractDelta` implements them), and the
 * optional hooks of `StepHooks`.
 */
export interface DeltaStep extends StepHooks {
  readonly [DELTA_STEP_BRAND]: number
  /** The step's name in messages. */
  readonly title: string
  /**
   * True for a step whose rows carry EAV ids (attribute and attribute set ids of values and entities):
   * delta holds its changes until a data run has aligned Magento 2's EAV ids with Magento 1's.
   */
  readonly needsEavAlignment?: boolean
  /** Unprefixed Magento 1 tables this step applies. */
  tables(environment: DeltaEnvironment): readonly string[]
  /** Called once before anything is read or written; returns integrity problems (none: an empty list). */
  prepare(environment: DeltaEnvironment): Promise<readonly IntegrityProblem[]>
  /** Re-reads the changed Magento 1 rows of a page and transforms them: what to upsert, delete or set aside. */
  load(changes: ChangeSet): Promise<LoadedChanges>
  /** Writes a page's deletes, inside the round's transaction (children's before parents'). */
  applyDeletes(session: Session, loaded: LoadedChanges): Promise<readonly ChangeFailure[]>
  /** Writes a page's upserts, inside the round's transaction (parents' before children's). */
  applyUpserts(session: Session, loaded: LoadedChanges): Promise<readonly ChangeFailure[]>
  /** Derived Magento 2 data (grids, sequences, …), in the same transaction, after the round's writes. */
  afterRound(session: Session, round: RoundSummary): Promise<void>
  /** Where a table's rows go in Magento 2 (`AbstractDelta` requires it); verify reads them there. */
  targets?(table: string): readonly StepTarget[]
  /** One Magento 1 row's Magento 2 rows (`AbstractDelta` requires it); verify compares through it where no map.xml mapping is used. */
  transform?(table: string, row: SqlRow): TargetRows
}

export function isDeltaStep(value: unknown): value is DeltaStep {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<Record<symbol, unknown>>)[DELTA_STEP_BRAND] === 'number'
  )
}
