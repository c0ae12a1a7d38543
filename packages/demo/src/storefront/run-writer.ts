import { setTimeout as sleep } from 'node:timers/promises'
import { dropWriterProducts } from './catalog-model.js'
import { createWriterContext, type WriterContext } from './context.js'
import { adminEdit } from './op-admin-edit.js'
import { abandonCart, updateCart } from './op-cart.js'
import { cancel } from './op-cancel.js'
import { adminBundleProduct } from './op-catalog-bundle.js'
import { adminCategory } from './op-catalog-category.js'
import { adminDeleteCategory } from './op-catalog-category-delete.js'
import { adminConfigurableProduct } from './op-catalog-configurable.js'
import { adminProductImages } from './op-catalog-gallery.js'
import { adminProductLinks } from './op-catalog-links.js'
import { adminCustomOptions } from './op-catalog-options.js'
import {
  adminCreateProduct,
  adminDeleteProduct,
  adminEditProduct,
  adminStock,
  adminTierPrices,
} from './op-catalog-product.js'
import { guestCheckout, registeredCheckout } from './op-checkout.js'
import { addAddress, deleteAddress, editAddress, setDefaultAddress } from './op-customer-address.js'
import { deleteCustomer } from './op-customer-delete.js'
import { changePassword, editCustomerProfile } from './op-customer-profile.js'
import { registerCustomer } from './op-customer-register.js'
import { deleteOrder } from './op-delete-order.js'
import { invoice } from './op-invoice.js'
import { toggleNewsletter } from './op-newsletter.js'
import { refund } from './op-refund.js'
import { adminModerateReview, storefrontReview } from './op-review.js'
import { ship } from './op-ship.js'
import { addToWishlist, removeFromWishlist, updateWishlistItem } from './op-wishlist.js'
import { addToCompare } from './op-compare.js'
import { dirtyData } from './op-dirty-data.js'
import { Rng } from './prng.js'
import { OPERATIONS, type Db, type OperationName, type OpOutcome } from './types.js'

export type Operation = (ctx: WriterContext, rng: Rng) => Promise<OpOutcome>

export const OPERATION_FUNCTIONS: Readonly<Record<OperationName, Operation>> = {
  guestCheckout,
  registeredCheckout,
  invoice,
  ship,
  refund,
  cancel,
  adminEdit,
  deleteOrder,
  abandonCart,
  updateCart,
  registerCustomer,
  editCustomerProfile,
  changePassword,
  addAddress,
  editAddress,
  deleteAddress,
  setDefaultAddress,
  toggleNewsletter,
  addToWishlist,
  removeFromWishlist,
  updateWishlistItem,
  deleteCustomer,
  adminCreateProduct,
  adminEditProduct,
  adminStock,
  adminTierPrices,
  adminCategory,
  adminDeleteProduct,
  storefrontReview,
  adminModerateReview,
  adminProductImages,
  adminCustomOptions,
  adminProductLinks,
  adminConfigurableProduct,
  adminBundleProduct,
  adminDeleteCategory,
  addToCompare,
  dirtyData,
}

/** Mostly checkouts, then the back office on existing orders, some carts left behind. Customer
 *  and catalog operations weigh 0 here, so a seed gives the same sales history as before they existed. */
export const DEFAULT_MIX: Readonly<Record<OperationName, number>> = {
  guestCheckout: 28,
  registeredCheckout: 12,
  invoice: 15,
  ship: 12,
  refund: 5,
  cancel: 4,
  adminEdit: 6,
  deleteOrder: 3,
  abandonCart: 8,
  updateCart: 7,
  registerCustomer: 0,
  editCustomerProfile: 0,
  changePassword: 0,
  addAddress: 0,
  editAddress: 0,
  deleteAddress: 0,
  setDefaultAddress: 0,
  toggleNewsletter: 0,
  addToWishlist: 0,
  removeFromWishlist: 0,
  updateWishlistItem: 0,
  deleteCustomer: 0,
  adminCreateProduct: 0,
  adminEditProduct: 0,
  adminStock: 0,
  adminTierPrices: 0,
  adminCategory: 0,
  adminDeleteProduct: 0,
  storefrontReview: 0,
  adminModerateReview: 0,
  adminProductImages: 0,
  adminCustomOptions: 0,
  adminProductLinks: 0,
  adminConfigurableProduct: 0,
  adminBundleProduct: 0,
  adminDeleteCategory: 0,
  addToCompare: 0,
  dirtyData: 0,
}

