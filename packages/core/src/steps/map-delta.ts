import type { Session } from '../db/database-client.js'
import type { SqlRow } from '../db/sql-value.js'
import { columnOf, type ColumnSchema, type TableSchema } from '../db/table-schema.js'
import {
  deleteRows,
  insertByLoadData,
  insertLoadDataLines,
  loadDataKeepsValues,
  onDuplicateClause,
  underSavepoint,
  upsertRows,
  type UpsertGuard,
  type UpsertStrategy,
} from '../delta/destination-writer.js'
import { loadDataLineSql } from '../db/load-data-line-sql.js'
import { keysCondition } from '../delta/key-condition.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import { keyFolds, keyIdentity, keyOf } from '../delta/row-key.js'
import type { PendingChange } from '../delta/pending-change.js'
import { DocumentMapper } from '../map/document-mapping.js'
import { resolveKeyColumns } from '../deltalog/tracked-table-plan.js'
import { checkIntegrity, type IntegrityProblem } from '../map/integrity-check.js'
import { RecordTransformer } from '../map/record-transformer.js'
import { AbstractDelta, isUniqueKey, upsertGuardOf, type StepTarget, type TargetRows } from './abstract-delta.js'
import { FieldHandlerError } from '../map/handlers/field-handler.js'
import { isFailure, toFailure } from './row-failures.js'
import type {
  ChangeFailure,
  ChangeSet,
  DeltaEnvironment,
  LineCopy,
  LinePageItem,
  LoadedChanges,
  NotedValue,
} from './delta-step.js'
import { withFields } from '../db/load-data-file.js'

/**
 * Which Magento 1 tables a step applies: these (unprefixed), or every table a plugin's deltalog.xml
 * tracks (`{ trackedBy: '@vendor/plugin' }`), so each table is owned by one step.
 */
export type StepTables = readonly string[] | { readonly trackedBy: string }

function isTableList(tables: StepTables): tables is readonly string[] {
  return Array.isArray(tables)
}

/** How one Magento 1 table is applied, resolved once per run from map.xml and both live schemas. */
export interface TablePlan {
  readonly sourcePhysical: string
  /** Undefined for tables map.xml ignores: their changes are `derived`. */
  readonly transformer?: RecordTransformer
  readonly destinationKey?: readonly string[]
  readonly strategy?: UpsertStrategy
  /** Magento 2's unique keys besides the mapped key, guarded against being overwritten by an upsert. */
  readonly guard?: UpsertGuard
  /** Case-insensitive source key columns, for matching re-read rows to deltalog keys. */
  readonly folds: readonly boolean[]
  readonly sourceKey?: readonly string[]
  /** Same-server copy: destination columns and the source columns they are copied from. */
  readonly direct?: { readonly columns: readonly string[]; readonly sources: readonly string[] }
  /** Data mode: how the source server formats this table's Magento 2 rows (see `copyLines`). */
  readonly lines?: LinePlan
}

/** A line copy, and the Magento 2 columns of its lines: the server's fields, then the handlers'. */
interface LinePlan {
  readonly copy: LineCopy
  readonly columns: readonly string[]
  readonly handled: readonly string[]
}

/**
 * Applies tables exactly as map.xml says: re-read the changed Magento 1 rows, transform them,
 * upsert what exists and delete what is gone. Subclasses add derived work in `afterRound`.
 */
export class MapDelta extends AbstractDelta {
  readonly title: string
  private readonly plans = new Map<string, TablePlan>()
  private readonly applied: StepTables | undefined

  /** `tables`: the unprefixed Magento 1 tables this step applies, or the plugin whose deltalog.xml names them; all tracked tables when omitted. */
  constructor(title = 'Map delta', tables?: StepTables) {
    super()
    this.title = title
    this.applied = tables
  }

  override tables(environment: DeltaEnvironment): readonly string[] {
    const applied = this.applied
    if (applied === undefined) return environment.tracked.map((table) => table.table)
    if (isTableList(applied)) return applied
    return environment.tracked.filter((table) => table.origins.includes(applied.trackedBy)).map((table) => table.table)
  }

