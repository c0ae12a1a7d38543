import type { SqlValue } from '../db/sql-value.js'

/**
 * A value a handler converted although it was damaged ('repaired'), or could not convert, so the
 * row was written with an empty value instead ('lost'). Either way the row is written; the note
 * keeps the original for the merchant and the counts for the reports.
 */
export interface ValueNote {
  /** The column the handler was on (Magento 1's for source handlers, Magento 2's for destination ones). */
  readonly column: string
  readonly kind: 'repaired' | 'lost'
  readonly reason: string
  /** The value as Magento 1 holds it. */
  readonly original: SqlValue
}