/** Customer accounts at work: registrations, profile and address book, newsletter, wishlists,
 *  admin deletes, with checkouts by those customers (and some guests) in between. */
export const CUSTOMER_MIX: Readonly<Partial<Record<OperationName, number>>> = {
  registerCustomer: 12,
  editCustomerProfile: 10,
  changePassword: 4,
  addAddress: 10,
  editAddress: 6,
  deleteAddress: 3,
  setDefaultAddress: 4,
  toggleNewsletter: 6,
  addToWishlist: 8,
  removeFromWishlist: 3,
  updateWishlistItem: 3,
  deleteCustomer: 2,
  registeredCheckout: 15,
  guestCheckout: 5,
  invoice: 3,
}

/** The catalog back office and product reviews: products created, edited, restocked, priced by
 *  tier and deleted, images, custom options and related / up-sell / cross-sell links, configurable
 *  and bundle products, categories built, reviews written and moderated, with checkouts selling
 *  the new products in between. */
export const CATALOG_MIX: Readonly<Partial<Record<OperationName, number>>> = {
  adminCreateProduct: 12,
  adminEditProduct: 10,
  adminStock: 6,
  adminTierPrices: 6,
  adminCategory: 6,
  adminDeleteProduct: 3,
  adminProductImages: 5,
  adminCustomOptions: 5,
  adminProductLinks: 4,
  adminConfigurableProduct: 3,
  adminBundleProduct: 3,
  adminDeleteCategory: 2,
  addToCompare: 3,
  storefrontReview: 12,
  adminModerateReview: 8,
  guestCheckout: 6,
  registeredCheckout: 3,
}

/**
 * Deletes under live traffic, the way Magento 1 makes them (one DELETE; its foreign keys remove or
 * empty the rest without triggers): products that sit in carts, wishlists, compare lists and reviews
 * and have images, options and prices; customers with carts, addresses, wishlists and orders;
 * orders with their invoices, shipments and credit memos; categories with products.
 */
export const DELETE_MIX: Readonly<Partial<Record<OperationName, number>>> = {
  adminCreateProduct: 10,
  adminProductImages: 6,
  adminCustomOptions: 3,
  adminTierPrices: 3,
  adminProductLinks: 3,
  adminDeleteProduct: 8,
  adminCategory: 6,
  adminDeleteCategory: 3,
  storefrontReview: 5,
  addToCompare: 5,
  registerCustomer: 8,
  addAddress: 4,
  addToWishlist: 6,
  deleteCustomer: 5,
  abandonCart: 6,
  updateCart: 4,
  guestCheckout: 6,
  registeredCheckout: 8,
  invoice: 5,
  ship: 4,
  refund: 3,
  deleteOrder: 5,
}

/**
 * A store's ordinary day with the dirty data old stores carry written in between (see
 * op-dirty-data.ts): serialized values whose lengths lie or that were cut, odd dates, values longer
 * than Magento 2's columns, orphans, UTF-8 in latin1 columns.
 */
export const DIRTY_MIX: Readonly<Partial<Record<OperationName, number>>> = {
  guestCheckout: 20,
  registeredCheckout: 10,
  invoice: 8,
  ship: 6,
  refund: 3,
  adminEdit: 5,
  abandonCart: 8,
  updateCart: 6,
  registerCustomer: 6,
  addToWishlist: 4,
  adminCreateProduct: 4,
  storefrontReview: 4,
  dirtyData: 20,
}