  override async prepare(environment: DeltaEnvironment): Promise<readonly IntegrityProblem[]> {
    this.environment = environment
    const { config, sourceSchema, destinationSchema, rules, handlers } = environment
    const schemas = {
      sourceSchema,
      destinationSchema,
      sourcePrefix: config.options.sourcePrefix,
      destPrefix: config.options.destPrefix,
    }
    const tables = this.tables(environment)
    const report = checkIntegrity({ ...schemas, rules, tables, registry: handlers })
    const mapper = new DocumentMapper(rules, schemas)
    const direct = await this.directCopyPossible(environment, tables)
    for (const table of tables) {
      const resolution = mapper.resolve(table)
      const sourcePhysical = `${config.options.sourcePrefix}${table}`
      if (resolution.kind === 'ignored') {
        this.plans.set(table, { sourcePhysical, folds: [] })
        continue
      }
      if (resolution.kind === 'absent' || resolution.mapping.destination === undefined) continue
      try {
        const transformer = new RecordTransformer(resolution.mapping, handlers)
        const tracked = environment.tracked.find((candidate) => candidate.table === table)
        const keys = tracked
          ? resolveKeyColumns(tracked, sourceSchema, config.options.sourcePrefix)
          : (sourceSchema.get(sourcePhysical)?.primaryKey ?? [])
        const destinationKey = transformer.keyMapping(keys)
        const source = resolution.mapping.source
        const folds = keyFolds(keys.map((key) => columnOf(source, key) ?? { collation: null }))
        const strategy = strategyFor(resolution.mapping.destination, destinationKey)
        const serverMay = this.allowsServerSideCopy(table)
        const copy = direct && serverMay && strategy === 'on-duplicate-key' ? directColumns(transformer) : undefined
        const lines = config.options.sourceFormattedCopy && serverMay ? this.linePlanOf(table, transformer) : undefined
        const guard = upsertGuardOf(resolution.mapping.destination, destinationKey)
        this.plans.set(table, {
          sourcePhysical,
          transformer,
          destinationKey,
          folds,
          strategy,
          sourceKey: keys,
          ...(guard ? { guard } : {}),
          ...(copy ? { direct: copy } : {}),
          ...(lines ? { lines } : {}),
        })
      } catch (error) {
        environment.log.warn(
          `${table}: ${error instanceof Error ? error.message : String(error)}; its changes stay pending`,
        )
      }
    }
    const copied = [...this.plans.values()].filter((plan) => plan.direct).length
    if (direct)
      environment.log.info(`${this.title}: ${copied} tables are copied by the server itself (direct_document_copy)`)
    return report.problems
  }

  /**
   * Option direct_document_copy=1 with both databases on one server: tables whose columns need no
   * value handler are copied by the server itself (INSERT … SELECT across the databases), which
   * skips reading rows into mig. Checked with a probe; otherwise rows travel through mig as usual.
   */
  private async directCopyPossible(environment: DeltaEnvironment, tables: readonly string[]): Promise<boolean> {
    const { config } = environment
    if (config.options.raw['direct_document_copy'] !== '1') return false
    const sameServer = config.source.host === config.destination.host && config.source.port === config.destination.port
    const probeTable = tables
      .map((table) => `${config.options.sourcePrefix}${table}`)
      .find((table) => environment.sourceSchema.has(table))
    if (!sameServer || !probeTable) {
      environment.log.warn('direct_document_copy needs both databases on one server; rows are copied through mig')
      return false
    }
    try {
      await environment.destination.query(`SELECT 1 FROM ${q(config.source.name)}.${q(probeTable)} LIMIT 0`)
      return true
    } catch (error) {
      environment.log.warn(
        `direct_document_copy: the destination user cannot read ${config.source.name} (${error instanceof Error ? error.message : String(error)}); rows are copied through mig`,
      )
      return false
    }
  }

  /**
   * False for tables a subclass must see row by row even where the server could copy or format
   * them (direct_document_copy, source-formatted lines): rows it merges, adds columns to or splits.
   */
  protected allowsServerSideCopy(_table: string): boolean {
    return true
  }

