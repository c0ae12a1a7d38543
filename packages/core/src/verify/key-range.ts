import type { SqlValue } from '../db/sql-value.js'
import { afterKeyCondition } from '../delta/key-condition.js'
import type { KeyValues } from '../delta/row-key.js'

/** A chunk of key space: after `from` (exclusive, none = from the start) up to `to` (inclusive, none = to the end). */
export interface KeyRange {
  readonly from: KeyValues | undefined
  readonly to: KeyValues | undefined
}

/** A further condition on a table's rows, e.g. the source rows that become Magento 2 rows. */
export interface RowCondition {
  readonly sql: string
  readonly params: readonly SqlValue[]
}

/** The WHERE text of a key range over `columns` (source or destination names of the same key), and `extra` if given. */
export function rangeCondition(
  columns: readonly string[],
  range: KeyRange,
  extra?: RowCondition,
): { sql: string; params: SqlValue[] } {
  const parts: string[] = extra ? [`(${extra.sql})`] : []
  const params: SqlValue[] = extra ? [...extra.params] : []
  if (range.from) {
    const after = afterKeyCondition(columns, range.from)
    parts.push(after.sql) // parenthesised by afterKeyCondition
    params.push(...after.params)
  }
  if (range.to) {
    const beyond = afterKeyCondition(columns, range.to)
    parts.push(`NOT ${beyond.sql}`)
    params.push(...beyond.params)
  }
  return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params }
}
