import type { SqlRow, SqlValue } from '@mig/core'

/** How Magento 1's group prices and Magento 2's tier prices for one unit are matched: qty aside, the tier price's natural key. */
export const PRICE_GROUP_KEY = ['entity_id', 'all_groups', 'customer_group_id', 'website_id'] as const

/** A group price is a tier price for this quantity in Magento 2. */
export const ONE_UNIT = '1.0000'

export function isOneUnit(qty: SqlValue | undefined): boolean {
  return qty !== null && qty !== undefined && !Buffer.isBuffer(qty) && Number(qty) === 1
}

/** The identity of a price key (values in PRICE_GROUP_KEY order). */
export function priceKeyIdentity(values: readonly (SqlValue | undefined)[]): string {
  return values.map((value) => String(value ?? 'NULL')).join('\u0000')
}

export function priceKeyOf(row: SqlRow): SqlValue[] {
  return PRICE_GROUP_KEY.map((column) => row[column] ?? null)
}

/** A Magento 1 group price as the Magento 2 tier price row it becomes. */
export function groupPriceAsTier(group: SqlRow): SqlRow {
  return {
    entity_id: group['entity_id'] ?? null,
    all_groups: group['all_groups'] ?? null,
    customer_group_id: group['customer_group_id'] ?? null,
    qty: ONE_UNIT,
    value: group['value'] ?? null,
    website_id: group['website_id'] ?? null,
  }
}

/**
 * The Magento 2 row for one unit when Magento 1 may have a group price and a tier price for one
 * unit under the same key, which Magento 2's unique key makes one row: Magento 1 charged the lower
 * of the two, so that one is kept. Undefined: neither exists, the row goes.
 * `tier` is already the Magento 2 row of the Magento 1 tier price.
 */
export function settleOneUnitPrice(group: SqlRow | undefined, tier: SqlRow | undefined): SqlRow | undefined {
  if (!group) return tier
  const fromGroup = groupPriceAsTier(group)
  if (!tier) return fromGroup
  return Number(fromGroup['value']) < Number(tier['value']) ? { ...tier, value: fromGroup['value'] ?? null } : tier
}