  /**
   * The source-formatted copy of a table (see `RecordTransformer.lineSplit`), unless the step adds
   * columns to its rows or merges them into Magento 2's, or nothing is left for the server to format.
   */
  private linePlanOf(table: string, transformer: RecordTransformer): LinePlan | undefined {
    const split = transformer.lineSplit()
    const mapped = transformer.destinationColumns
    const written = this.writtenColumns(table, mapped)
    const destination = transformer.mapping.destination
    if (!split || split.plain.length === 0 || !destination || this.keepsDestinationRows(table)) return undefined
    if (written.length !== mapped.length || written.some((column, index) => column !== mapped[index])) return undefined
    const source = transformer.mapping.source
    const formatted = split.plain.map((column) => columnOf(source, column.from))
    // Read under their own names, as whole rows have them.
    const reads = split.reads.map((name) => columnOf(source, name)?.name)
    if (
      formatted.some((column) => column === undefined || column.generated) ||
      reads.some((name) => name === undefined)
    )
      return undefined
    if (!loadDataKeepsValues(destination, split.handled)) return undefined
    return {
      copy: { lineSql: loadDataLineSql(formatted as ColumnSchema[]), valueColumns: reads as string[] },
      columns: [...split.plain.map((column) => column.to), ...split.handled],
      handled: split.handled,
    }
  }

  /** How a table is applied in this run (after prepare); undefined when it is not. */
  protected tablePlan(table: string): TablePlan | undefined {
    return this.plans.get(table)
  }

  /** Whether this step can apply a table in this run (false when its mapping could not be resolved). */
  override applies(table: string): boolean {
    return this.plans.has(table)
  }

  /** The table map.xml sends a table to, under the mapped key. */
  override targets(table: string): readonly StepTarget[] {
    const plan = this.plans.get(table)
    return plan?.transformer && plan.destinationKey
      ? [{ table: plan.transformer.mapping.destinationTable, keyColumns: plan.destinationKey }]
      : []
  }

  /** The row as map.xml makes it (a row a handler refuses is set aside). */
  override transform(table: string, row: SqlRow): TargetRows {
    const transformer = this.plans.get(table)?.transformer
    if (!transformer) throw new Error(`${this.title}: ${table} is not prepared`)
    const result = transformer.transform(row)
    if ('rejected' in result) throw new FieldHandlerError(result.rejected)
    return { [transformer.mapping.destinationTable]: [result.row] }
  }

  /** Tables are copied column for column as map.xml says: verify checksums the verbatim columns on both servers. */
  override mappedBy(table: string): RecordTransformer | undefined {
    return this.plans.get(table)?.transformer
  }

  override async load(changeSet: ChangeSet): Promise<LoadedChanges> {
    const plan = this.plans.get(changeSet.table)
    const empty = { table: changeSet.table, upserts: [], deletes: [], rejected: [] }
    if (!plan) throw new Error(`${this.title}: ${changeSet.table} is not prepared`)
    if (!plan.transformer || !plan.destinationKey) {
      return { ...empty, destinationTable: undefined, derived: changeSet.changes }
    }
    if (plan.direct) return this.loadDirect(plan, changeSet)
    return this.loadThroughMig(plan, changeSet)
  }

  /**
   * Server-side copy: rows Magento 1 still has are copied by the server when the round is written;
   * the others are deletes, decided now as on the row path, so every path hands Magento 1's deletes
   * (and with them its cascades) to the round the same way. Only the keys are read.
   */
  private async loadDirect(plan: TablePlan, changeSet: ChangeSet): Promise<LoadedChanges> {
    const environment = this.requireEnvironment()
    const keyColumns = changeSet.keyColumns
    const where = keysCondition(
      keyColumns,
      changeSet.changes.map((change) => change.key),
    )
    const rows = await environment.source.query<SqlRow>(
      `SELECT ${keyColumns.map((column) => q(column)).join(', ')} FROM ${q(plan.sourcePhysical)} WHERE ${where.sql}`,
      where.params,
    )
    const present = new Set(rows.map((row) => keyIdentity(keyOf(row, keyColumns), plan.folds)))
    const direct: PendingChange[] = []
    const deletes: { change: PendingChange; key: SqlRow[string][] }[] = []
    for (const change of changeSet.changes) {
      if (present.has(keyIdentity(change.key, plan.folds))) direct.push(change)
      else deletes.push({ change, key: [...change.key] })
    }
    const destinationTable = plan.transformer?.mapping.destinationPhysicalTable
    return { table: changeSet.table, destinationTable, upserts: [], deletes, rejected: [], derived: [], direct }
  }

