import type { ProductInfo } from './catalog.js'
import { percentOf, roundCents, sum, times, type Units } from './money.js'

export interface LineInput {
  product: ProductInfo
  qty: Units
}

export interface Line extends LineInput {
  price: Units
  rowTotal: Units
  tax: Units
  discount: Units
  rowWeight: Units
  priceInclTax: Units
  rowTotalInclTax: Units
}

export interface Totals {
  lines: Line[]
  subtotal: Units
  subtotalInclTax: Units
  tax: Units
  shipping: Units
  /** Positive amount; Magento 1 stores it negated on the order header. */
  discount: Units
  grand: Units
  qty: Units
  weight: Units
}

/** Magento-like totals collection: per-row tax and discount rounded to cents. */
export function collectTotals(
  items: readonly LineInput[],
  taxPercent: Units,
  shippingPerItem: Units,
  discountPercent: Units,
): Totals {
  const lines = items.map((it): Line => {
    const price = it.product.price
    const rowTotal = times(price, it.qty)
    const discount = percentOf(rowTotal, discountPercent)
    const tax = percentOf(rowTotal - discount, taxPercent)
    return {
      ...it,
      price,
      rowTotal,
      tax,
      discount,
      rowWeight: times(it.product.weight, it.qty),
      priceInclTax: price + percentOf(price, taxPercent),
      rowTotalInclTax: rowTotal + tax,
    }
  })
  const qty = sum(lines.map((l) => l.qty))
  const subtotal = sum(lines.map((l) => l.rowTotal))
  const tax = sum(lines.map((l) => l.tax))
  const discount = sum(lines.map((l) => l.discount))
  const shipping = roundCents(Math.round((shippingPerItem * qty) / 10000))
  return {
    lines,
    subtotal,
    subtotalInclTax: subtotal + tax,
    tax,
    shipping,
    discount,
    grand: subtotal + tax + shipping - discount,
    qty,
    weight: sum(lines.map((l) => l.rowWeight)),
  }
}
