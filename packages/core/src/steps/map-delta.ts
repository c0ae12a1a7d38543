import type { Session } from '../db/database-client.js'
import type { SqlRow } from '../db/sql-value.js'
import { columnOf, type TableSchema } from '../db/table-schema.js'
import { deleteRows, upsertRows, type RowError, type UpsertStrategy } from '../delta/destination-writer.js'
import { keysCondition } from '../delta/key-condition.js'
import { MysqlErrno } from '../db/mysql-error.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import { keyFolds, keyIdentity, keyOf } from '../delta/row-key.js'
import type { PendingChange } from '../delta/pending-change.js'
import { DocumentMapper } from '../map/document-mapping.js'
import { resolveKeyColumns } from '../deltalog/tracked-table-plan.js'
import { checkIntegrity, type IntegrityProblem } from '../map/integrity-check.js'
import { RecordTransformer } from '../map/record-transformer.js'
import { AbstractDelta } from './abstract-delta.js'
import type { ChangeFailure, ChangeSet, DeltaEnvironment, LoadedChanges } from './delta-step.js'

/** How one Magento 1 table is applied, resolved once per run from map.xml and both live schemas. */
interface TablePlan {
  readonly sourcePhysical: string
  /** Undefined for tables map.xml ignores: their changes are `derived`. */
  readonly transformer?: RecordTransformer
  readonly destinationKey?: readonly string[]
  readonly strategy?: UpsertStrategy
  /** Case-insensitive source key columns, for matching re-read rows to deltalog keys. */
  readonly folds: readonly boolean[]
}

/**
 * Applies tables exactly as map.xml says: re-read the changed Magento 1 rows, transform them,
 * upsert what exists and delete what is gone. Subclasses add derived work in `afterRound`.
 */
export class MapDelta extends AbstractDelta {
  readonly title: string
  protected environment: DeltaEnvironment | undefined
  private readonly plans = new Map<string, TablePlan>()
  private readonly explicitTables: readonly string[] | undefined

  /** `tables`: unprefixed Magento 1 tables this step applies; all tracked tables when omitted. */
  constructor(title = 'Map delta', tables?: readonly string[]) {
    super()
    this.title = title
    this.explicitTables = tables
  }

  tables(environment: DeltaEnvironment): readonly string[] {
    return this.explicitTables ?? environment.tracked.map((table) => table.table)
  }

