import type { SqlRow, SqlValue } from '../db/sql-value.js'

/** A row's key values in key-column order. */
export type KeyValues = readonly SqlValue[]

/**
 * A string identity for a key, used to match re-read source rows to deltalog entries. String
 * parts are lower-cased because Magento's key columns use case-insensitive collations:
 * the server matches `abc` to `ABC`, so must we. DECIMAL keys compare by value (`1.50` = `1.5`).
 */
export function keyIdentity(values: KeyValues): string {
  return JSON.stringify(values.map(normalise))
}

function normalise(value: SqlValue): string | null {
  if (value === null) return null
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex')}`
  if (typeof value === 'string') {
    if (/^-?\d+\.\d+$/.test(value)) return value.replace(/\.?0+$/, '')
    return value.toLowerCase().replace(/ +$/, '')
  }
  return String(value)
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
