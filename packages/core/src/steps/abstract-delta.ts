import type { Session } from '../db/database-client.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import type { SqlRow } from '../db/sql-value.js'
import { columnOf, type TableSchema } from '../db/table-schema.js'
import { deleteRows, upsertRows, type UpsertGuard, type UpsertStrategy } from '../delta/destination-writer.js'
import { keysCondition } from '../delta/key-condition.js'
import type { PendingChange } from '../delta/pending-change.js'
import { keyFolds, keyIdentity, keyOf, type KeyValues } from '../delta/row-key.js'
import type { IntegrityProblem } from '../map/integrity-check.js'
import { FieldHandlerError } from '../map/handlers/field-handler.js'
import {
  DELTA_STEP_API,
  DELTA_STEP_BRAND,
  type ChangeFailure,
  type ChangeSet,
  type DeltaEnvironment,
  type DeltaStep,
  type LoadedChanges,
  type RoundSummary,
} from './delta-step.js'
import { isFailure, toFailure } from './row-failures.js'
import type { StepHooks } from './step-hooks.js'

/** A Magento 2 table a Magento 1 table's rows go to (see `AbstractDelta.targets`). */
export interface StepTarget {
  /** The Magento 2 table, without dest_prefix. */
  readonly table: string
  /**
   * Its columns that hold the Magento 1 row's key (the deltalog key's values, in that order): a
   * Magento 1 row's rows in this table are the rows with these values. When they are the table's
   * primary or a unique key, a row is updated in place; otherwise a row's rows are replaced.
   */
  readonly keyColumns: readonly string[]
}

/** One Magento 1 row's Magento 2 rows, by target table (without dest_prefix); a target left out gets none. */
export type TargetRows = Readonly<Record<string, readonly SqlRow[]>>

