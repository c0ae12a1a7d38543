import type { Connection, Pool, PoolConnection } from 'mysql2/promise'

/** What the caller hands the writer: one connection (one writer per connection) or a pool. */
export type Db = Connection | Pool
/** A single connection a transaction runs on. */
export type Conn = Connection | PoolConnection
/** Values the writer binds. DECIMALs travel as strings ("12.3400"), ids as strings (BIGINT-safe). */
export type SqlValue = string | number | null | Buffer
/** A row to write; `undefined` means "do not write this column". */
export type Row = Record<string, SqlValue | undefined>
/** Database ids stay strings end to end (BIGINT-safe). */
export type Id = string

export const OPERATIONS = [
  'guestCheckout',
  'registeredCheckout',
  'invoice',
  'ship',
  'refund',
  'cancel',
  'adminEdit',
  'deleteOrder',
  'abandonCart',
  'updateCart',
  'registerCustomer',
  'editCustomerProfile',
  'changePassword',
  'addAddress',
  'editAddress',
  'deleteAddress',
  'setDefaultAddress',
  'toggleNewsletter',
  'addToWishlist',
  'removeFromWishlist',
  'updateWishlistItem',
  'deleteCustomer',
  'adminCreateProduct',
  'adminEditProduct',
  'adminStock',
  'adminTierPrices',
  'adminCategory',
  'adminDeleteProduct',
  'storefrontReview',
  'adminModerateReview',
  'adminProductImages',
  'adminCustomOptions',
  'adminProductLinks',
  'adminConfigurableProduct',
  'adminBundleProduct',
  'adminDeleteCategory',
  'addToCompare',
  'dirtyData',
] as const
export type OperationName = (typeof OPERATIONS)[number]

/** What an operation did: 'done', or 'skipped' when nothing was eligible (e.g. no order to invoice). */
export type OpOutcome = 'done' | 'skipped'