  /** Data mode: Magento 2 tables this step merges into instead of emptying; none unless a subclass says so. */
  override keepsDestinationRows(_table: string): boolean {
    return false
  }

  override copiesServerSide(table: string): boolean {
    return this.plans.get(table)?.direct !== undefined
  }

  override copyLines(table: string): LineCopy | undefined {
    return this.plans.get(table)?.lines?.copy
  }

  /** Data mode: the server's lines, each completed with the fields this table's handlers compute. */
  override async loadLines(table: string, items: readonly LinePageItem[]): Promise<LoadedChanges> {
    const plan = this.plans.get(table)
    const linePlan = plan?.lines
    if (!plan?.transformer || !linePlan) throw new Error(`${this.title}: ${table} is not prepared for a line copy`)
    const direct: PendingChange[] = []
    const lines: (Buffer | null)[] = []
    const rejected: ChangeFailure[] = []
    const notes: NotedValue[] = []
    for (const item of items) {
      if (linePlan.handled.length === 0 || item.line === null) {
        direct.push(item.change)
        lines.push(item.line)
        continue
      }
      const result = plan.transformer.handledValues(item.values)
      if ('rejected' in result) {
        rejected.push({ change: item.change, reason: result.rejected })
        continue
      }
      direct.push(item.change)
      lines.push(withFields(item.line, result.values))
      for (const note of result.notes ?? []) notes.push({ change: item.change, note })
    }
    const destinationTable = plan.transformer.mapping.destinationPhysicalTable
    return {
      table,
      destinationTable,
      upserts: [],
      deletes: [],
      derived: [],
      rejected,
      direct,
      lines,
      intoEmptiedTable: true,
      ...(notes.length > 0 ? { notes } : {}),
    }
  }

  /** Data mode: rows read whole by the copier, transformed without a re-read. */
  override async loadRows(
    table: string,
    items: readonly { readonly change: PendingChange; readonly row: SqlRow }[],
  ): Promise<LoadedChanges> {
    const plan = this.plans.get(table)
    if (!plan) throw new Error(`${this.title}: ${table} is not prepared`)
    const changes = items.map((item) => item.change)
    const empty = { table, upserts: [], deletes: [], rejected: [] }
    if (!plan.transformer || !plan.destinationKey) return { ...empty, destinationTable: undefined, derived: changes }
    const destinationTable = plan.transformer.mapping.destinationPhysicalTable
    if (plan.direct) return { ...empty, destinationTable, derived: [], direct: changes }
    const upserts: { change: PendingChange; row: SqlRow }[] = []
    const rejected: ChangeFailure[] = []
    const notes: NotedValue[] = []
    for (const { change, row } of items) {
      const result = plan.transformer.transform(row)
      if ('rejected' in result) rejected.push({ change, reason: result.rejected })
      else {
        upserts.push({ change, row: result.row })
        for (const note of result.notes ?? []) notes.push({ change, note })
      }
    }
    return {
      table,
      destinationTable,
      upserts,
      deletes: [],
      derived: [],
      rejected,
      intoEmptiedTable: !this.keepsDestinationRows(table),
      ...(notes.length > 0 ? { notes } : {}),
    }
  }

  private async loadThroughMig(plan: TablePlan, changeSet: ChangeSet): Promise<LoadedChanges> {
    if (!plan.transformer) throw new Error(`${this.title}: ${changeSet.table} has no mapping`)
    const rows = await this.readSourceRows(plan.sourcePhysical, changeSet, plan.folds)
    return {
      table: changeSet.table,
      destinationTable: plan.transformer.mapping.destinationPhysicalTable,
      ...this.sortChanges(plan, changeSet.changes, rows),
      derived: [],
    }
  }

  /** Changes against their re-read rows: a row that is gone is a delete, the others are transformed (or rejected by a handler). */
  protected sortChanges(
    plan: TablePlan,
    changes: readonly PendingChange[],
    rows: ReadonlyMap<string, SqlRow>,
  ): Pick<LoadedChanges, 'upserts' | 'deletes' | 'rejected' | 'notes'> {
    const upserts: { change: PendingChange; row: SqlRow }[] = []
    const deletes: { change: PendingChange; key: SqlRow[string][] }[] = []
    const rejected: ChangeFailure[] = []
    const notes: NotedValue[] = []
    for (const change of changes) {
      const row = rows.get(keyIdentity(change.key, plan.folds))
      if (!row) {
        deletes.push({ change, key: [...change.key] })
        continue
      }
      const result = plan.transformer?.transform(row)
      if (!result) rejected.push({ change, reason: 'no mapping' })
      else if ('rejected' in result) rejected.push({ change, reason: result.rejected })
      else {
        upserts.push({ change, row: result.row })
        for (const note of result.notes ?? []) notes.push({ change, note })
      }
    }
    return { upserts, deletes, rejected, ...(notes.length > 0 ? { notes } : {}) }
  }