/** Every optional hook (`StepHooks`) is a member of the class: subclasses implement them with `override`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface AbstractDelta extends StepHooks {}

/**
 * The class a vendor extends to apply an extension's tables. A subclass names its tables, the
 * Magento 2 tables each goes to (`targets`) and how one Magento 1 row becomes its Magento 2 rows
 * (`transform`); the rest — re-reading changed rows, deletes, upserts in the round's transaction,
 * the full copy, `--reset`, `mig verify` — is done here from those three. A step whose tables map
 * row for row extends `MapDelta` instead, which takes targets and transform from map.xml.
 *
 * Hooks (`StepHooks`) add what a table needs beyond that; the protected helpers below read Magento 1
 * rows and write Magento 2 rows the way core does (guarded upserts, per-row failures).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class AbstractDelta implements DeltaStep {
  /** On the prototype, so a class can be recognised before it is constructed. */
  get [DELTA_STEP_BRAND](): number {
    return DELTA_STEP_API
  }
  abstract readonly title: string
  readonly needsEavAlignment: boolean = false
  /** Set by `prepare`. */
  protected environment: DeltaEnvironment | undefined
  /** The Magento 2 rows of the upserts `load` produced, for `applyUpserts`, by change. */
  private readonly targetRows = new WeakMap<PendingChange, TargetRows>()

  /** The unprefixed Magento 1 tables this step applies (those its plugin's deltalog.xml tracks, usually). */
  abstract tables(environment: DeltaEnvironment): readonly string[]

  /** Where a Magento 1 table's rows go in Magento 2, parents first. */
  abstract targets(table: string): readonly StepTarget[]

  /**
   * One Magento 1 row (all its columns, as read) → its Magento 2 rows, per target. Values stay as read
   * (strings for dates, DECIMAL, BIGINT). Throw `FieldHandlerError` to set this row aside with a reason.
   */
  abstract transform(table: string, row: SqlRow): TargetRows

  /** Called once before the first cycle: remembers the run and checks that every target exists in Magento 2. */
  async prepare(environment: DeltaEnvironment): Promise<readonly IntegrityProblem[]> {
    this.environment = environment
    const problems: IntegrityProblem[] = []
    for (const table of this.tables(environment)) {
      for (const target of this.targets(table)) {
        if (environment.destinationSchema.has(this.physical(target))) continue
        problems.push({
          kind: 'missing-destination-table',
          table,
          message: `${this.title}: Magento 2 has no table ${this.physical(target)}, where ${table} goes`,
        })
      }
    }
    return problems
  }

  /**
   * After prepare: false for a table one of whose targets Magento 2 lacks (prepare reported it), so
   * that with `--auto` the run migrates what fits: the table's changes stay pending, and it is
   * neither copied, reset nor verified, instead of failing every round it shares.
   */
  applies(table: string): boolean {
    const environment = this.environment
    return (
      environment !== undefined &&
      this.targets(table).every((target) => environment.destinationSchema.has(this.physical(target)))
    )
  }

  /** Re-reads the changed Magento 1 rows; a row that is gone is a delete, the others are transformed. */
  async load(changes: ChangeSet): Promise<LoadedChanges> {
    const rows = await this.readRows(
      changes.table,
      changes.keyColumns,
      changes.changes.map((change) => change.key),
    )
    const folds = this.folds(changes.table, changes.keyColumns)
    const found = new Map(rows.map((row) => [keyIdentity(keyOf(row, changes.keyColumns), folds), row]))
    const gone = changes.changes.filter((change) => !found.has(keyIdentity(change.key, folds)))
    const present = changes.changes.flatMap((change) => {
      const row = found.get(keyIdentity(change.key, folds))
      return row ? [{ change, row }] : []
    })
    const loaded = await this.loadRows(changes.table, present)
    return { ...loaded, deletes: gone.map((change) => ({ change, key: [...change.key] })) }
  }

  /** Data mode and `load`: rows already read, transformed. */
  async loadRows(
    table: string,
    rows: readonly { readonly change: PendingChange; readonly row: SqlRow }[],
  ): Promise<LoadedChanges> {
    const upserts: { change: PendingChange; row: SqlRow }[] = []
    const rejected: ChangeFailure[] = []
    for (const { change, row } of rows) {
      try {
        const produced = this.transform(table, row)
        this.targetRows.set(change, produced)
        upserts.push({ change, row: produced[this.targets(table)[0]?.table ?? '']?.[0] ?? {} })
      } catch (error) {
        const reason = handlerReason(error)
        if (reason === undefined) throw error
        rejected.push({ change, reason: `${table}: ${reason}` })
      }
    }
    const first = this.targets(table)[0]
    return {
      table,
      destinationTable: first ? this.physical(first) : undefined,
      upserts,
      deletes: [],
      derived: [],
      rejected,
    }
  }

  /** A deleted Magento 1 row's rows go from every target, children first. */
  async applyDeletes(session: Session, loaded: LoadedChanges): Promise<readonly ChangeFailure[]> {
    if (loaded.deletes.length === 0) return []
    const failures: ChangeFailure[] = []
    for (const target of [...this.targets(loaded.table)].reverse()) {
      const errors = await deleteRows(
        session,
        this.physical(target),
        target.keyColumns,
        loaded.deletes.map((item) => item.key),
      )
      failures.push(...errors.map((error) => toFailure(loaded.deletes[error.index]?.change, error)).filter(isFailure))
    }
    return failures
  }

  /** A changed Magento 1 row's rows are written to every target, parents first: updated in place where the target's key is unique, replaced otherwise. */
  async applyUpserts(session: Session, loaded: LoadedChanges): Promise<readonly ChangeFailure[]> {
    if (loaded.upserts.length === 0) return []
    const failures: ChangeFailure[] = []
    const failed = new Set<PendingChange>()
    for (const target of this.targets(loaded.table)) {
      const live = loaded.upserts.filter((item) => !failed.has(item.change))
      const items = live.flatMap((item) =>
        (this.targetRows.get(item.change)?.[target.table] ?? []).map((row) => ({ change: item.change, row })),
      )
      for (const failure of await this.writeTarget(
        session,
        target,
        live.map((item) => item.change),
        items,
      )) {
        failures.push(failure)
        failed.add(failure.change)
      }
    }
    return failures
  }

  /** Derived Magento 2 data (grids, sequences, …), in the same transaction as the round's writes. */
  async afterRound(_session: Session, _round: RoundSummary): Promise<void> {}

  /** The first target, under the Magento 1 key: what the data run empties and copies into, `--reset` reconciles and verify reads. */
  destinationKeyOf(table: string): { readonly table: string; readonly columns: readonly string[] } | undefined {
    const first = this.targets(table)[0]
    return first ? { table: this.physical(first), columns: first.keyColumns } : undefined
  }

  /** Magento 1 rows of a table by key, all columns, as the driver reads them. */
  protected async readRows(
    table: string,
    keyColumns: readonly string[],
    keys: readonly KeyValues[],
  ): Promise<SqlRow[]> {
    if (keys.length === 0) return []
    const environment = this.requireEnvironment()
    const where = keysCondition(keyColumns, keys)
    return environment.source.query<SqlRow>(
      `SELECT * FROM ${q(`${environment.config.options.sourcePrefix}${table}`)} WHERE ${where.sql}`,
      where.params,
    )
  }

  /**
   * Writes these rows into a Magento 2 table (a target, or any table beside it), for these changes:
   * with the target's key unique, each row is upserted on it (never over another row holding one of
   * the table's other unique values); otherwise the changes' rows are deleted and the new ones
   * inserted. A row Magento 2 refuses fails its change (named, retried or set aside by core).
   * Inside the round's transaction.
   */
  protected async writeTarget(
    session: Session,
    target: StepTarget,
    changes: readonly PendingChange[],
    items: readonly { readonly change: PendingChange; readonly row: SqlRow }[],
  ): Promise<ChangeFailure[]> {
    const table = this.physical(target)
    const schema = this.requireEnvironment().destinationSchema.get(table)
    if (!schema) throw new Error(`${this.title}: Magento 2 has no table ${table}`)
    const unique = isUniqueKey(schema, target.keyColumns)
    // Replaced where the key is not unique; where it is, only a change whose row left this target loses it.
    const emptied = unique ? changes.filter((change) => !items.some((item) => item.change === change)) : changes
    const failures: ChangeFailure[] = []
    const deleted = await deleteRows(
      session,
      table,
      target.keyColumns,
      emptied.map((change) => change.key),
    )
    failures.push(...deleted.map((error) => toFailure(emptied[error.index], error)).filter(isFailure))
    if (items.length === 0) return failures
    const columns = [...new Set(items.flatMap((item) => Object.keys(item.row)))]
    const rows = items.map((item) => item.row)
    const keyColumns = unique ? target.keyColumns : schema.primaryKey.filter((column) => columns.includes(column))
    const guard = unique ? upsertGuardOf(schema, target.keyColumns) : undefined
    const strategy: UpsertStrategy = 'on-duplicate-key'
    const errors = await upsertRows(session, {
      table,
      columns,
      keyColumns,
      strategy,
      rows,
      ...(guard ? { guard } : {}),
    })
    failures.push(...errors.map((error) => toFailure(items[error.index]?.change, error)).filter(isFailure))
    return failures
  }

  /** The physical Magento 2 table of a target (dest_prefix applied). */
  protected physical(target: StepTarget): string {
    return `${this.requireEnvironment().config.options.destPrefix}${target.table}`
  }

  protected requireEnvironment(): DeltaEnvironment {
    if (!this.environment) throw new Error(`${this.title}: prepare() was not called`)
    return this.environment
  }

  /** Which key columns compare case-insensitively in Magento 1. */
  private folds(table: string, keyColumns: readonly string[]): boolean[] {
    const environment = this.requireEnvironment()
    const schema = environment.sourceSchema.get(`${environment.config.options.sourcePrefix}${table}`)
    return keyFolds(keyColumns.map((column) => (schema ? columnOf(schema, column) : undefined) ?? { collation: null }))
  }
}

