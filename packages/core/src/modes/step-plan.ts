import { DELTALOG_MARKER, deltalogTableName } from '../deltalog/deltalog-naming.js'
import { resolveKeyColumns } from '../deltalog/tracked-table-plan.js'
import type { DeltaStep } from '../steps/delta-step.js'
import type { EavReadiness } from './eav-readiness.js'
import type { RunContext } from './run-context.js'

/** Why a tracked table is not applied in this run. */
export type HeldReason =
  /** Its step cannot apply it (an integrity problem of prepare: no destination table, …); its changes stay captured. */
  | 'cannot-apply'
  /** Its step's rows carry EAV ids, not aligned with Magento 1's until a data run. */
  | 'waiting-for-eav'

/** One tracked Magento 1 table as a run sees it, decided once: delta, data, verify and `--reset` read this. */
export interface PlannedTable {
  /** Unprefixed Magento 1 table. */
  readonly table: string
  readonly sourcePhysical: string
  readonly step: DeltaStep
  /** Its deltalog key. */
  readonly keyColumns: readonly string[]
  /** Undefined when the run applies it. */
  readonly held: HeldReason | undefined
  /**
   * Where its rows live in Magento 2, under the Magento 1 key: what the data run empties and fills,
   * `--reset` reconciles and verify reads. Undefined for a table whose changes only feed derived data
   * (a Magento 1 grid; Magento 2 rebuilds its own).
   */
  readonly destination:
    { readonly table: string; readonly columns: readonly string[]; readonly folds?: readonly boolean[] } | undefined
  /** Its deltalog, when capture is installed. */
  readonly deltalog: string | undefined
}

/**
 * Which step applies each tracked table present in Magento 1, and how: one decision for every mode.
 * Called after the steps' `prepare` (which decides `applies` and `destinationKeyOf`). Without
 * `eav`, nothing waits for the EAV alignment (the data run aligns first).
 */
export function planSteps(context: RunContext, eav?: EavReadiness): PlannedTable[] {
  const { environment } = context
  const prefix = environment.config.options.sourcePrefix
  const planned: PlannedTable[] = []
  for (const tracked of environment.tracked) {
    const step = context.owners.get(tracked.table)
    const sourcePhysical = `${prefix}${tracked.table}`
    if (!step || !environment.sourceSchema.has(sourcePhysical)) continue
    const held: HeldReason | undefined = eav?.waiting.has(step)
      ? 'waiting-for-eav'
      : step.applies?.(tracked.table) === false
        ? 'cannot-apply'
        : undefined
    const deltalog = deltalogTableName(prefix, tracked.table)
    planned.push({
      table: tracked.table,
      sourcePhysical,
      step,
      keyColumns: resolveKeyColumns(tracked, environment.sourceSchema, prefix),
      held,
      destination: held === 'cannot-apply' ? undefined : step.destinationKeyOf?.(tracked.table),
      deltalog: environment.sourceSchema.get(deltalog)?.comment.startsWith(DELTALOG_MARKER) ? deltalog : undefined,
    })
  }
  return planned
}

/** The tables a run applies. */
export function appliedTables(plan: readonly PlannedTable[]): PlannedTable[] {
  return plan.filter((table) => table.held === undefined)
}