  protected async readSourceRows(
    sourcePhysical: string,
    changeSet: ChangeSet,
    folds: readonly boolean[] = [],
  ): Promise<Map<string, SqlRow>> {
    const environment = this.requireEnvironment()
    const where = keysCondition(
      changeSet.keyColumns,
      changeSet.changes.map((change) => change.key),
    )
    const rows = await environment.source.query<SqlRow>(
      `SELECT * FROM ${q(sourcePhysical)} WHERE ${where.sql}`,
      where.params,
    )
    return new Map(rows.map((row) => [keyIdentity(keyOf(row, changeSet.keyColumns), folds), row]))
  }

  override async applyDeletes(session: Session, loaded: LoadedChanges): Promise<readonly ChangeFailure[]> {
    const plan = this.plans.get(loaded.table)
    // Source-formatted lines are rows Magento 1 has: nothing of theirs is deleted.
    if (loaded.lines) return []
    if (!plan?.transformer || !plan.destinationKey || loaded.deletes.length === 0) return []
    const errors = await deleteRows(
      session,
      plan.transformer.mapping.destinationPhysicalTable,
      plan.destinationKey,
      loaded.deletes.map((item) => item.key),
    )
    return errors.map((error) => toFailure(loaded.deletes[error.index]?.change, error)).filter(isFailure)
  }

  override async applyUpserts(session: Session, loaded: LoadedChanges): Promise<readonly ChangeFailure[]> {
    const plan = this.plans.get(loaded.table)
    if (plan?.lines && plan.transformer && loaded.lines && loaded.direct && loaded.direct.length > 0) {
      const table = plan.transformer.mapping.destinationPhysicalTable
      if (await insertLoadDataLines(session, { table, columns: plan.lines.columns, lines: loaded.lines })) return []
      this.environment?.log.debug(`${loaded.table}: source-formatted rows refused; copying them as values`)
      return this.applyUpserts(session, await this.fallback(plan, loaded))
    }
    if (plan?.direct && loaded.direct && loaded.direct.length > 0) {
      const failed = await underSavepoint(session, () => this.upsertDirect(session, plan, loaded.direct ?? []))
      if (failed === undefined) return []
      this.environment?.log.debug(
        `${loaded.table}: server-side copy refused (${failed instanceof Error ? failed.message : String(failed)}); copying these rows through mig`,
      )
      return this.applyUpserts(session, await this.fallback(plan, loaded))
    }
    if (!plan?.transformer || !plan.destinationKey || !plan.strategy || loaded.upserts.length === 0) return []
    const rows = loaded.upserts.map((item) => item.row)
    const table = plan.transformer.mapping.destinationPhysicalTable
    const columns = this.writtenColumns(loaded.table, plan.transformer.destinationColumns)
    const destination = plan.transformer.mapping.destination
    const bulk =
      loaded.intoEmptiedTable === true && destination !== undefined && loadDataKeepsValues(destination, columns)
    if (bulk && (await insertByLoadData(session, { table, columns, rows }))) return []
    const errors = await upsertRows(session, {
      table,
      columns,
      keyColumns: plan.destinationKey,
      strategy: plan.strategy,
      rows,
      ...(plan.guard ? { guard: plan.guard } : {}),
    })
    return errors.map((error) => toFailure(loaded.upserts[error.index]?.change, error)).filter(isFailure)
  }