/** The reason of a FieldHandlerError (recognised by shape too: a plugin may bring its own copy of @mig/core); undefined for other errors. */
function handlerReason(error: unknown): string | undefined {
  if (error instanceof FieldHandlerError) return error.reason
  const reason =
    error instanceof Error && error.name === 'FieldHandlerError' ? (error as { reason?: unknown }).reason : undefined
  return typeof reason === 'string' ? reason : undefined
}

/** Same columns, in any order, names compared case-insensitively. */
export function sameColumns(columns: readonly string[], keyColumns: readonly string[]): boolean {
  return (
    columns.length === keyColumns.length &&
    columns.every((column) => keyColumns.some((key) => key.toLowerCase() === column.toLowerCase()))
  )
}

/** The key columns are the table's primary key or one of its unique keys. */
export function isUniqueKey(destination: TableSchema, keyColumns: readonly string[]): boolean {
  return (
    sameColumns(destination.primaryKey, keyColumns) ||
    destination.uniqueKeys.some((columns) => sameColumns(columns, keyColumns))
  )
}

const TEXT_TYPES = new Set([
  'char',
  'varchar',
  'tinytext',
  'text',
  'mediumtext',
  'longtext',
  'binary',
  'varbinary',
  'tinyblob',
  'blob',
  'mediumblob',
  'longblob',
  'enum',
  'set',
])

/**
 * The upsert guard for a Magento 2 table: its primary and unique keys besides the upsert key, which
 * an upsert must not overwrite. None when there are none, or when a key column may be NULL (the guard
 * refuses a collision through the first key column, which must then be NOT NULL).
 */
export function upsertGuardOf(destination: TableSchema, keyColumns: readonly string[]): UpsertGuard | undefined {
  const keys = keyColumns.map((column) => columnOf(destination, column))
  if (keys.some((column) => column === undefined || column.nullable)) return undefined
  const otherUniqueKeys = [destination.primaryKey, ...destination.uniqueKeys].filter(
    (columns) => columns.length > 0 && !sameColumns(columns, keyColumns),
  )
  if (otherUniqueKeys.length === 0) return undefined
  const first = keys[0]
  return {
    otherUniqueKeys,
    refusal: first && TEXT_TYPES.has(first.dataType.toLowerCase()) && !first.autoIncrement ? 'null' : 'text',
  }
}
