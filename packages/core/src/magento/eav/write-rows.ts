import type { Session } from '../../db/database-client.js'
import type { SqlRow } from '../../db/sql-value.js'
import type { TableSchema } from '../../db/table-schema.js'
import { upsertRows } from '../../delta/destination-writer.js'
import { MigError } from '../../errors/mig-error.js'
import type { EavWarning } from './types.js'

/** Magento 1 rows for one Magento 2 table; `exists` tells whether Magento 2 already has the row. */
export interface TableWrite {
  readonly table: TableSchema
  readonly keyColumns: readonly string[]
  readonly columns: readonly string[]
  readonly rows: ReadonlyArray<{ readonly row: SqlRow; readonly exists: boolean }>
}

/** Columns of `m1` that `m2` has too (Magento 2's spelling), generated ones excluded on both sides. */
export function commonColumns(m1: TableSchema, m2: TableSchema): string[] {
  const m1Names = new Set(m1.columns.filter((column) => !column.generated).map((column) => column.name.toLowerCase()))
  return m2.columns
    .filter((column) => !column.generated && m1Names.has(column.name.toLowerCase()))
    .map((column) => column.name)
}

/** Reads a column of a Magento 1 row whatever its case, so rows can be projected on Magento 2's names. */
export function project(row: SqlRow, columns: readonly string[]): SqlRow {
  const byLower = new Map(Object.keys(row).map((name) => [name.toLowerCase(), name]))
  const projected: SqlRow = {}
  for (const column of columns) projected[column] = row[byLower.get(column.toLowerCase()) ?? column] ?? null
  return projected
}

/**
 * Upserts by primary key (INSERT … ON DUPLICATE KEY UPDATE of the given columns; Magento 2's other
 * columns keep their values, or their defaults on new rows). A NOT NULL Magento 2 column without a
 * default that Magento 1 lacks gets an empty value on new rows only, and is reported. Any row that
 * cannot be written fails the whole alignment: later steps rely on every id being there.
 */
export async function writeRows(session: Session, write: TableWrite, warnings: EavWarning[]): Promise<number> {
  if (write.rows.length === 0) return 0
  const required = write.table.columns.filter(
    (column) =>
      !column.nullable &&
      !column.hasDefault &&
      !column.autoIncrement &&
      !column.generated &&
      !write.columns.includes(column.name),
  )
  const existing = write.rows.filter((entry) => entry.exists).map((entry) => entry.row)
  let created = write.rows.filter((entry) => !entry.exists).map((entry) => entry.row)
  if (required.length > 0 && created.length > 0) {
    warnings.push({
      kind: 'missing-column-default',
      message: `${write.table.name}: ${required.map((column) => column.name).join(', ')} (NOT NULL, no default, not in Magento 1) set to an empty value on ${created.length} new row(s)`,
    })
    created = created.map((row) => ({
      ...row,
      ...Object.fromEntries(required.map((column) => [column.name, emptyValue(column.dataType)])),
    }))
  }
  await upsert(session, write, write.columns, existing)
  await upsert(
    session,
    write,
    [...write.columns, ...(created.length > 0 ? required.map((column) => column.name) : [])],
    created,
  )
  return write.rows.length
}

async function upsert(
  session: Session,
  write: TableWrite,
  columns: readonly string[],
  rows: readonly SqlRow[],
): Promise<void> {
  const errors = await upsertRows(session, {
    table: write.table.name,
    columns,
    keyColumns: write.keyColumns,
    strategy: 'on-duplicate-key',
    rows,
  })
  const first = errors[0]
  if (first === undefined) return
  const row = rows[first.index] ?? {}
  const key = write.keyColumns.map((column) => `${column}=${String(row[column])}`).join(', ')
  throw new MigError(
    `EAV alignment: ${write.table.name} ${key} cannot be written: ${first.reason}${errors.length > 1 ? ` (and ${errors.length - 1} more row(s))` : ''}; nothing was changed`,
  )
}

function emptyValue(dataType: string): string | number {
  return /int|decimal|float|double|bit|year/.test(dataType) ? 0 : ''
}
