import { unitsOf } from './money.js'
import type { DbRow } from './sql.js'

/**
 * Magento 1's order state after an invoice or shipment: 'complete' once every non-canceled
 * unit is invoiced and (non-virtual) shipped, 'closed' once everything invoiced is refunded,
 * otherwise 'processing'. `items` must already carry the new quantities.
 */
export function orderStateAfter(current: string, items: readonly DbRow[]): string {
  let open = false
  let anyLeft = false
  let allRefunded = true
  for (const it of items) {
    const ordered = unitsOf(it, 'qty_ordered')
    const canceled = unitsOf(it, 'qty_canceled')
    const invoiced = unitsOf(it, 'qty_invoiced')
    const refunded = unitsOf(it, 'qty_refunded')
    const shipped = unitsOf(it, 'qty_shipped')
    const live = ordered - canceled
    if (live <= 0) continue
    anyLeft = true
    if (invoiced < live) open = true
    if (Number(it.is_virtual ?? 0) !== 1 && shipped + refunded < live) open = true
    if (refunded < live) allRefunded = false
  }
  if (!anyLeft) return current
  if (allRefunded) return 'closed'
  return open ? 'processing' : 'complete'
}
