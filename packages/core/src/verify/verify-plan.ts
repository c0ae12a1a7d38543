import { columnOf, type ColumnSchema } from '../db/table-schema.js'
import { keyFolds } from '../delta/row-key.js'
import type { RecordTransformer } from '../map/record-transformer.js'
import type { EavReadiness } from '../modes/eav-readiness.js'
import type { RunContext } from '../modes/run-context.js'
import { planSteps } from '../modes/step-plan.js'
import { isUniqueKey } from '../steps/abstract-delta.js'
import type { DeltaStep } from '../steps/delta-step.js'
import type { RowCondition } from './key-range.js'

/** How one Magento 1 table is compared with its Magento 2 table. */
export interface VerifyTable {
  readonly table: string
  readonly sourcePhysical: string
  readonly destinationPhysical: string
  readonly sourceKey: readonly string[]
  readonly destinationKey: readonly string[]
  readonly folds: readonly boolean[]
  readonly transformer: RecordTransformer
  /** Columns copied as they are (source → destination): the server-side checksum covers them. */
  readonly verbatim: readonly { readonly source: string; readonly destination: string }[]
  /** A handler changes some column: chunks are always compared row by row in mig. */
  readonly transformed: boolean
  /** Destination columns whose DECIMAL scale differs from the source's: equal values print differently, compared as numbers. */
  readonly rescaled: ReadonlySet<string>
  readonly deltalog: string | undefined
  /** Only these source rows become Magento 2 rows (the step's copiedRowsCondition). */
  readonly sourceCondition?: RowCondition
}

/** A table whose step transforms its rows itself (an `AbstractDelta`, no map.xml): compared through its `transform`. */
export interface StepVerifyTable {
  readonly table: string
  readonly sourcePhysical: string
  readonly sourceKey: readonly string[]
  readonly folds: readonly boolean[]
  readonly step: DeltaStep
  /** Its Magento 2 tables: physical name, the columns holding the Magento 1 key, and the primary key rows are matched on. */
  readonly targets: readonly {
    readonly table: string
    readonly physical: string
    readonly keyColumns: readonly string[]
    readonly primaryKey: readonly string[]
    /** The key columns, when they are a unique key of the target (rows written in place): rows are matched on them. */
    readonly uniqueKeyColumns: readonly string[] | undefined
  }[]
  readonly deltalog: string | undefined
  readonly sourceCondition?: RowCondition
}

export interface VerifyPlan {
  /** Tables map.xml sends to Magento 2 column for column: checksummed on both servers first. */
  readonly tables: readonly VerifyTable[]
  /** Tables their step transforms itself: compared row by row through the step. */
  readonly stepTables: readonly StepVerifyTable[]
  /** Tables that cannot be compared, with the reason (waiting for the EAV alignment, not comparable row for row, …). */
  readonly skipped: readonly string[]
}

