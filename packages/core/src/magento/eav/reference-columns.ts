import type { TableSchema } from '../../db/table-schema.js'
import { columnOf } from '../../db/table-schema.js'
import { integerColumnMax } from './column-limit.js'
import { EAV_TABLES, type EavKind } from './eav-kinds.js'
import { KNOWN_REFERENCES, matchesTable } from './known-references.js'
import type { FollowedReference } from './types.js'

/** A physical Magento 2 column holding a kind's ids; `filter` narrows it to one attribute's rows. */
export interface ReferenceColumn extends FollowedReference {
  readonly filter?: { readonly column: string; readonly value: number }
  /** Columns set to themselves so ON UPDATE CURRENT_TIMESTAMP does not fire. */
  readonly keep?: readonly string[]
}

export interface KindReferences {
  /** The kind's own id column first, then every column referring to it. */
  readonly columns: readonly ReferenceColumn[]
  /** The largest id all of them can hold, and the column that limits it. */
  readonly limit: number
  readonly limitedBy: string
}

/**
 * Every Magento 2 column that must follow a kind's re-keyed ids: the foreign keys Magento 2 declares
 * to the kind's table (read from the live schema, so extensions' tables are followed too), plus the
 * known references without a foreign key (known-references.ts).
 */
export function referencesOf(
  kind: EavKind,
  schema: ReadonlyMap<string, TableSchema>,
  prefix: string,
  autoUpdated: ReadonlyMap<string, readonly string[]> = new Map(),
): KindReferences {
  const { table, idColumn } = EAV_TABLES[kind]
  const own = `${prefix}${table}`
  const columns: ReferenceColumn[] = [{ table: own, column: idColumn, via: 'primary-key' }]
  const seen = new Set([`${own}.${idColumn}`])
  const add = (reference: ReferenceColumn): void => {
    const id = `${reference.table}.${reference.column}`
    if (seen.has(id)) return
    seen.add(id)
    const keep = autoUpdated.get(reference.table)?.filter((column) => column !== reference.column)
    columns.push(keep === undefined || keep.length === 0 ? reference : { ...reference, keep })
  }
  for (const candidate of [...schema.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    for (const foreignKey of candidate.foreignKeys) {
      if (foreignKey.referencedTable !== own) continue
      foreignKey.referencedColumns.forEach((referenced, index) => {
        const column = foreignKey.columns[index]
        if (referenced === idColumn && column !== undefined) add({ table: candidate.name, column, via: 'foreign-key' })
      })
    }
  }
  for (const candidate of [...schema.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    if (!candidate.name.startsWith(prefix)) continue
    const logical = candidate.name.slice(prefix.length)
    for (const reference of KNOWN_REFERENCES[kind]) {
      const column = columnOf(candidate, reference.column)
      if (
        column !== undefined &&
        !column.generated &&
        integerColumnMax(column) !== undefined &&
        matchesTable(reference, logical)
      ) {
        add({ table: candidate.name, column: column.name, via: 'known' })
      }
    }
  }
  let limit = Number.MAX_SAFE_INTEGER
  let limitedBy = `${own}.${idColumn}`
  for (const reference of columns) {
    const column = columnOf(schema.get(reference.table) ?? emptyTable, reference.column)
    const max = column === undefined ? undefined : integerColumnMax(column)
    if (max !== undefined && max < limit) {
      limit = max
      limitedBy = `${reference.table}.${reference.column} (${column?.columnType ?? ''})`
    }
  }
  return { columns, limit, limitedBy }
}

const emptyTable: TableSchema = { name: '', columns: [], primaryKey: [], uniqueKeys: [], foreignKeys: [], comment: '' }
