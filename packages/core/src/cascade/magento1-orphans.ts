import { quoteIdentifier as q } from '../db/identifier.js'
import type { SqlRow, SqlValue } from '../db/sql-value.js'
import { keysCondition } from '../delta/key-condition.js'
import { describeKey, keyOf, type KeyValues } from '../delta/row-key.js'
import { DocumentMapper, type TableMapping } from '../map/document-mapping.js'
import type { DeltaEnvironment } from '../steps/delta-step.js'

/** A Magento 1 reference from a child table's columns to a parent table's columns. */
interface Reference {
  readonly parent: string
  readonly columns: readonly string[]
  readonly parentColumns: readonly string[]
  /** Where the reference was read: Magento 1's own key, or Magento 2's (a store whose Magento 1 keys were dropped by an import). */
  readonly from: string
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

/**
 * Tells a row whose parent Magento 2 lacks because Magento 1 lacks it too — an orphan, left by an
 * import that ran with foreign key checks off or dropped the keys — from one whose parent is merely
 * late. No entity Magento 1 shows owns an orphan: it stays out of Magento 2 and is reported, and it
 * does not stop the run. References are Magento 1's foreign keys of the table, and Magento 2's
 * foreign keys of its Magento 2 table read back through map.xml (for stores whose Magento 1 keys are gone).
 */
export class Magento1Orphans {
  private readonly references = new Map<string, readonly Reference[]>()
  private readonly mapper: DocumentMapper
  /** Physical Magento 2 table → the applied Magento 1 table that fills it. */
  private readonly byDestination = new Map<string, string>()

  constructor(
    private readonly environment: DeltaEnvironment,
    private readonly applied: readonly string[],
  ) {
    const { config, sourceSchema, destinationSchema, rules } = environment
    this.mapper = new DocumentMapper(rules, {
      sourceSchema,
      destinationSchema,
      sourcePrefix: config.options.sourcePrefix,
      destPrefix: config.options.destPrefix,
    })
    for (const table of applied) {
      const mapping = this.mappingOf(table)
      if (mapping && !this.byDestination.has(mapping.destinationPhysicalTable.toLowerCase()))
        this.byDestination.set(mapping.destinationPhysicalTable.toLowerCase(), table)
    }
  }

  /**
   * Why the Magento 1 row with this key of `table` is an orphan in Magento 1 (its parent does not
   * exist there), in one line; undefined when it is not (its parent exists, or nothing says).
   */
  async explain(table: string, keyColumns: readonly string[], key: KeyValues): Promise<string | undefined> {
    const references = this.referencesOf(table)
    if (references.length === 0) return undefined
    const source = this.environment.source
    const prefix = this.environment.config.options.sourcePrefix
    const where = keysCondition(keyColumns, [key])
    const [row] = await source.query<SqlRow>(`SELECT * FROM ${q(`${prefix}${table}`)} WHERE ${where.sql}`, where.params)
    if (!row) return undefined
    for (const reference of references) {
      const values = reference.columns.map((column) => valueOf(row, column))
      if (values.includes(null)) continue
      const parent = keysCondition(reference.parentColumns, [values])
      const found = await source.query(
        `SELECT 1 FROM ${q(`${prefix}${reference.parent}`)} WHERE ${parent.sql} LIMIT 1`,
        parent.params,
      )
      if (found.length === 0) {
        return `orphan in Magento 1: its ${reference.parent} ${describeKey(reference.parentColumns, values)} does not exist in Magento 1 (${reference.from}); no entity owns it, so it stays out of Magento 2`
      }
    }
    return undefined
  }

  private referencesOf(table: string): readonly Reference[] {
    const known = this.references.get(table)
    if (known) return known
    const found = [...this.magento1References(table), ...this.magento2References(table)]
    this.references.set(table, found)
    return found
  }

  /** The table's own Magento 1 foreign keys to applied tables. */
  private magento1References(table: string): Reference[] {
    const prefix = this.environment.config.options.sourcePrefix
    const schema = this.environment.sourceSchema.get(`${prefix}${table}`)
    const byPhysical = new Map(this.applied.map((name) => [`${prefix}${name}`.toLowerCase(), name]))
    return (schema?.foreignKeys ?? []).flatMap((foreignKey) => {
      const parent = byPhysical.get(foreignKey.referencedTable.toLowerCase())
      return parent
        ? [
            {
              parent,
              columns: foreignKey.columns,
              parentColumns: foreignKey.referencedColumns,
              from: `Magento 1's foreign key ${foreignKey.name}`,
            },
          ]
        : []
    })
  }

  /** Magento 2's foreign keys of the table's Magento 2 table, read back into Magento 1 columns through map.xml. */
  private magento2References(table: string): Reference[] {
    const mapping = this.mappingOf(table)
    if (!mapping?.destination) return []
    const references: Reference[] = []
    for (const foreignKey of mapping.destination.foreignKeys) {
      const parent = this.byDestination.get(foreignKey.referencedTable.toLowerCase())
      const parentMapping = parent ? this.mappingOf(parent) : undefined
      if (!parent || !parentMapping) continue
      const columns = foreignKey.columns.map((column) => sourceColumnOf(mapping, column))
      const parentColumns = foreignKey.referencedColumns.map((column) => sourceColumnOf(parentMapping, column))
      if (columns.some((column) => column === undefined) || parentColumns.some((column) => column === undefined))
        continue
      references.push({
        parent,
        columns: columns as string[],
        parentColumns: parentColumns as string[],
        from: `Magento 2's foreign key ${foreignKey.name}`,
      })
    }
    return references
  }

  private mappingOf(table: string): TableMapping | undefined {
    const resolution = this.mapper.resolve(table)
    return resolution.kind === 'mapped' && resolution.mapping.destination ? resolution.mapping : undefined
  }
}

/** The Magento 1 column copied into a Magento 2 column. */
function sourceColumnOf(mapping: TableMapping, destinationColumn: string): string | undefined {
  return mapping.sourceColumns.find(
    (fate) => (fate.kind === 'copied' || fate.kind === 'moved') && same(fate.to, destinationColumn),
  )?.column
}

function valueOf(row: SqlRow, column: string): SqlValue {
  const [value] = keyOf(row, [Object.keys(row).find((name) => same(name, column)) ?? column])
  return value ?? null
}
