import type { SqlRow, SqlValue } from '../db/sql-value.js'

/** A row's key values in key-column order. */
export type KeyValues = readonly SqlValue[]

/**
 * A string identity for a key, used to match re-read rows to deltalog entries. Values of the
 * same column type arrive as the same text (a DECIMAL(12,4) is always `1.5000`), so they compare
 * exactly — except where the column's collation makes the server itself match differently
 * spelled values: `folds[i]` (see `keyFolds`) lower-cases a case-insensitive column and drops
 * the trailing spaces a PAD SPACE collation ignores.
 */
export function keyIdentity(values: KeyValues, folds?: readonly boolean[]): string {
  return JSON.stringify(values.map((value, index) => normalise(value, folds?.[index] ?? false)))
}

function normalise(value: SqlValue, fold: boolean): string | null {
  if (value === null) return null
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex')}`
  if (typeof value === 'string') return fold ? value.toLowerCase().replace(/ +$/, '') : value
  return String(value)
}

/** Which key columns compare case-insensitively on the server (collation `…_ci`). */
export function keyFolds(columns: readonly { readonly collation: string | null }[]): boolean[] {
  return columns.map((column) => column.collation !== null && /_ci$/i.test(column.collation))
}

export function keyOf(row: SqlRow, columns: readonly string[]): SqlValue[] {
  return columns.map((column) => row[column] ?? null)
}

/** `entity_id=5` / `category_id=3,product_id=7` for messages. */
export function describeKey(columns: readonly string[], values: KeyValues): string {
  return columns.map((column, index) => `${column}=${formatValue(values[index] ?? null)}`).join(',')
}

function formatValue(value: SqlValue): string {
  if (value === null) return 'NULL'
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex')}`
  return String(value)
}
