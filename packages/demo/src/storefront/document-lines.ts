import { serializeFor, type WriterContext } from './context.js'
import { dec, share, unitsOf, type Units } from './money.js'
import { idOf, str, type DbRow } from './sql.js'
import type { Id, Row } from './types.js'

/** An order item's part of an invoice or a credit memo: its quantity, and price, row total, tax and discount pro rata. */
export interface DocumentLine {
  readonly it: DbRow
  readonly qty: Units
  readonly price: Units
  readonly row: Units
  readonly tax: Units
  readonly discount: Units
}

export function documentLine(it: DbRow, qty: Units): DocumentLine {
  const ordered = unitsOf(it, 'qty_ordered')
  return {
    it,
    qty,
    price: unitsOf(it, 'price'),
    row: share(unitsOf(it, 'row_total'), qty, ordered),
    tax: share(unitsOf(it, 'tax_amount'), qty, ordered),
    discount: share(unitsOf(it, 'discount_amount'), qty, ordered),
  }
}

/**
 * The item row of an invoice or a credit memo (`sales_flat_invoice_item`, `sales_flat_creditmemo_item`):
 * Magento 1 writes the same columns to both, from the order item and the line's amounts.
 */
export function documentItemRow(ctx: WriterContext, table: string, parentId: Id, c: DocumentLine): Row {
  return {
    parent_id: parentId,
    base_price: dec(c.price),
    tax_amount: dec(c.tax),
    base_row_total: dec(c.row),
    discount_amount: dec(c.discount),
    row_total: dec(c.row),
    base_discount_amount: dec(c.discount),
    price_incl_tax: str(c.it.price_incl_tax),
    base_tax_amount: dec(c.tax),
    base_price_incl_tax: str(c.it.base_price_incl_tax),
    qty: dec(c.qty),
    base_cost: str(c.it.base_cost),
    price: dec(c.price),
    base_row_total_incl_tax: dec(c.row + c.tax),
    row_total_incl_tax: dec(c.row + c.tax),
    product_id: idOf(c.it.product_id),
    order_item_id: idOf(c.it.item_id),
    additional_data: null,
    description: null,
    sku: str(c.it.sku),
    name: str(c.it.name),
    hidden_tax_amount: dec(0),
    base_hidden_tax_amount: dec(0),
    weee_tax_applied: serializeFor(ctx, table, 'weee_tax_applied', []),
  }
}
