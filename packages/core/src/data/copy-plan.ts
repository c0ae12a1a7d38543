import { deltalogTableName } from '../deltalog/deltalog-naming.js'
import { parentsFirst } from '../delta/table-order.js'
import type { RunContext } from '../modes/run-context.js'
import { appliedTables, planSteps } from '../modes/step-plan.js'
import type { SqlValue } from '../db/sql-value.js'
import type { TableSchema } from '../db/table-schema.js'
import type { DeltaStep } from '../steps/delta-step.js'
import type { VolumeTarget } from './volume-check.js'

/** One Magento 1 table a data run copies. */
export interface CopyItem {
  readonly table: string
  readonly sourcePhysical: string
  readonly keyColumns: readonly string[]
  readonly step: DeltaStep
  readonly destinationTable: string
  /** Magento 2 keeps its own rows of this table (not emptied; Magento 1's rows are upserted). */
  readonly keepsDestinationRows: boolean
  /** The source rows that become Magento 2 rows (volume check); undefined for all. */
  readonly copiedRows: { readonly sql: string; readonly params: readonly SqlValue[] } | undefined
}

export interface CopyPlan {
  /** Parents first (Magento 2's foreign keys), so a child row always finds its parent. */
  readonly items: readonly CopyItem[]
  /** Tracked tables with no Magento 2 table of their own (derived data such as grids, or not mappable). */
  readonly derived: readonly string[]
}

/**
 * Every tracked Magento 1 table present in the store, with the step that applies it and where it
 * lands; ordered by `orderSchema`'s foreign keys (Magento 2's, plus parents steps declare).
 */
export function planCopy(
  context: RunContext,
  orderSchema: ReadonlyMap<string, TableSchema> = context.environment.destinationSchema,
): CopyPlan {
  const items: CopyItem[] = []
  const derived: string[] = []
  for (const table of appliedTables(planSteps(context))) {
    if (!table.destination) {
      derived.push(table.table)
      continue
    }
    items.push({
      table: table.table,
      sourcePhysical: table.sourcePhysical,
      keyColumns: table.keyColumns,
      step: table.step,
      destinationTable: table.destination.table,
      keepsDestinationRows: table.step.keepsDestinationRows?.(table.table) === true,
      copiedRows: table.step.copiedRowsCondition?.(table.table),
    })
  }
  const order = parentsFirst(
    items.map((item) => item.destinationTable),
    orderSchema,
  )
  items.sort((a, b) => order.indexOf(a.destinationTable) - order.indexOf(b.destinationTable))
  return { items, derived }
}

/** Magento 2 tables of the plan, children first: the order to empty them in. */
export function tablesToEmpty(plan: CopyPlan): string[] {
  const kept = new Set(plan.items.filter((item) => item.keepsDestinationRows).map((item) => item.destinationTable))
  return [...new Set(plan.items.map((item) => item.destinationTable))].filter((table) => !kept.has(table)).reverse()
}

export function volumeTargets(
  plan: CopyPlan,
  sourcePrefix: string,
  capturedTables: ReadonlySet<string>,
): VolumeTarget[] {
  const byDestination = new Map<string, CopyItem[]>()
  for (const item of plan.items)
    byDestination.set(item.destinationTable, [...(byDestination.get(item.destinationTable) ?? []), item])
  return [...byDestination].map(([destinationTable, items]) => ({
    destinationTable,
    keepsDestinationRows: items.some((item) => item.keepsDestinationRows),
    sources: items.map((item) => ({
      table: item.table,
      physical: item.sourcePhysical,
      deltalog: capturedTables.has(item.table) ? deltalogTableName(sourcePrefix, item.table) : undefined,
      ...(item.copiedRows ? { condition: item.copiedRows } : {}),
    })),
  }))
}
