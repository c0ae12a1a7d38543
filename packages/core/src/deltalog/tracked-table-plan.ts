import { columnOf, type ColumnSchema, type TableSchema } from '../db/table-schema.js'
import type { TrackedTable } from '../interfaces/deltalog.js'
import { DELTALOG_META_COLUMNS, deltalogTableName } from './deltalog-naming.js'
import { triggerDefinitions, type TriggerDefinition } from './trigger-sql.js'

/** What capture looks like for one tracked table on this live source. */
export interface CapturePlan {
  readonly tracked: TrackedTable
  /** Table name with source_prefix. */
  readonly physicalTable: string
  readonly deltalog: string
  readonly keyColumns: readonly ColumnSchema[]
  readonly triggers: readonly TriggerDefinition[]
}

export type PlanResult = { readonly plan: CapturePlan } | { readonly skipped: string }

/** The key columns a tracked table is captured by: those named in deltalog.xml, else its primary key. */
export function resolveKeyColumns(
  tracked: TrackedTable,
  schema: ReadonlyMap<string, TableSchema>,
  sourcePrefix: string,
): readonly string[] {
  return tracked.keys.length > 0 ? tracked.keys : (schema.get(`${sourcePrefix}${tracked.table}`)?.primaryKey ?? [])
}

/**
 * Resolves a tracked table against the live schema. Problems are reasons to skip that table
 * (the rest is still installed), phrased as one line each with the fix.
 */
export function planCapture(
  tracked: TrackedTable,
  sourcePrefix: string,
  schema: ReadonlyMap<string, TableSchema>,
): PlanResult {
  const physicalTable = `${sourcePrefix}${tracked.table}`
  const origin = tracked.origins[0] ?? 'deltalog.xml'
  const table = schema.get(physicalTable)
  if (!table) return { skipped: `table ${physicalTable} (tracked by ${origin}) does not exist in Magento 1; skipped` }
  const keyNames = resolveKeyColumns(tracked, schema, sourcePrefix)
  if (keyNames.length === 0) {
    return {
      skipped: `table ${physicalTable} has no primary key and ${origin} names no key columns; add key="…" to its <document>`,
    }
  }
  const keyColumns: ColumnSchema[] = []
  for (const name of keyNames) {
    const column = columnOf(table, name)
    if (!column)
      return {
        skipped: `key column ${name} of ${physicalTable} (in ${origin}) does not exist; fix key="…" in its <document>`,
      }
    if (column.nullable) {
      // A NULL key could not be logged: the trigger would fail the storefront's own write.
      return {
        skipped: `key column ${name} of ${physicalTable} (in ${origin}) allows NULL; choose NOT NULL key columns`,
      }
    }
    if ((DELTALOG_META_COLUMNS as readonly string[]).includes(column.name.toLowerCase())) {
      return {
        skipped: `key column ${name} of ${physicalTable} clashes with a deltalog column name; choose other key columns`,
      }
    }
    keyColumns.push(column)
  }
  const deltalog = deltalogTableName(sourcePrefix, tracked.table)
  const keys = keyColumns.map((column) => column.name)
  return {
    plan: { tracked, physicalTable, deltalog, keyColumns, triggers: triggerDefinitions(physicalTable, deltalog, keys) },
  }
}
