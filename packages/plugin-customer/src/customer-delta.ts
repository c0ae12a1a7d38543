import {
  MapDelta,
  logKeys,
  deltalogTableName,
  quoteIdentifier as q,
  type ChangeSet,
  type DataProgressListener,
  type DeltaEnvironment,
  type IntegrityProblem,
  type LoadedChanges,
  type PendingChange,
  type RoundSummary,
  type Session,
  type SqlRow,
  type SqlValue,
} from '@mig/core'
import { CUSTOMER_EAV_ENTITIES, entityOf, valueTableOf, type EavEntity } from './eav/eav-entities.js'
import { StaticColumnReader } from './eav/static-column-reader.js'
import { readStaticColumns } from './eav/static-columns.js'
import { pluginName } from './plugin-name.js'

/** Magento 2 grids built from these tables; marked for reindexing when they change. */
const CUSTOMER_GRID_SOURCES = new Set(CUSTOMER_EAV_ENTITIES.map((entity) => entity.entityTable))

/**
 * Customers, addresses, customer groups, newsletter subscribers and wishlists, as map.xml
 * describes them, plus what map.xml cannot say: Magento 1 keeps names, dob, password hash,
 * default addresses, street, city, … as EAV values, Magento 2 as columns of customer_entity and
 * customer_address_entity. Entity rows are written with those columns filled from Magento 1's
 * values; a change of such a value is a change of its entity (a deleted value sets the column NULL);
 * values of attributes that stay EAV keep their value rows.
 */
export class CustomerDelta extends MapDelta {
  private readonly readers = new Map<string, StaticColumnReader>()

  /** Values and entities carry attribute and attribute set ids: applied once the data run aligned them. */
  override readonly needsEavAlignment = true

  constructor() {
    super('customer delta', { trackedBy: pluginName })
  }

  override async prepare(environment: DeltaEnvironment): Promise<readonly IntegrityProblem[]> {
    const problems = await super.prepare(environment)
    const tables = new Set(this.tables(environment))
    for (const entity of CUSTOMER_EAV_ENTITIES) {
      if (!tables.has(entity.entityTable) || !this.tablePlan(entity.entityTable)?.transformer) continue
      const { sourcePrefix, destPrefix } = environment.config.options
      const columns = await readStaticColumns({ ...environment, sourcePrefix, destPrefix }, entity)
      this.readers.set(entity.entityTable, new StaticColumnReader(environment.source, sourcePrefix, entity, columns))
      environment.log.debug(
        `${this.title}: ${entity.entityTable} gets ${columns.length} columns from Magento 1 values (${columns.map((column) => column.code).join(', ')})`,
      )
    }
    // The columns this step fills from values are not "unfilled", whatever map.xml says.
    return problems.filter(
      (problem) =>
        !(
          problem.kind === 'unfilled-destination-column' &&
          problem.field !== undefined &&
          this.readers.get(problem.table)?.columnNames.includes(problem.field)
        ),
    )
  }

  /** Entity rows need their values and value rows need sorting: never copied by the server alone. */
  protected override allowsServerSideCopy(table: string): boolean {
    return entityOf(table) === undefined && valueTableOf(table) === undefined
  }

  /** Magento 2's prices, catalog rules and tax settings reference its customer groups: merged, never emptied. */
  override keepsDestinationRows(table: string): boolean {
    return table === 'customer_group'
  }

  /** Value rows of attributes that are Magento 2 columns do not become value rows. */
  override copiedRowsCondition(table: string): { sql: string; params: SqlValue[] } | undefined {
    const valueTable = valueTableOf(table)
    const ids = valueTable
      ? (this.readers.get(valueTable.entity.entityTable)?.attributeIds(valueTable.backendType) ?? [])
      : []
    return ids.length > 0 ? { sql: `attribute_id NOT IN (${ids.map(() => '?').join(', ')})`, params: ids } : undefined
  }

  override async load(changeSet: ChangeSet): Promise<LoadedChanges> {
    const reader = this.readers.get(changeSet.table)
    if (reader) return this.withStaticColumns(reader, await super.load(changeSet))
    const valueTable = valueTableOf(changeSet.table)
    const valueReader = valueTable && this.readers.get(valueTable.entity.entityTable)
    if (valueTable && valueReader)
      return this.loadValues(changeSet, valueTable.entity, valueTable.backendType, valueReader)
    return super.load(changeSet)
  }

