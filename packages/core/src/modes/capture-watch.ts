import { runDdl } from '../db/ddl-runner.js'
import { findCaptureGaps } from '../deltalog/capture-health.js'
import { enqueueFullReconcile } from '../delta/reset-enqueue.js'
import type { Logger } from '../log/logger.js'
import type { RunContext } from './run-context.js'
import type { PlannedTable } from './step-plan.js'

/**
 * Before every cycle: each table whose deltalog is installed must still have mig's three triggers.
 * A missing or altered one is recreated at once, then the table alone is reconciled as `--reset`
 * does (every Magento 1 row logged as changed, every Magento 2 row Magento 1 lacks as deleted): the
 * changes made while capture was down arrive, and later ones are captured again. Returns the
 * tables healed.
 */
export async function healCaptureGaps(
  context: RunContext,
  plan: readonly PlannedTable[],
  log: Logger,
): Promise<string[]> {
  const { environment } = context
  const { source, destination, config, sourceSchema } = environment
  const captured = new Map(plan.filter((table) => table.deltalog).map((table) => [table.table, table]))
  const tracked = environment.tracked.filter((table) => captured.has(table.table))
  const gaps = await findCaptureGaps(source, tracked, config.options.sourcePrefix, sourceSchema)
  for (const gap of gaps) {
    const planned = captured.get(gap.table)
    if (!planned?.deltalog) continue
    // Triggers first: a change made while the table is being reconciled is then captured too.
    await runDdl(source, gap.repairs)
    const counts = await enqueueFullReconcile({
      source,
      destination,
      sourceTable: planned.sourcePhysical,
      deltalog: planned.deltalog,
      keyColumns: planned.keyColumns,
      ...(planned.destination ? { destinationKey: planned.destination } : {}),
    })
    log.warn(
      `capture of ${gap.physicalTable} had a gap (${gap.problems.join(', ')}; dropped outside mig?): its triggers are reinstalled and the table is reconciled as --reset does (${counts.logged} rows to reconcile, ${counts.orphans} to delete)`,
      { event: 'capture-healed', table: gap.table },
    )
  }
  return gaps.map((gap) => gap.table)
}