export interface WriterOptions {
  /** A mysql2/promise Connection (one writer per connection) or Pool, on the Magento 1 database. */
  connection: Db
  seed: number
  /** Magento 1 table prefix ('' for none). */
  tablePrefix?: string
  /** How many operations to run. */
  operations: number
  /** Relative weights; missing operations get weight 0 when `mix` is given. */
  mix?: Partial<Record<OperationName, number>>
  signal?: AbortSignal
  /** At most this many operations per second (a storefront's pace rather than a load test's); unpaced when absent. */
  opsPerSecond?: number
  /** Called after each operation (progress, tracing). */
  onOperation?: (name: OperationName, outcome: OpOutcome, index: number) => void
}

export interface WriterStats {
  seed: number
  requested: number
  /** Operations run (less than requested when aborted). */
  executed: number
  done: Record<OperationName, number>
  /** Operations that found nothing eligible (e.g. no order left to invoice). */
  skipped: Record<OperationName, number>
  transactions: number
  /** Transactions re-run after a deadlock (1213) or lock wait timeout (1205). */
  retries: number
  durationMs: number
  aborted: boolean
  /** Columns the writer would have written but the live schema lacks (table → columns). */
  missingColumns: Record<string, string[]>
  /** Schema findings, e.g. a child table without ON DELETE CASCADE to sales_flat_order. */
  warnings: string[]
}

const zero = (): Record<OperationName, number> =>
  Object.fromEntries(OPERATIONS.map((o) => [o, 0])) as Record<OperationName, number>

/**
 * Run `operations` seeded, weighted Magento 1 storefront/admin operations. The same seed on the
 * same starting database (one writer) gives the same operations and the same rows. Several
 * writers may run at once on separate connections; deadlocks are retried, increment ids are
 * allocated under SELECT … FOR UPDATE.
 */
export async function runWriter(opts: WriterOptions): Promise<WriterStats> {
  const started = Date.now()
  const ctx = await createWriterContext(opts.connection, opts.seed, opts.tablePrefix ?? '')
  dropWriterProducts(ctx)
  const rng = new Rng(opts.seed)
  const mix = opts.mix ?? DEFAULT_MIX
  const stats: WriterStats = {
    seed: opts.seed,
    requested: opts.operations,
    executed: 0,
    done: zero(),
    skipped: zero(),
    transactions: 0,
    retries: 0,
    durationMs: 0,
    aborted: false,
    missingColumns: {},
    warnings: ctx.warnings,
  }
  const pacedFrom = Date.now()
  try {
    for (let i = 0; i < opts.operations; i++) {
      if (opts.opsPerSecond !== undefined && opts.opsPerSecond > 0)
        await paceUntil(pacedFrom + (i * 1000) / opts.opsPerSecond, opts.signal)
      if (opts.signal?.aborted) {
        stats.aborted = true
        break
      }
      const name = rng.weighted<OperationName>(mix)
      const opRng = rng.fork()
      const outcome = await OPERATION_FUNCTIONS[name](ctx, opRng)
      stats.executed++
      if (outcome === 'done') stats.done[name]++
      else stats.skipped[name]++
      opts.onOperation?.(name, outcome, i)
    }
  } finally {
    stats.transactions = ctx.tx.stats.transactions
    stats.retries = ctx.tx.stats.retries
    stats.durationMs = Date.now() - started
    stats.missingColumns = Object.fromEntries([...ctx.schema.missing].map(([t, cols]) => [t, [...cols].sort()]))
  }
  return stats
}

/** Waits until `due` (epoch ms); an abort ends the wait early. */
async function paceUntil(due: number, signal: AbortSignal | undefined): Promise<void> {
  const wait = due - Date.now()
  if (wait <= 0) return
  await sleep(wait, undefined, signal ? { signal } : {}).catch(() => undefined)
}