  override async loadRows(
    table: string,
    items: readonly { readonly change: PendingChange; readonly row: SqlRow }[],
  ): Promise<LoadedChanges> {
    const reader = this.readers.get(table)
    if (reader) return this.withStaticColumns(reader, await super.loadRows(table, items))
    const valueTable = valueTableOf(table)
    const valueReader = valueTable && this.readers.get(valueTable.entity.entityTable)
    if (!valueTable || !valueReader) return super.loadRows(table, items)
    // A full copy writes every entity row with its columns already: values that are columns are done.
    const folded: PendingChange[] = []
    const rows: (typeof items)[number][] = []
    for (const item of items) {
      if (valueReader.isStatic(valueTable.backendType, item.row['attribute_id'] ?? null)) folded.push(item.change)
      else rows.push(item)
    }
    const loaded = await super.loadRows(table, rows)
    return { ...loaded, derived: [...loaded.derived, ...folded] }
  }

  private async withStaticColumns(reader: StaticColumnReader, loaded: LoadedChanges): Promise<LoadedChanges> {
    if (loaded.upserts.length === 0) return loaded
    return { ...loaded, upserts: await reader.completeAll(loaded.upserts) }
  }

  /**
   * Value changes (keyed entity_id, attribute_id). A value of an attribute that is a Magento 2
   * column is a change of its entity: the entity is handed to its own deltalog and applied there
   * with all its columns (so a refused entity, say an e-mail clash, is set aside and retried on the
   * entity's change alone). Any other value is upserted or deleted by its natural key.
   */
  private async loadValues(
    changeSet: ChangeSet,
    entity: EavEntity,
    backendType: string,
    reader: StaticColumnReader,
  ): Promise<LoadedChanges> {
    const plan = this.tablePlan(changeSet.table)
    if (!plan?.transformer) return super.load(changeSet)
    const entityColumn = changeSet.keyColumns.findIndex((column) => column.toLowerCase() === 'entity_id')
    const attributeColumn = changeSet.keyColumns.findIndex((column) => column.toLowerCase() === 'attribute_id')
    if (entityColumn < 0 || attributeColumn < 0) return super.load(changeSet)
    const derived: PendingChange[] = []
    const own: PendingChange[] = []
    const entities = new Map<string, SqlValue>()
    for (const change of changeSet.changes) {
      if (!reader.isStatic(backendType, change.key[attributeColumn] ?? null)) {
        own.push(change)
        continue
      }
      const entityId = change.key[entityColumn] ?? null
      entities.set(String(entityId), entityId)
      derived.push(change)
    }
    const rows =
      own.length > 0
        ? await this.readSourceRows(plan.sourcePhysical, { ...changeSet, changes: own }, plan.folds)
        : new Map<string, SqlRow>()
    // Logged before these value changes can be acknowledged (after this round commits): nothing is lost in between.
    await this.handToEntity(entity, [...entities.values()])
    return {
      table: changeSet.table,
      destinationTable: plan.transformer.mapping.destinationPhysicalTable,
      ...this.sortChanges(plan, own, rows),
      derived,
    }
  }

  /** Logs entities as changed in their own deltalog, as a trigger would. */
  private async handToEntity(entity: EavEntity, ids: readonly SqlValue[]): Promise<void> {
    if (ids.length === 0) return
    const environment = this.requireEnvironment()
    const prefix = environment.config.options.sourcePrefix
    await logKeys(
      environment.source,
      deltalogTableName(prefix, entity.entityTable),
      ['entity_id'],
      ids.map((id) => [id]),
      'UPDATE',
    )
  }

  /** Entity rows carry the columns filled from Magento 1's values besides map.xml's. */
  protected override writtenColumns(table: string, mapped: readonly string[]): readonly string[] {
    const reader = this.readers.get(table)
    return reader ? [...mapped, ...reader.columnNames.filter((column) => !mapped.includes(column))] : mapped
  }

  /** Data mode: Magento 2 rebuilds its customer grid from the copied tables. */
  override async afterData(session: Session, _progress: DataProgressListener): Promise<void> {
    await this.invalidateCustomerGrid(session)
  }

  override async afterRound(session: Session, round: RoundSummary): Promise<void> {
    const touched = round.loaded.some(
      (loaded) =>
        CUSTOMER_GRID_SOURCES.has(valueTableOf(loaded.table)?.entity.entityTable ?? loaded.table) &&
        loaded.upserts.length + loaded.deletes.length + loaded.derived.length > 0,
    )
    if (touched) await this.invalidateCustomerGrid(session)
  }

  /**
   * customer_grid_flat is Magento 2's index of customers: mig marks it invalid so Magento 2's
   * indexer (cron or `bin/magento indexer:reindex customer_grid`) rebuilds it from the migrated rows.
   */
  private async invalidateCustomerGrid(session: Session): Promise<void> {
    const environment = this.requireEnvironment()
    const table = `${environment.config.options.destPrefix}indexer_state`
    if (!environment.destinationSchema.has(table)) return
    await session.execute(
      `UPDATE ${q(table)} SET status = 'invalid' WHERE indexer_id = 'customer_grid' AND status <> 'invalid'`,
    )
  }
}
