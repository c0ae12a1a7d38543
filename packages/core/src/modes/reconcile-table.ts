import { enqueueFullReconcile } from '../delta/reset-enqueue.js'
import type { RunContext } from './run-context.js'
import type { PlannedTable } from './step-plan.js'

/**
 * One table reconciled as `--reset` does: every Magento 1 row logged as changed, every Magento 2 row
 * Magento 1 no longer has as deleted. Undefined for a table without a deltalog.
 */
export async function reconcileTable(
  context: RunContext,
  planned: PlannedTable,
): Promise<{ logged: number; orphans: number } | undefined> {
  if (!planned.deltalog) return undefined
  const { source, destination } = context.environment
  return enqueueFullReconcile({
    source,
    destination,
    sourceTable: planned.sourcePhysical,
    deltalog: planned.deltalog,
    keyColumns: planned.keyColumns,
    ...(planned.destination ? { destinationKey: planned.destination } : {}),
  })
}