/** Every tracked Magento 1 table the run applies and sends to Magento 2 (or only those named), decided by the step plan. */
export function planVerify(context: RunContext, only?: ReadonlySet<string>, eav?: EavReadiness): VerifyPlan {
  const { environment } = context
  const { config, sourceSchema, destinationSchema } = environment
  const tables: VerifyTable[] = []
  const stepTables: StepVerifyTable[] = []
  const skipped: string[] = []
  const waiting = new Map<string, number>()
  for (const planned of planSteps(context, eav)) {
    const { table, step } = planned
    if (only && !only.has(table)) continue
    if (planned.held === 'waiting-for-eav') {
      waiting.set(step.title, (waiting.get(step.title) ?? 0) + 1)
      continue
    }
    if (planned.held === 'cannot-apply') {
      skipped.push(`${table}: ${step.title} cannot apply it (an integrity problem)`)
      continue
    }
    // A table whose changes only feed derived data (a Magento 1 grid) has no rows of its own in Magento 2.
    if (!planned.destination) continue
    const exemption = step.notComparable?.(table)
    if (exemption !== undefined) {
      skipped.push(`${table}: ${exemption}`)
      continue
    }
    const source = sourceSchema.get(planned.sourcePhysical)
    const folds = keyFolds(
      planned.keyColumns.map((key) => (source ? columnOf(source, key) : undefined) ?? { collation: null }),
    )
    const condition = withCondition(step.copiedRowsCondition?.(table))
    const transformer = step.mappedBy?.(table)
    if (transformer) {
      tables.push({
        ...mappedTable(transformer, planned.keyColumns, planned.destination.columns),
        table,
        sourcePhysical: planned.sourcePhysical,
        folds,
        deltalog: planned.deltalog,
        ...condition,
      })
      continue
    }
    const targets = (step.targets?.(table) ?? []).map((target) => {
      const physical = `${config.options.destPrefix}${target.table}`
      const schema = destinationSchema.get(physical)
      return {
        table: target.table,
        physical,
        keyColumns: target.keyColumns,
        primaryKey: schema?.primaryKey ?? [],
        uniqueKeyColumns: schema && isUniqueKey(schema, target.keyColumns) ? target.keyColumns : undefined,
      }
    })
    if (targets.length === 0 || !step.transform) {
      skipped.push(`${table}: ${step.title} says neither how its rows map nor how it transforms them`)
      continue
    }
    stepTables.push({
      table,
      sourcePhysical: planned.sourcePhysical,
      sourceKey: planned.keyColumns,
      folds,
      step,
      targets,
      deltalog: planned.deltalog,
      ...condition,
    })
  }
  for (const [title, count] of waiting)
    skipped.push(`${count} tables of ${title}: waiting for \`mig data run\` to align Magento 1's EAV ids in Magento 2`)
  return { tables, stepTables, skipped }
}

/** How a mapped table compares: columns copied as they are (checksummed by both servers), and the rest. */
function mappedTable(
  transformer: RecordTransformer,
  sourceKey: readonly string[],
  destinationKey: readonly string[],
): Omit<VerifyTable, 'table' | 'sourcePhysical' | 'folds' | 'deltalog' | 'sourceCondition'> {
  const mapping = transformer.mapping
  const verbatim: { source: string; destination: string }[] = []
  const rescaled = new Set<string>()
  let transformed = false
  for (const fate of mapping.destinationColumns) {
    if (fate.kind === 'transformed') transformed = true
    if (fate.kind !== 'filled') continue
    const source = mapping.sourceColumns.find((candidate) => candidate.column === fate.from)
    const copied =
      source &&
      (source.kind === 'copied' || source.kind === 'moved') &&
      !source.transform &&
      !fate.transform &&
      transformer.copiesAsIs(fate.column)
    if (
      copied &&
      mapping.destination &&
      isRescaled(columnOf(mapping.source, fate.from), columnOf(mapping.destination, fate.column))
    ) {
      rescaled.add(fate.column)
      transformed = true
    } else if (copied) verbatim.push({ source: fate.from, destination: fate.column })
    else transformed = true
  }
  return {
    destinationPhysical: mapping.destinationPhysicalTable,
    sourceKey,
    destinationKey,
    transformer,
    verbatim,
    transformed,
    rescaled,
  }
}

/** A DECIMAL copied into a DECIMAL of another scale: 1.5000 arrives as 1.500000, the same number (another precision alone prints the same). */
function isRescaled(source: ColumnSchema | undefined, destination: ColumnSchema | undefined): boolean {
  if (source?.dataType.toLowerCase() !== 'decimal' || destination?.dataType.toLowerCase() !== 'decimal') return false
  return decimalScale(source.columnType) !== decimalScale(destination.columnType)
}

function decimalScale(columnType: string): string {
  return /^decimal\(\s*\d+\s*,\s*(\d+)\s*\)/i.exec(columnType)?.[1] ?? '0'
}

function withCondition(condition: RowCondition | undefined): { sourceCondition?: RowCondition } {
  return condition ? { sourceCondition: condition } : {}
}
