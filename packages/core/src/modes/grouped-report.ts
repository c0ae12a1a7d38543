import type { DirtyValueCount } from '../delta/dirty-value-store.js'
import type { SetAside } from './delta-cycle.js'

/** Keys named per line: enough to look at, not thousands. */
const SHOWN_KEYS = 3

/** Set-aside rows of one table and one kind of reason, with a count and the first keys. */
export interface SetAsideGroup {
  readonly table: string
  /** The first row's reason, in full. */
  readonly reason: string
  readonly count: number
  readonly keys: readonly string[]
}

/**
 * Set-aside rows grouped by table and by their reason with its values left out (a foreign key, a
 * unique key, a column too short): thousands of bad rows are a line per table and reason.
 */
export function groupSetAside(rows: readonly SetAside[]): SetAsideGroup[] {
  const groups = new Map<string, { table: string; reason: string; count: number; keys: string[] }>()
  for (const row of rows) {
    const id = `${row.table}\u0000${reasonShape(row.reason)}`
    const group = groups.get(id) ?? { table: row.table, reason: row.reason, count: 0, keys: [] }
    group.count++
    if (group.keys.length < SHOWN_KEYS) group.keys.push(row.key)
    groups.set(id, group)
  }
  return [...groups.values()]
}

/** `set aside sales_flat_order_item: 1,204 rows (item_id=9, item_id=12, item_id=40, …): <reason>` */
export function describeSetAsideGroup(group: SetAsideGroup, what = 'set aside'): string {
  return `${what} ${group.table}: ${describeRows(group.count, group.keys)}: ${group.reason}`
}

/** `repaired sales_flat_order_item.product_options: 3 values (item_id=9, …): <reason>` */
export function describeDirtyCount(count: DirtyValueCount): string {
  const what = count.kind === 'repaired' ? 'repaired' : 'lost (written empty, the original kept in Magento 2)'
  return `${what} ${count.table}.${count.column}: ${describeRows(count.count, count.keys, 'value')}: ${count.reason}`
}

function describeRows(count: number, keys: readonly string[], unit = 'row'): string {
  const more = count > keys.length ? ', …' : ''
  return `${count.toLocaleString('en-US')} ${unit}${count === 1 ? '' : 's'} (${keys.join(', ')}${more})`
}

/** A reason without the values that differ from row to row: keys, numbers, quoted text. */
function reasonShape(reason: string): string {
  return reason
    .replace(/'[^']*'/g, "'…'")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/=[^,;)\s]+/g, '=…')
    .replace(/\d+/g, 'N')
}
