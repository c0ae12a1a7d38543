import type { TableSchema } from '../db/table-schema.js'

/**
 * Orders destination tables parents first, following the destination's own foreign keys, so
 * upserts never reference a missing parent and (reversed) deletes never orphan a child.
 * A self reference is ignored; in a cycle (rare) no order can satisfy every key, and the
 * one reached first in the input is placed after its partner.
 */
export function parentsFirst(tables: readonly string[], schema: ReadonlyMap<string, TableSchema>): string[] {
  const wanted = new Set(tables)
  const ordered: string[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (table: string): void => {
    if (state.get(table) !== undefined) return
    state.set(table, 'visiting')
    for (const foreignKey of schema.get(table)?.foreignKeys ?? []) {
      const parent = foreignKey.referencedTable
      if (parent !== table && wanted.has(parent) && state.get(parent) === undefined) visit(parent)
    }
    state.set(table, 'done')
    ordered.push(table)
  }
  for (const table of tables) visit(table)
  return ordered
}

/** A step's word that one Magento 2 table is written after another although no foreign key says so (physical names). */
export interface DeclaredParent {
  readonly table: string
  readonly parent: string
}

/**
 * The destination schema as the write order sees it: its foreign keys plus the parents steps
 * declare (e.g. a gallery entry whose product link lives in a table Magento 2 added).
 */
export function withDeclaredParents(
  schema: ReadonlyMap<string, TableSchema>,
  declared: readonly DeclaredParent[],
): ReadonlyMap<string, TableSchema> {
  if (declared.length === 0) return schema
  const ordered = new Map(schema)
  for (const { table, parent } of declared) {
    const current = ordered.get(table)
    if (!current || !schema.has(parent)) continue
    const declaredKey = {
      name: `mig declared parent ${parent}`,
      columns: [],
      referencedTable: parent,
      referencedColumns: [],
      onDelete: 'NO ACTION',
    }
    ordered.set(table, { ...current, foreignKeys: [...current.foreignKeys, declaredKey] })
  }
  return ordered
}

/** These tables and every table whose rows a delete in them can reach through the schema's foreign keys (children, grandchildren …). */
export function descendantsOf(tables: Iterable<string>, schema: ReadonlyMap<string, TableSchema>): Set<string> {
  const children = new Map<string, string[]>()
  for (const [name, table] of schema) {
    for (const foreignKey of table.foreignKeys) {
      const list = children.get(foreignKey.referencedTable) ?? []
      list.push(name)
      children.set(foreignKey.referencedTable, list)
    }
  }
  const reached = new Set<string>()
  const queue = [...tables]
  for (let table = queue.shift(); table !== undefined; table = queue.shift()) {
    if (reached.has(table)) continue
    reached.add(table)
    queue.push(...(children.get(table) ?? []))
  }
  return reached
}
