import { CATALOG_MIX, CUSTOMER_MIX, DEFAULT_MIX } from '../storefront/run-writer.js'
import { OPERATIONS, type OperationName } from '../storefront/types.js'

/**
 * The demo store's day: the sales mix (checkouts, invoices, shipments, refunds, cancellations,
 * admin edits, carts) plus customer accounts at work (registrations, address books, newsletter,
 * wishlists) and the catalog back office (products, prices, stock, images, options, categories,
 * reviews), weights added so every plugin's tables see traffic.
 */
export const DEMO_MIX: Readonly<Record<OperationName, number>> = Object.fromEntries(
  OPERATIONS.map((name) => [name, DEFAULT_MIX[name] + (CUSTOMER_MIX[name] ?? 0) + (CATALOG_MIX[name] ?? 0)]),
) as Record<OperationName, number>
