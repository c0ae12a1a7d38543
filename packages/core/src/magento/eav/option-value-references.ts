import type { Session } from '../../db/database-client.js'
import { quoteIdentifier as q } from '../../db/identifier.js'
import type { SqlRow, SqlValue } from '../../db/sql-value.js'
import { columnOf, type TableSchema } from '../../db/table-schema.js'
import { integerColumnMax } from './column-limit.js'
import type { EavSnapshot } from './eav-snapshot.js'
import { OPTION_INDEX_TABLES } from './known-references.js'
import { moveIds } from './remap-column.js'
import type { ReferenceColumn } from './reference-columns.js'
import { idOf, textOf } from './row-values.js'
import type { EavWarning } from './types.js'

export interface OptionValueRekey {
  /** Magento 2's snapshot as read (ids before re-keying). */
  readonly m2: EavSnapshot
  /** Magento 2 attribute id as read → its final id. */
  readonly attributeFinal: (m2AttributeId: number) => number
  /** Option moves (current → final) of the option table. */
  readonly optionMoves: ReadonlyMap<number, number>
  readonly autoUpdated: ReadonlyMap<string, readonly string[]>
}

const OPTION_INPUTS = new Set(['select', 'multiselect'])

/**
 * Option ids live outside foreign keys too: in the values of select (one id) and multiselect
 * (comma-separated ids) attributes, in static entity columns of such attributes (customer gender),
 * in the attribute's default_value, and in the layered-navigation index. When an attribute's options
 * move, all of these follow, for that attribute's rows only (other attributes' values are numbers
 * that merely look like ids). Returns how many cells changed.
 */
export async function rekeyOptionValues(
  session: Session,
  input: OptionValueRekey,
  warnings: EavWarning[],
): Promise<number> {
  if (input.optionMoves.size === 0) return 0
  const { m2 } = input
  const movesByAttribute = new Map<number, Map<number, number>>()
  for (const option of m2.rows.option) {
    const final = input.optionMoves.get(idOf(option, 'option_id'))
    if (final === undefined) continue
    const attributeId = idOf(option, 'attribute_id')
    const moves = movesByAttribute.get(attributeId) ?? new Map<number, number>()
    moves.set(idOf(option, 'option_id'), final)
    movesByAttribute.set(attributeId, moves)
  }
  const entityTypes = new Map(m2.rows.entityType.map((row) => [idOf(row, 'entity_type_id'), row]))
  let changed = 0
  for (const attribute of m2.rows.attribute) {
    const moves = movesByAttribute.get(idOf(attribute, 'attribute_id'))
    if (moves === undefined) continue
    const finalId = input.attributeFinal(idOf(attribute, 'attribute_id'))
    if (!OPTION_INPUTS.has(textOf(attribute, 'frontend_input') ?? '')) continue
    const eavTable = m2.schema.get(`${m2.prefix}eav_attribute`)
    if (eavTable !== undefined)
      changed += await remapTokens(
        session,
        eavTable,
        'default_value',
        { column: 'attribute_id', value: finalId },
        moves,
        [],
        warnings,
      )
    for (const location of valueLocations(m2, attribute, entityTypes.get(idOf(attribute, 'entity_type_id')), finalId)) {
      const column = columnOf(location.table, location.column)
      if (column === undefined) continue
      const reference: ReferenceColumn = {
        table: location.table.name,
        column: column.name,
        via: 'known',
        ...(location.filter === undefined ? {} : { filter: location.filter }),
        ...keepOf(input.autoUpdated, location.table.name, column.name),
      }
      if (integerColumnMax(column) !== undefined) {
        const fit = {
          label: `${reference.table}.${reference.column}`,
          limit: integerColumnMax(column) ?? 0,
          limitedBy: `${reference.table}.${reference.column} (${column.columnType})`,
        }
        changed += await moveIds(session, [reference], moves, fit)
      } else {
        changed += await remapTokens(
          session,
          location.table,
          column.name,
          location.filter,
          moves,
          reference.keep ?? [],
          warnings,
        )
      }
    }
  }
  return changed
}

