import { columnOf, type ForeignKeySchema, type TableSchema } from '../db/table-schema.js'
import { resolveKeyColumns } from '../deltalog/tracked-table-plan.js'
import { keyFolds } from '../delta/row-key.js'
import { DocumentMapper } from '../map/document-mapping.js'
import type { DeltaEnvironment, DeltaStep, RelocatedReference } from '../steps/delta-step.js'
import type { CascadeEdge, CascadeRule } from './cascade-edge.js'

export interface CascadePlan {
  readonly edges: readonly CascadeEdge[]
  /** Magento 1 cascades between applied tables that Magento 2 keeps no reference for: one line each. */
  readonly unresolved: readonly string[]
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

/**
 * Every Magento 1 foreign key with ON DELETE CASCADE or SET NULL between two tables this run applies
 * (`applied`: unprefixed table → its step), read from the live Magento 1 schema, with where Magento 2
 * keeps both ends: the parent by its step's destination key, the child's reference by map.xml, by
 * its step's relocated references or, where the reference is part of the child's key, by the child
 * step's destination key (an AbstractDelta without map.xml), and Magento 2's own rule for it. Never
 * a fixed list: a store's extensions bring their own keys.
 */
export function planCascadeEdges(environment: DeltaEnvironment, applied: ReadonlyMap<string, DeltaStep>): CascadePlan {
  const { config, sourceSchema, destinationSchema, rules, tracked } = environment
  const { sourcePrefix, destPrefix } = config.options
  const mapper = new DocumentMapper(rules, { sourceSchema, destinationSchema, sourcePrefix, destPrefix })
  const byPhysical = new Map([...applied.keys()].map((table) => [`${sourcePrefix}${table}`.toLowerCase(), table]))
  const edges: CascadeEdge[] = []
  const unresolved: string[] = []
  for (const [child, childStep] of applied) {
    for (const foreignKey of sourceSchema.get(`${sourcePrefix}${child}`)?.foreignKeys ?? []) {
      const rule = cascadeRuleOf(foreignKey)
      const parent = byPhysical.get(foreignKey.referencedTable.toLowerCase())
      const parentTracked = parent === undefined ? undefined : tracked.find((table) => table.table === parent)
      const parentStep = parent === undefined ? undefined : applied.get(parent)
      if (!rule || parent === undefined || !parentTracked || !parentStep) continue
      // The parent's deletes name its deltalog key: the foreign key must reference exactly it.
      const parentKey = resolveKeyColumns(parentTracked, sourceSchema, sourcePrefix)
      const sourceColumns = parentKey.map(
        (key) => foreignKey.columns[foreignKey.referencedColumns.findIndex((column) => same(column, key))],
      )
      if (
        parentKey.length !== foreignKey.referencedColumns.length ||
        sourceColumns.some((column) => column === undefined)
      )
        continue
      const parentTarget = parentStep.applies?.(parent) === false ? undefined : parentStep.destinationKeyOf?.(parent)
      const parentSchema = parentTarget ? destinationSchema.get(parentTarget.table) : undefined
      if (!parentTarget || !parentSchema) continue
      const columns = sourceColumns as string[]
      const childTracked = tracked.find((table) => table.table === child)
      const childKey = childTracked ? resolveKeyColumns(childTracked, sourceSchema, sourcePrefix) : []
      const reference =
        mappedReference(mapper, child, columns) ??
        relocatedReference(childStep, child, columns) ??
        keyReference(childStep, child, columns, childKey)
      if (!reference) {
        unresolved.push(
          `${child}.${columns.join(',')}: Magento 1 ${rule === 'CASCADE' ? 'deletes these rows' : 'empties this reference'} when their ${parent} row is deleted (foreign key ${foreignKey.name}), but neither map.xml nor its step says where Magento 2 keeps the column (a step declares it with relocatedReferences); such deletes do not reach these rows in Magento 2`,
        )
        continue
      }
      const holder = destinationSchema.get(reference.table)
      edges.push({
        rule,
        parent,
        child,
        name: foreignKey.name,
        sourceColumns: columns,
        parentTable: parentTarget.table,
        parentKey: parentTarget.columns,
        parentFolds: keyFolds(
          parentTarget.columns.map((column) => columnOf(parentSchema, column) ?? { collation: null }),
        ),
        childTable: reference.childTable,
        referenceTable: reference.table,
        referenceColumns: reference.columns,
        ...(reference.ownerColumns ? { owner: { columns: reference.ownerColumns, childKey: reference.childKey } } : {}),
        loadedAs: reference.loadedAs,
        autoUpdated: (holder?.columns ?? [])
          .filter((column) => column.onUpdateNow === true && !reference.columns.some((name) => same(name, column.name)))
          .map((column) => column.name),
        magento2Rule: holder
          ? magento2RuleOf(holder, reference.columns, parentTarget.table, parentTarget.columns)
          : undefined,
      })
    }
  }
  return { edges, unresolved }
}

function cascadeRuleOf(foreignKey: ForeignKeySchema): CascadeRule | undefined {
  const rule = foreignKey.onDelete.toUpperCase()
  return rule === 'CASCADE' || rule === 'SET NULL' ? rule : undefined
}

interface ReferenceInMagento2 {
  readonly childTable: string
  readonly table: string
  readonly columns: readonly string[]
  readonly loadedAs: readonly string[]
  readonly ownerColumns?: readonly string[]
  readonly childKey: readonly string[]
}

/** The child's reference where map.xml copies its columns into the child's Magento 2 table. */
function mappedReference(
  mapper: DocumentMapper,
  child: string,
  sourceColumns: readonly string[],
): ReferenceInMagento2 | undefined {
  const resolution = mapper.resolve(child)
  if (resolution.kind !== 'mapped' || !resolution.mapping.destination) return undefined
  const mapping = resolution.mapping
  const columns: string[] = []
  for (const column of sourceColumns) {
    const fate = mapping.sourceColumns.find((candidate) => same(candidate.column, column))
    if (!fate || (fate.kind !== 'copied' && fate.kind !== 'moved')) return undefined
    columns.push(fate.to)
  }
  return {
    childTable: mapping.destinationPhysicalTable,
    table: mapping.destinationPhysicalTable,
    columns,
    loadedAs: columns,
    childKey: [],
  }
}

/** The child's reference where its step writes it itself (a link table, a derived table). */
function relocatedReference(
  step: DeltaStep,
  child: string,
  sourceColumns: readonly string[],
): ReferenceInMagento2 | undefined {
  const declared = step
    .relocatedReferences?.()
    .find(
      (candidate: RelocatedReference) =>
        candidate.sourceTable === child &&
        candidate.sourceColumns.length === sourceColumns.length &&
        sourceColumns.every((column) => candidate.sourceColumns.some((other) => same(other, column))),
    )
  if (!declared) return undefined
  // In the order of the parent's key, as the edge names its columns.
  const order = sourceColumns.map((column) => declared.sourceColumns.findIndex((other) => same(other, column)))
  const columns = order.map((index) => declared.columns[index] ?? '')
  const loadedAs = declared.loadedAs ? order.map((index) => declared.loadedAs?.[index] ?? '') : columns
  if (!declared.ownerColumns)
    return { childTable: declared.table, table: declared.table, columns, loadedAs, childKey: [] }
  const own = step.destinationKeyOf?.(child)
  if (!own || own.columns.length !== declared.ownerColumns.length) return undefined
  return {
    childTable: own.table,
    table: declared.table,
    columns,
    loadedAs,
    ownerColumns: declared.ownerColumns,
    childKey: own.columns,
  }
}

/**
 * The child's reference where it is part of the child's own key (a link table's `brand_id`): the
 * step's destination key holds the Magento 1 key's values in Magento 2 (`destinationKeyOf`, e.g. an
 * `AbstractDelta`'s first target), so it holds the reference too, with no map.xml to say so.
 */
function keyReference(
  step: DeltaStep,
  child: string,
  sourceColumns: readonly string[],
  childKey: readonly string[],
): ReferenceInMagento2 | undefined {
  const own = step.applies?.(child) === false ? undefined : step.destinationKeyOf?.(child)
  if (!own || own.columns.length !== childKey.length) return undefined
  const columns = sourceColumns.map((column) => own.columns[childKey.findIndex((key) => same(key, column))])
  if (columns.some((column) => column === undefined)) return undefined
  const held = columns as string[]
  return { childTable: own.table, table: own.table, columns: held, loadedAs: held, childKey: [] }
}

/** Magento 2's ON DELETE for a foreign key of `holder` on exactly these columns to the parent's key; undefined when none. */
function magento2RuleOf(
  holder: TableSchema,
  columns: readonly string[],
  parentTable: string,
  parentKey: readonly string[],
): string | undefined {
  const match = holder.foreignKeys.find(
    (foreignKey) =>
      same(foreignKey.referencedTable, parentTable) &&
      foreignKey.columns.length === columns.length &&
      columns.every((column, index) => {
        const at = foreignKey.columns.findIndex((candidate) => same(candidate, column))
        return at >= 0 && same(foreignKey.referencedColumns[at] ?? '', parentKey[index] ?? '')
      }),
  )
  return match?.onDelete.toUpperCase()
}
