import type { Session } from '../db/database-client.js'
import type { TableSchema } from '../db/table-schema.js'
import { resolveKeyColumns } from '../deltalog/tracked-table-plan.js'
import { DocumentMapper } from '../map/document-mapping.js'
import type { DeltaEnvironment } from '../steps/delta-step.js'
import { deleteRows, type RowError } from './destination-writer.js'
import type { KeyValues } from './row-key.js'

/** A delete Magento 1 cascades to a child table whose Magento 2 table has no foreign key to do the same. */
export interface EmulatedCascade {
  /** Unprefixed Magento 1 child table (for messages). */
  readonly childSource: string
  /** Physical Magento 2 child table. */
  readonly childTable: string
  /** Its columns that hold the parent's key, in the order of the parent's deltalog key. */
  readonly columns: readonly string[]
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

/**
 * Magento 1 deletes children through ON DELETE CASCADE, which fires no trigger; delta relies on
 * Magento 2's own cascades to do the same. Where Magento 2 has no foreign key at all between the
 * two tables (Magento 2's quote items have none to products, Magento 1's cascade), mig repeats the
 * cascade: the parent's deletes also delete the child rows by the mapped columns. A Magento 2 key
 * with another rule (SET NULL, RESTRICT) is Magento 2's choice and is kept. Keyed by the Magento 1
 * parent table; only tables this run applies are considered.
 */
export function planEmulatedCascades(environment: DeltaEnvironment, applied: ReadonlySet<string>): Map<string, EmulatedCascade[]> {
  const { config, sourceSchema, destinationSchema, rules, tracked } = environment
  const { sourcePrefix, destPrefix } = config.options
  const mapper = new DocumentMapper(rules, { sourceSchema, destinationSchema, sourcePrefix, destPrefix })
  const byPhysical = new Map(tracked.filter((table) => applied.has(table.table)).map((table) => [`${sourcePrefix}${table.table}`.toLowerCase(), table]))
  const cascades = new Map<string, EmulatedCascade[]>()
  for (const child of tracked) {
    if (!applied.has(child.table)) continue
    const childSchema = sourceSchema.get(`${sourcePrefix}${child.table}`)
    const childMapping = mapper.resolve(child.table)
    if (!childSchema || childMapping.kind !== 'mapped' || !childMapping.mapping.destination) continue
    for (const foreignKey of childSchema.foreignKeys) {
      const parent = byPhysical.get(foreignKey.referencedTable.toLowerCase())
      if (foreignKey.onDelete.toUpperCase() !== 'CASCADE' || !parent || parent.table === child.table) continue
      const parentMapping = mapper.resolve(parent.table)
      if (parentMapping.kind !== 'mapped' || !parentMapping.mapping.destination) continue
      const parentKey = resolveKeyColumns(parent, sourceSchema, sourcePrefix)
      // The parent's deletes name its deltalog key: it must be the referenced columns.
      if (parentKey.length !== foreignKey.referencedColumns.length) continue
      const sourceColumns = parentKey.map((key) => foreignKey.columns[foreignKey.referencedColumns.findIndex((column) => same(column, key))])
      const columns = sourceColumns.map((column) => {
        const fate = column === undefined ? undefined : childMapping.mapping.sourceColumns.find((candidate) => same(candidate.column, column))
        return fate && (fate.kind === 'copied' || fate.kind === 'moved') ? fate.to : undefined
      })
      if (columns.some((column) => column === undefined)) continue
      const mapped = columns as string[]
      if (linked(childMapping.mapping.destination, parentMapping.mapping.destinationPhysicalTable, mapped)) continue
      const list = cascades.get(parent.table) ?? []
      list.push({ childSource: child.table, childTable: childMapping.mapping.destinationPhysicalTable, columns: mapped })
      cascades.set(parent.table, list)
    }
  }
  return cascades
}

/** Magento 2 relates the child to the parent by these columns itself (whatever its delete rule). */
function linked(child: TableSchema, parentTable: string, columns: readonly string[]): boolean {
  return child.foreignKeys.some(
    (foreignKey) => same(foreignKey.referencedTable, parentTable) && foreignKey.columns.length === columns.length && foreignKey.columns.every((column) => columns.some((candidate) => same(candidate, column))),
  )
}

/** The cascades of one parent table's deletes, in the round's transaction; errors name the parent key's index. */
export async function applyEmulatedCascades(session: Session, cascades: readonly EmulatedCascade[], keys: readonly KeyValues[]): Promise<RowError[]> {
  const errors: RowError[] = []
  if (keys.length === 0) return errors
  for (const cascade of cascades) errors.push(...(await deleteRows(session, cascade.childTable, cascade.columns, keys)))
  return errors
}
