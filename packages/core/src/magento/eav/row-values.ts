import type { SqlRow, SqlValue } from '../../db/sql-value.js'

/** An integer id column's value as a number (EAV ids are SMALLINT/INT UNSIGNED: exact in a double). */
export function idOf(row: SqlRow, column: string): number {
  const value = row[column]
  const id = typeof value === 'number' ? value : Number(typeof value === 'bigint' ? value : String(value ?? ''))
  if (!Number.isSafeInteger(id)) throw new Error(`${column}: ${String(value)} is not an integer id`)
  return id
}

/** A nullable id column (0 and NULL both mean "none" in Magento). */
export function optionalIdOf(row: SqlRow, column: string): number | undefined {
  const value = row[column]
  if (value === null || value === undefined || value === '') return undefined
  const id = Number(typeof value === 'bigint' ? value : typeof value === 'number' ? value : String(value))
  return Number.isSafeInteger(id) && id !== 0 ? id : undefined
}

export function textOf(row: SqlRow, column: string): string | null {
  const value = row[column]
  if (value === null || value === undefined) return null
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value)
}

/**
 * How Magento's utf8(mb4)_general_ci unique keys compare names: case- and accent-insensitive,
 * trailing spaces ignored. Matching by anything stricter would try to insert a row the unique
 * key (entity_type_id, attribute_code) or (attribute_set_id, attribute_group_name) then refuses.
 */
export function collationKey(text: string | null): string {
  return (text ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/ +$/u, '')
}

export function sameValue(a: SqlValue | undefined, b: SqlValue | undefined): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null)
  return String(a) === String(b)
}
