import { quoteIdentifier as q, type DataProgressListener, type Session, type SqlValue } from '@mig/core'
import { GRID_KINDS, type GridKind } from './grid-definitions.js'
import { planGrid, upsertRangeStatement, type GridOptions } from './grid-statements.js'

/** How progress names each grid's documents. */
const DOCUMENTS: Readonly<Record<GridKind, string>> = {
  order: 'orders',
  invoice: 'invoices',
  shipment: 'shipments',
  creditmemo: 'credit memos',
}

/** Entities per statement of a full rebuild: large enough that a statement's own cost vanishes. */
export const FULL_REBUILD_RANGE = 10_000

/**
 * After a full copy: every grid row removed whose entity Magento 2 does not have, and every entity's
 * grid row written, grid by grid, walking each main table in entity_id ranges (one `INSERT … SELECT`
 * per range, not per list of ids). Progress is reported per grid.
 */
export async function rebuildAllGrids(
  session: Session,
  options: GridOptions,
  progress: DataProgressListener,
  rangeSize = FULL_REBUILD_RANGE,
): Promise<void> {
  for (const kind of GRID_KINDS) {
    const plan = planGrid(kind, options)
    if (!plan) continue
    await session.execute(
      `DELETE g FROM ${q(plan.gridTable)} g LEFT JOIN ${q(plan.mainTable)} m ON m.entity_id = g.entity_id WHERE m.entity_id IS NULL`,
    )
    const [{ total } = { total: 0 }] = await session.query<{ total: number | string }>(
      `SELECT COUNT(*) AS total FROM ${q(plan.mainTable)}`,
    )
    if (Number(total) === 0) continue
    progress.begin(`sales grids (${DOCUMENTS[kind]})`, Number(total))
    let done = 0
    let after: SqlValue = -1
    for (;;) {
      const ranges: { last: SqlValue; entities: number | string }[] = await session.query<{
        last: SqlValue
        entities: number | string
      }>(
        `SELECT MAX(entity_id) AS last, COUNT(*) AS entities FROM (SELECT entity_id FROM ${q(plan.mainTable)} WHERE entity_id > ? ORDER BY entity_id LIMIT ${Math.max(1, Math.floor(rangeSize))}) r`,
        [after],
      )
      const range = ranges[0]
      if (!range || range.last === null || Number(range.entities) === 0) break
      const statement = upsertRangeStatement(plan, after, range.last)
      await session.execute(statement.sql, statement.params)
      after = range.last
      done += Number(range.entities)
      progress.advance(done)
    }
    progress.end()
  }
}