interface ValueLocation {
  readonly table: TableSchema
  readonly column: string
  readonly filter?: { readonly column: string; readonly value: number }
}

/** Where an attribute's values are: its entity column (static) or its value table, plus the product EAV index. */
function valueLocations(
  m2: EavSnapshot,
  attribute: SqlRow,
  entityType: SqlRow | undefined,
  finalId: number,
): ValueLocation[] {
  if (entityType === undefined) return []
  const entityTable = textOf(entityType, 'entity_table') ?? ''
  const locations: ValueLocation[] = []
  const backendType = textOf(attribute, 'backend_type') ?? 'static'
  const byAttribute = { column: 'attribute_id', value: finalId }
  if (backendType === 'static') {
    const table = m2.schema.get(`${m2.prefix}${entityTable}`)
    const code = textOf(attribute, 'attribute_code') ?? ''
    if (table !== undefined && columnOf(table, code) !== undefined) locations.push({ table, column: code })
  } else {
    const valueTable =
      textOf(attribute, 'backend_table') || `${textOf(entityType, 'value_table_prefix') || entityTable}_${backendType}`
    const table = m2.schema.get(`${m2.prefix}${valueTable}`)
    if (table !== undefined) locations.push({ table, column: 'value', filter: byAttribute })
  }
  if (textOf(entityType, 'entity_type_code') === 'catalog_product') {
    for (const table of m2.schema.values()) {
      if (table.name.startsWith(m2.prefix) && OPTION_INDEX_TABLES.test(table.name.slice(m2.prefix.length)))
        locations.push({ table, column: 'value', filter: byAttribute })
    }
  }
  return locations
}

/** Text cells holding one or more comma-separated option ids: rewritten row by row through the primary key. */
async function remapTokens(
  session: Session,
  table: TableSchema,
  column: string,
  filter: ValueLocation['filter'],
  moves: ReadonlyMap<number, number>,
  keep: readonly string[],
  warnings: EavWarning[],
): Promise<number> {
  if (columnOf(table, column) === undefined) return 0
  if (table.primaryKey.length === 0) {
    warnings.push({
      kind: 'unconvertible-value',
      message: `${table.name}.${column} holds option ids but has no primary key: its values were not re-keyed`,
    })
    return 0
  }
  const keys = table.primaryKey.map((name) => q(name)).join(', ')
  const where =
    filter === undefined ? `${q(column)} IS NOT NULL` : `${q(filter.column)} = ? AND ${q(column)} IS NOT NULL`
  const rows = await session.query<SqlRow>(
    `SELECT ${keys}, ${q(column)} AS mig_value FROM ${q(table.name)} WHERE ${where}`,
    filter === undefined ? [] : [filter.value],
  )
  let changed = 0
  for (const row of rows) {
    const before = textOf(row, 'mig_value') ?? ''
    const after = before
      .split(',')
      .map((token) => {
        const final = /^\s*\d+\s*$/.test(token) ? moves.get(Number(token)) : undefined
        return final === undefined ? token : String(final)
      })
      .join(',')
    if (after === before) continue
    const params: SqlValue[] = [after, ...table.primaryKey.map((name) => row[name] ?? null)]
    const kept = keep.map((name) => `, ${q(name)} = ${q(name)}`).join('')
    await session.execute(
      `UPDATE ${q(table.name)} SET ${q(column)} = ?${kept} WHERE ${table.primaryKey.map((name) => `${q(name)} = ?`).join(' AND ')}`,
      params,
    )
    changed++
  }
  return changed
}

function keepOf(
  autoUpdated: ReadonlyMap<string, readonly string[]>,
  table: string,
  column: string,
): { keep?: readonly string[] } {
  const keep = autoUpdated.get(table)?.filter((name) => name !== column)
  return keep === undefined || keep.length === 0 ? {} : { keep }
}
