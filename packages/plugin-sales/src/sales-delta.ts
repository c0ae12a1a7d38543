import {
  MapDelta,
  keysCondition,
  quoteIdentifier,
  type BulkFill,
  type ChangeFailure,
  type DataProgressListener,
  type LoadedChanges,
  type RelocatedReference,
  type RoundSummary,
  type Session,
  type SqlValue,
} from '@mig/core'
import { GRID_DEFINITIONS, rebuildAllGrids, rebuildGrids, type GridIds } from './grids/index.js'
import { raiseSequences, readEntityStoreRows } from './sequences/index.js'

import { pluginName } from './plugin-name.js'

type GridKind = keyof GridIds

/** Magento 1 tables whose changes mean "rebuild this Magento 2 grid row", keyed by entity_id. */
const GRID_SOURCES: Readonly<Record<string, GridKind>> = {
  sales_flat_order: 'order',
  sales_flat_order_grid: 'order',
  sales_flat_invoice: 'invoice',
  sales_flat_invoice_grid: 'invoice',
  sales_flat_shipment: 'shipment',
  sales_flat_shipment_grid: 'shipment',
  sales_flat_creditmemo: 'creditmemo',
  sales_flat_creditmemo_grid: 'creditmemo',
}

/** Children whose rows feed the order grid (names, addresses, payment method), by their parent_id. */
const ORDER_GRID_CHILDREN = new Set(['sales_flat_order_address', 'sales_flat_order_payment'])

/** Magento 1 tables whose Magento 2 copies the grids are built from: the documents (not Magento 1's own grids), addresses, payments. */
const GRID_INPUTS: readonly string[] = [
  ...Object.keys(GRID_SOURCES).filter((table) => !table.endsWith('_grid')),
  ...ORDER_GRID_CHILDREN,
]

/**
 * Orders, invoices, shipments, credit memos and quotes, as map.xml describes them; then, in the
 * same destination transaction, Magento 2's grids are rebuilt for every changed or deleted
 * document and the increment sequences are raised from eav_entity_store.
 */
export class SalesDelta extends MapDelta {
  /** Orders whose address or payment rows this round changes or deletes (read before deleted rows are gone). */
  private ordersToRegrid: SqlValue[] = []

  constructor() {
    super('sales delta', { trackedBy: pluginName })
  }

  override async applyDeletes(session: Session, loaded: LoadedChanges): Promise<readonly ChangeFailure[]> {
    await this.rememberParents(session, loaded, [
      ...loaded.deletes.map((item) => item.key),
      ...(loaded.direct ?? []).map((change) => change.key),
    ])
    return super.applyDeletes(session, loaded)
  }

  override async applyUpserts(session: Session, loaded: LoadedChanges): Promise<readonly ChangeFailure[]> {
    const failures = await super.applyUpserts(session, loaded)
    // Rows copied by the server were never read into mig: their orders are looked up in Magento 2.
    // Not after a full copy's chunk: `afterData` rebuilds every grid row then.
    if (!loaded.intoEmptiedTable)
      await this.rememberParents(
        session,
        loaded,
        (loaded.direct ?? []).map((change) => change.key),
      )
    return failures
  }

  /** The orders of address/payment rows this round touches, read from Magento 2 while the rows are there. */
  private async rememberParents(
    session: Session,
    loaded: LoadedChanges,
    keys: readonly (readonly SqlValue[])[],
  ): Promise<void> {
    const target = this.destinationKeyOf(loaded.table)
    if (!ORDER_GRID_CHILDREN.has(loaded.table) || !target || keys.length === 0) return
    const where = keysCondition(target.columns, keys)
    const rows = await session.query<{ parent_id: SqlValue }>(
      `SELECT parent_id FROM ${quoteIdentifier(target.table)} WHERE ${where.sql}`,
      where.params,
    )
    this.ordersToRegrid.push(...rows.map((row) => row.parent_id))
  }

