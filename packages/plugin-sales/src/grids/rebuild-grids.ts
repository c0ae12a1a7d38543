import type { Session, SqlValue } from '@mig/core'
import { GRID_KINDS, type GridKind } from './grid-definitions.js'
import {
  deleteStatement,
  planGrid,
  upsertStatement,
  type GridOptions,
  type GridPlan,
  type SqlStatement,
} from './grid-statements.js'

/** Magento 2 entity ids whose grid rows to rebuild, per grid. */
export interface GridIds {
  /**
   * Changed or deleted orders. Besides their sales_order_grid rows, the invoice, shipment and credit
   * memo grid rows of these orders are rebuilt too (they show order data: status, addresses, payment),
   * and those whose entity is gone are removed (Magento 1 deletes an order's invoices by cascade,
   * which no trigger sees).
   */
  readonly order?: readonly SqlValue[]
  readonly invoice?: readonly SqlValue[]
  readonly shipment?: readonly SqlValue[]
  readonly creditmemo?: readonly SqlValue[]
}

/** Ids per statement: keeps statements well below max_allowed_packet and the placeholder limit. */
export const GRID_CHUNK_SIZE = 500

/**
 * The statements that bring the Magento 2 grid rows of the given entities in line with the Magento 2
 * sales tables, in execution order: per grid, first the rows of deleted entities are removed, then
 * the rows of existing ones are inserted or updated from one `INSERT … SELECT`.
 * Grids whose table (or main table) is missing from the schema are skipped.
 */
export function gridStatements(options: GridOptions, ids: GridIds): SqlStatement[] {
  const orderIds = distinctIds(ids.order)
  const statements: SqlStatement[] = []
  for (const kind of GRID_KINDS) {
    const plan = planGrid(kind, options)
    if (plan === undefined) continue
    const entityIds = kind === 'order' ? orderIds : distinctIds(ids[kind])
    statements.push(...statementsFor(plan, 'entity', entityIds))
    if (kind !== 'order' && plan.hasOrderId) statements.push(...statementsFor(plan, 'order', orderIds))
  }
  return statements
}

/**
 * Rebuilds Magento 2 grid rows from the Magento 2 tables (sales_order, sales_order_address,
 * sales_order_payment, sales_invoice, …) as Magento 2.4 itself fills sales_order_grid,
 * sales_invoice_grid, sales_shipment_grid and sales_creditmemo_grid. Run it on the destination,
 * after the round's rows are written (in the same transaction when there is one).
 */
export async function rebuildGrids(session: Session, options: GridOptions, ids: GridIds): Promise<void> {
  for (const statement of gridStatements(options, ids)) {
    await session.execute(statement.sql, statement.params)
  }
}

function statementsFor(plan: GridPlan, by: 'entity' | 'order', ids: readonly SqlValue[]): SqlStatement[] {
  const statements: SqlStatement[] = []
  for (let start = 0; start < ids.length; start += GRID_CHUNK_SIZE) {
    const chunk = ids.slice(start, start + GRID_CHUNK_SIZE)
    statements.push(deleteStatement(plan, by, chunk), upsertStatement(plan, by, chunk))
  }
  return statements
}

/** Without NULLs and duplicates (1, '1' and 1n are one id), in first-seen order. */
function distinctIds(ids: readonly SqlValue[] | undefined): SqlValue[] {
  if (ids === undefined) return []
  const seen = new Set<string>()
  const result: SqlValue[] = []
  for (const id of ids) {
    if (id === null || id === undefined) continue
    const key = Buffer.isBuffer(id) ? `b:${id.toString('hex')}` : String(id)
    if (seen.has(key)) continue
    seen.add(key)
    result.push(id)
  }
  return result
}

export type { GridKind }
