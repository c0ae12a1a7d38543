import { quoteIdentifier as q } from '../db/identifier.js'
import type { SqlValue } from '../db/sql-value.js'
import type { KeyValues } from './row-key.js'

/**
 * `WHERE` text for a set of keys: `k IN (?, …)` for one column, `(a = ? AND b = ?) OR …` for
 * composite keys (which every supported server turns into index range lookups).
 */
export function keysCondition(
  columns: readonly string[],
  keys: readonly KeyValues[],
  alias = '',
): { sql: string; params: SqlValue[] } {
  const prefix = alias ? `${alias}.` : ''
  if (keys.length === 0) return { sql: '0', params: [] }
  if (columns.length === 1) {
    return {
      sql: `${prefix}${q(columns[0] ?? '')} IN (${keys.map(() => '?').join(', ')})`,
      params: keys.map((key) => key[0] ?? null),
    }
  }
  const one = `(${columns.map((column) => `${prefix}${q(column)} = ?`).join(' AND ')})`
  // Parenthesised whole, so a caller may AND it with another condition.
  const any = keys.map(() => one).join(' OR ')
  return { sql: keys.length > 1 ? `(${any})` : any, params: keys.flatMap((key) => [...key]) }
}

/** Keyset paging: rows strictly after `after` in key order. */
export function afterKeyCondition(columns: readonly string[], after: KeyValues): { sql: string; params: SqlValue[] } {
  const parts: string[] = []
  const params: SqlValue[] = []
  columns.forEach((column, index) => {
    const equal = columns.slice(0, index).map((previous) => `${q(previous)} = ?`)
    parts.push(`(${[...equal, `${q(column)} > ?`].join(' AND ')})`)
    params.push(...after.slice(0, index), after[index] ?? null)
  })
  return { sql: parts.length > 1 ? `(${parts.join(' OR ')})` : parts.join(' OR '), params }
}
