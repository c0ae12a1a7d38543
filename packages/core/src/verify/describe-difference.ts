import type { RowDifference } from './row-comparison.js'

/** One line for a row that differs: what, which row, and how (an extra row whose parent is gone says so). */
export function describeDifference(difference: RowDifference): string {
  const where = `${difference.table} ${difference.key} (${difference.destinationTable})`
  if (difference.kind === 'missing') return `missing ${where}: in Magento 1, not in Magento 2`
  if (difference.kind === 'extra')
    return `extra ${where}: in Magento 2, not in Magento 1${difference.orphan ? `; ${difference.orphan}` : ''}`
  return `different ${where}: ${difference.columns.map((column) => `${column.column} expected ${column.expected}, found ${column.actual}`).join('; ')}`
}