  /**
   * Magento 1's grid rows go with their document (CASCADE) and lose their customer with the customer
   * (SET NULL), without triggers; Magento 2's grids are rebuilt from the documents but have no keys
   * of their own: core repeats both on the grids.
   */
  override relocatedReferences(): readonly RelocatedReference[] {
    const environment = this.requireEnvironment()
    const references: RelocatedReference[] = []
    for (const [sourceTable, kind] of Object.entries(GRID_SOURCES)) {
      if (!sourceTable.endsWith('_grid')) continue
      const table = `${environment.config.options.destPrefix}${GRID_DEFINITIONS[kind].gridTable}`
      const columns = environment.destinationSchema.get(table)?.columns.map((column) => column.name) ?? []
      for (const column of ['entity_id', ...(kind === 'order' ? ['customer_id'] : [])]) {
        if (columns.includes(column))
          references.push({ sourceTable, sourceColumns: [column], table, columns: [column] })
      }
    }
    return references
  }

  /** Grids read the documents, their addresses and payments; items, comments and quotes are copied meanwhile. */
  override afterDataNeeds(): readonly string[] {
    return GRID_INPUTS
  }

  /** Grids are rebuilt wholesale after a copy: their indexes (FULLTEXT included) are built once they are full. */
  override afterDataFills(): readonly BulkFill[] {
    return Object.entries(GRID_SOURCES)
      .filter(([table]) => !table.endsWith('_grid'))
      .map(([table, kind]) => ({ table: GRID_DEFINITIONS[kind].gridTable, rowsOf: table }))
  }

  /**
   * Data mode: every grid rebuilt from the copied tables, each walking its own documents in ranges,
   * grid rows of documents Magento 2 does not have removed, and every sequence raised from
   * Magento 1's eav_entity_store.
   */
  override async afterData(session: Session, progress: DataProgressListener): Promise<void> {
    const environment = this.requireEnvironment()
    const { destPrefix } = environment.config.options
    const options = { destPrefix, schema: environment.destinationSchema }
    await rebuildAllGrids(session, options, progress)
    const prefix = environment.config.options.sourcePrefix
    const storeRows = await environment.source.query<{ entity_store_id: SqlValue }>(
      `SELECT entity_store_id FROM ${quoteIdentifier(`${prefix}eav_entity_store`)}`,
    )
    const rows = await environment.source.withSession((source) =>
      readEntityStoreRows(
        source,
        prefix,
        storeRows.map((row) => row.entity_store_id),
      ),
    )
    for (const warning of await raiseSequences(session, options, rows)) environment.log.warn(warning)
  }

  override async afterRound(session: Session, round: RoundSummary): Promise<void> {
    const environment = this.requireEnvironment()
    const ids: Record<GridKind, SqlValue[]> = { order: this.ordersToRegrid, invoice: [], shipment: [], creditmemo: [] }
    this.ordersToRegrid = []
    const entityStores: SqlValue[][] = []
    for (const loaded of round.loaded) {
      const kind = GRID_SOURCES[loaded.table]
      if (kind) ids[kind].push(...touchedKeys(loaded).map((key) => key[0] ?? null))
      if (ORDER_GRID_CHILDREN.has(loaded.table))
        ids.order.push(...loaded.upserts.map((item) => item.row['parent_id'] ?? null))
      if (loaded.table === 'eav_entity_store') entityStores.push(...touchedKeys(loaded).map((key) => [...key]))
    }
    const options = { destPrefix: environment.config.options.destPrefix, schema: environment.destinationSchema }
    await rebuildGrids(session, options, ids)
    if (entityStores.length > 0) {
      const rows = await environment.source.withSession((source) =>
        readEntityStoreRows(source, environment.config.options.sourcePrefix, entityStores),
      )
      for (const warning of await raiseSequences(session, options, rows)) environment.log.warn(warning)
    }
  }
}

function touchedKeys(loaded: LoadedChanges): readonly (readonly SqlValue[])[] {
  return [
    ...loaded.upserts.map((item) => item.change.key),
    ...loaded.deletes.map((item) => item.change.key),
    ...loaded.derived.map((change) => change.key),
    ...(loaded.direct ?? []).map((change) => change.key),
  ]
}
