import { columnOf, type ColumnSchema } from '../db/table-schema.js'
import { DELTALOG_MARKER, deltalogTableName } from '../deltalog/deltalog-naming.js'
import { resolveKeyColumns } from '../deltalog/tracked-table-plan.js'
import { keyFolds } from '../delta/row-key.js'
import { DocumentMapper } from '../map/document-mapping.js'
import { RecordTransformer } from '../map/record-transformer.js'
import type { EavReadiness } from '../modes/eav-readiness.js'
import type { RunContext } from '../modes/run-context.js'
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

export interface VerifyPlan {
  readonly tables: readonly VerifyTable[]
  /** Tables that cannot be compared, with the reason (held by their plugin, no mapping, …). */
  readonly skipped: readonly string[]
}

/** Every tracked Magento 1 table that map.xml sends to a Magento 2 table (or only those named). */
export function planVerify(context: RunContext, only?: ReadonlySet<string>, eav?: EavReadiness): VerifyPlan {
  const { environment } = context
  const { config, sourceSchema, destinationSchema, rules, handlers } = environment
  const prefix = config.options.sourcePrefix
  const mapper = new DocumentMapper(rules, { sourceSchema, destinationSchema, sourcePrefix: prefix, destPrefix: config.options.destPrefix })
  const tables: VerifyTable[] = []
  const skipped: string[] = []
  const waiting = new Map<string, number>()
  for (const tracked of environment.tracked) {
    if (only && !only.has(tracked.table)) continue
    const sourcePhysical = `${prefix}${tracked.table}`
    if (!sourceSchema.has(sourcePhysical)) continue
    const step = context.owners.get(tracked.table)
    if (step && eav?.waiting.has(step)) {
      waiting.set(step.title, (waiting.get(step.title) ?? 0) + 1)
      continue
    }
    const exemption = step?.notComparable?.(tracked.table)
    if (exemption !== undefined) {
      skipped.push(`${tracked.table}: ${exemption}`)
      continue
    }
    const resolution = mapper.resolve(tracked.table)
    if (resolution.kind !== 'mapped' || !resolution.mapping.destination) {
      if (resolution.kind !== 'ignored') skipped.push(`${tracked.table}: no Magento 2 table to compare with`)
      continue
    }
    try {
      const transformer = new RecordTransformer(resolution.mapping, handlers)
      const sourceKey = resolveKeyColumns(tracked, sourceSchema, prefix)
      const destinationKey = transformer.keyMapping(sourceKey)
      const mapping = resolution.mapping
      const verbatim: { source: string; destination: string }[] = []
      const rescaled = new Set<string>()
      let transformed = false
      for (const fate of mapping.destinationColumns) {
        if (fate.kind === 'transformed') transformed = true
        if (fate.kind !== 'filled') continue
        const source = mapping.sourceColumns.find((candidate) => candidate.column === fate.from)
        const copied = source && (source.kind === 'copied' || source.kind === 'moved') && !source.transform && !fate.transform && transformer.copiesAsIs(fate.column)
        if (copied && mapping.destination && isRescaled(columnOf(mapping.source, fate.from), columnOf(mapping.destination, fate.column))) {
          rescaled.add(fate.column)
          transformed = true
        } else if (copied) verbatim.push({ source: fate.from, destination: fate.column })
        else transformed = true
      }
      const deltalog = deltalogTableName(prefix, tracked.table)
      tables.push({
        table: tracked.table,
        sourcePhysical,
        destinationPhysical: mapping.destinationPhysicalTable,
        sourceKey,
        destinationKey,
        folds: keyFolds(sourceKey.map((key) => columnOf(mapping.source, key) ?? { collation: null })),
        transformer,
        verbatim,
        transformed,
        rescaled,
        deltalog: sourceSchema.get(deltalog)?.comment.startsWith(DELTALOG_MARKER) ? deltalog : undefined,
        ...withCondition(step?.copiedRowsCondition?.(tracked.table)),
      })
    } catch (error) {
      skipped.push(`${tracked.table}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  for (const [title, count] of waiting) skipped.push(`${count} tables of ${title}: waiting for \`mig data run\` to align Magento 1's EAV ids in Magento 2`)
  return { tables, skipped }
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