  /**
   * Writes rows for these changes into a Magento 2 table besides the mapped one (e.g. a link table
   * Magento 2 added), matched on `keyColumns` the way mapped tables are, guarded the same way; a
   * row that cannot be written fails its change. Inside the round's transaction.
   */
  protected async upsertInto(
    session: Session,
    target: { readonly table: string; readonly keyColumns: readonly string[]; readonly columns: readonly string[] },
    items: readonly { readonly change: PendingChange; readonly row: SqlRow }[],
  ): Promise<ChangeFailure[]> {
    if (items.length === 0) return []
    const destination = this.requireEnvironment().destinationSchema.get(target.table)
    if (!destination) throw new Error(`${this.title}: Magento 2 has no table ${target.table}`)
    const guard = upsertGuardOf(destination, target.keyColumns)
    const strategy = strategyFor(destination, target.keyColumns)
    const errors = await upsertRows(session, {
      ...target,
      strategy,
      rows: items.map((item) => item.row),
      ...(guard ? { guard } : {}),
    })
    return errors.map((error) => toFailure(items[error.index]?.change, error)).filter(isFailure)
  }

  /** The Magento 2 columns written for a table: map.xml's, plus any a subclass adds to the rows it loads. */
  protected writtenColumns(_table: string, mapped: readonly string[]): readonly string[] {
    return mapped
  }

  /** A direct copy that failed for a data reason is redone through mig, row by row where needed; its notes go to core's sink. */
  private async fallback(plan: TablePlan, loaded: LoadedChanges): Promise<LoadedChanges> {
    const redone = await this.loadThroughMig(plan, {
      table: loaded.table,
      keyColumns: plan.sourceKey ?? [],
      changes: loaded.direct ?? [],
    })
    if (redone.notes) loaded.noteSink?.add(redone.notes)
    return redone
  }

  private sourceTableName(plan: TablePlan): string {
    return `${q(this.requireEnvironment().config.source.name)}.${q(plan.sourcePhysical)}`
  }

  private async upsertDirect(session: Session, plan: TablePlan, changes: readonly PendingChange[]): Promise<void> {
    const copy = plan.direct
    if (!copy || !plan.transformer || !plan.destinationKey) return
    const where = keysCondition(
      plan.sourceKey ?? [],
      changes.map((change) => change.key),
      's',
    )
    // Guarded as the row path is: a row meeting another through a second unique key is refused, not copied over it.
    const onDuplicate = onDuplicateClause(
      copy.columns,
      plan.destinationKey,
      plan.guard,
      plan.transformer.mapping.destinationPhysicalTable,
    )
    await session.execute(
      `INSERT INTO ${q(plan.transformer.mapping.destinationPhysicalTable)} (${copy.columns.map((column) => q(column)).join(', ')}) ` +
        `SELECT ${copy.sources.map((column) => `s.${q(column)}`).join(', ')} FROM ${this.sourceTableName(plan)} s WHERE ${where.sql} ` +
        `ON DUPLICATE KEY UPDATE ${onDuplicate}`,
      where.params,
    )
  }

  override destinationKeyOf(
    table: string,
  ): { table: string; columns: readonly string[]; folds: readonly boolean[] } | undefined {
    const plan = this.plans.get(table)
    if (!plan?.transformer || !plan.destinationKey) return undefined
    return { table: plan.transformer.mapping.destinationPhysicalTable, columns: plan.destinationKey, folds: plan.folds }
  }
}

/** The column pairs of a same-server copy, or undefined when any value needs a handler (JSON, constants, …). */
function directColumns(transformer: RecordTransformer): { columns: string[]; sources: string[] } | undefined {
  const columns: string[] = []
  const sources: string[] = []
  for (const fate of transformer.mapping.destinationColumns) {
    if (fate.kind === 'transformed') return undefined
    if (fate.kind !== 'filled') continue
    if (fate.transform) return undefined
    const source = transformer.mapping.sourceColumns.find((candidate) => candidate.column === fate.from)
    if (
      !source ||
      (source.kind !== 'copied' && source.kind !== 'moved') ||
      source.transform ||
      !transformer.copiesAsIs(fate.column)
    )
      return undefined
    columns.push(fate.column)
    sources.push(fate.from)
  }
  return columns.length > 0 ? { columns, sources } : undefined
}

/** Magento 2's natural key: when the mapped key is its primary or a unique key, upsert on it. */
function strategyFor(destination: TableSchema, keyColumns: readonly string[]): UpsertStrategy {
  return isUniqueKey(destination, keyColumns) ? 'on-duplicate-key' : 'replace-by-key'
}
