import type { SqlRow } from '../../db/sql-value.js'
import { attributeGroupCode } from './attribute-group-code.js'
import { EAV_TABLES, type EavKind } from './eav-kinds.js'
import type { KindMatch } from './eav-matching.js'
import { tableOf, type EavSnapshot } from './eav-snapshot.js'
import { columnOf } from '../../db/table-schema.js'
import { idOf, textOf } from './row-values.js'
import { commonColumns, project, type TableWrite } from './write-rows.js'

/**
 * Sets, options, option values, labels and placements: Magento 1 owns every column both sides have
 * (its ids are already Magento 2's after re-keying); Magento 2-only columns keep their values.
 */
export function plainWrite(
  kind: Exclude<EavKind, 'entityType' | 'attribute' | 'attributeGroup'>,
  m1: EavSnapshot,
  m2: EavSnapshot,
  match: KindMatch,
): TableWrite {
  const { table, idColumn } = EAV_TABLES[kind]
  const m1Table = tableOf(m1, table)
  const m2Table = tableOf(m2, table)
  if (m1Table === undefined || m2Table === undefined) throw new Error(`${table} missing`)
  const columns = commonColumns(m1Table, m2Table)
  const rows = match.written.map((row) => ({
    row: project(row, columns),
    exists: match.counterpart.has(idOf(row, idColumn)),
  }))
  return { table: m2Table, keyColumns: m2Table.primaryKey, columns, rows }
}

/**
 * Groups: Magento 2 requires attribute_group_code, unique per set. A matched group keeps the code it
 * has in Magento 2 (Magento 2's admin and layouts refer to codes such as `image-management`); a
 * created one gets one derived from its name (attribute-group-code.ts).
 */
export function groupWrite(
  m1: EavSnapshot,
  m2: EavSnapshot,
  match: KindMatch,
  finalSetOf: (m2SetId: number) => number,
): TableWrite {
  const m1Table = tableOf(m1, 'eav_attribute_group')
  const m2Table = tableOf(m2, 'eav_attribute_group')
  if (m1Table === undefined || m2Table === undefined) throw new Error('eav_attribute_group missing')
  const columns = commonColumns(m1Table, m2Table)
  const withCode = columnOf(m2Table, 'attribute_group_code') !== undefined && !columns.includes('attribute_group_code')
  const taken = new Map<number, Set<string>>()
  const takenIn = (set: number): Set<string> => {
    const codes = taken.get(set) ?? new Set<string>()
    taken.set(set, codes)
    return codes
  }
  if (withCode) {
    for (const row of m2.rows.attributeGroup)
      takenIn(finalSetOf(idOf(row, 'attribute_set_id'))).add(textOf(row, 'attribute_group_code') ?? '')
  }
  const rows = match.written.map((m1Row) => {
    const row: SqlRow = project(m1Row, columns)
    const counterpart = match.counterpart.get(idOf(m1Row, 'attribute_group_id'))
    if (withCode) {
      row['attribute_group_code'] =
        counterpart !== undefined
          ? (counterpart['attribute_group_code'] ?? null)
          : claim(takenIn(idOf(m1Row, 'attribute_set_id')), textOf(m1Row, 'attribute_group_name') ?? '')
    }
    return { row, exists: counterpart !== undefined }
  })
  return {
    table: m2Table,
    keyColumns: m2Table.primaryKey,
    columns: withCode ? [...columns, 'attribute_group_code'] : columns,
    rows,
  }
}

function claim(taken: Set<string>, name: string): string {
  const code = attributeGroupCode(name, taken)
  taken.add(code)
  return code
}