  override async prepare(environment: DeltaEnvironment): Promise<readonly IntegrityProblem[]> {
    this.environment = environment
    const { config, sourceSchema, destinationSchema, rules, handlers } = environment
    const schemas = { sourceSchema, destinationSchema, sourcePrefix: config.options.sourcePrefix, destPrefix: config.options.destPrefix }
    const tables = this.tables(environment)
    const report = checkIntegrity({ ...schemas, rules, tables, registry: handlers })
    const mapper = new DocumentMapper(rules, schemas)
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
        const keys = tracked ? resolveKeyColumns(tracked, sourceSchema, config.options.sourcePrefix) : (sourceSchema.get(sourcePhysical)?.primaryKey ?? [])
        const destinationKey = transformer.keyMapping(keys)
        const source = resolution.mapping.source
        const folds = keyFolds(keys.map((key) => columnOf(source, key) ?? { collation: null }))
        this.plans.set(table, { sourcePhysical, transformer, destinationKey, folds, strategy: strategyFor(resolution.mapping.destination, destinationKey) })
      } catch (error) {
        environment.log.warn(`${table}: ${error instanceof Error ? error.message : String(error)}; its changes stay pending`)
      }
    }
    return report.problems
  }

  /** Whether this step can apply a table in this run (false when its mapping could not be resolved). */
  applies(table: string): boolean {
    return this.plans.has(table)
  }

  async load(changeSet: ChangeSet): Promise<LoadedChanges> {
    const plan = this.plans.get(changeSet.table)
    const empty = { table: changeSet.table, upserts: [], deletes: [], rejected: [] }
    if (!plan) throw new Error(`${this.title}: ${changeSet.table} is not prepared`)
    if (!plan.transformer || !plan.destinationKey) {
      return { ...empty, destinationTable: undefined, derived: changeSet.changes }
    }
    const rows = await this.readSourceRows(plan.sourcePhysical, changeSet, plan.folds)
    const upserts: { change: PendingChange; row: SqlRow }[] = []
    const deletes: { change: PendingChange; key: SqlRow[string][] }[] = []
    const rejected: ChangeFailure[] = []
    for (const change of changeSet.changes) {
      const row = rows.get(keyIdentity(change.key, plan.folds))
      if (!row) {
        deletes.push({ change, key: [...change.key] })
        continue
      }
      const result = plan.transformer.transform(row)
      if ('rejected' in result) rejected.push({ change, reason: result.rejected })
      else upserts.push({ change, row: result.row })
    }
    return { table: changeSet.table, destinationTable: plan.transformer.mapping.destinationPhysicalTable, upserts, deletes, derived: [], rejected }
  }

  protected async readSourceRows(sourcePhysical: string, changeSet: ChangeSet, folds: readonly boolean[] = []): Promise<Map<string, SqlRow>> {
    const environment = this.requireEnvironment()
    const where = keysCondition(changeSet.keyColumns, changeSet.changes.map((change) => change.key))
    const rows = await environment.source.query<SqlRow>(`SELECT * FROM ${q(sourcePhysical)} WHERE ${where.sql}`, where.params)
    return new Map(rows.map((row) => [keyIdentity(keyOf(row, changeSet.keyColumns), folds), row]))
  }

  async applyDeletes(session: Session, loaded: LoadedChanges): Promise<readonly ChangeFailure[]> {
    const plan = this.plans.get(loaded.table)
    if (!plan?.transformer || !plan.destinationKey || loaded.deletes.length === 0) return []
    const errors = await deleteRows(session, plan.transformer.mapping.destinationPhysicalTable, plan.destinationKey, loaded.deletes.map((item) => item.key))
    return errors.map((error) => toFailure(loaded.deletes[error.index]?.change, error)).filter(isFailure)
  }

  async applyUpserts(session: Session, loaded: LoadedChanges): Promise<readonly ChangeFailure[]> {
    const plan = this.plans.get(loaded.table)
    if (!plan?.transformer || !plan.destinationKey || !plan.strategy || loaded.upserts.length === 0) return []
    const errors = await upsertRows(session, {
      table: plan.transformer.mapping.destinationPhysicalTable,
      columns: plan.transformer.destinationColumns,
      keyColumns: plan.destinationKey,
      strategy: plan.strategy,
      rows: loaded.upserts.map((item) => item.row),
    })
    return errors.map((error) => toFailure(loaded.upserts[error.index]?.change, error)).filter(isFailure)
  }

  destinationKeyOf(table: string): { table: string; columns: readonly string[]; folds: readonly boolean[] } | undefined {
    const plan = this.plans.get(table)
    if (!plan?.transformer || !plan.destinationKey) return undefined
    return { table: plan.transformer.mapping.destinationPhysicalTable, columns: plan.destinationKey, folds: plan.folds }
  }

  protected requireEnvironment(): DeltaEnvironment {
    if (!this.environment) throw new Error(`${this.title}: prepare() was not called`)
    return this.environment
  }
}

/** Magento 2's natural key: when the mapped key is its primary or a unique key, upsert on it. */
function strategyFor(destination: TableSchema, keyColumns: readonly string[]): UpsertStrategy {
  const same = (columns: readonly string[]): boolean =>
    columns.length === keyColumns.length && columns.every((column) => keyColumns.some((key) => key.toLowerCase() === column.toLowerCase()))
  return same(destination.primaryKey) || destination.uniqueKeys.some(same) ? 'on-duplicate-key' : 'replace-by-key'
}

function toFailure(change: PendingChange | undefined, error: RowError): ChangeFailure | undefined {
  if (!change) return undefined
  return { change, reason: error.reason, ...(error.errno === MysqlErrno.foreignKeyParentMissing ? { waitsForParent: true } : {}) }
}

function isFailure(value: ChangeFailure | undefined): value is ChangeFailure {
  return value !== undefined
}
