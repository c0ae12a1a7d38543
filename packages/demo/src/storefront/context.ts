import { loadProducts, type ProductInfo } from './catalog.js'
import { Clock } from './clock.js'
import { loadCustomers, type CustomerInfo } from './customers.js'
import { loadSalesEntityTypes, type EntityTypeInfo, type SalesEntity } from './entity-types.js'
import { phpSerialize, type PhpValue } from './php-serialize.js'
import { bmpOnly } from './sample-data.js'
import { Schema } from './schema.js'
import { loadBaseCurrency, loadCustomerGroups, loadStatuses, loadStores, type StoreInfo } from './store-data.js'
import { TransactionRunner } from './transaction.js'
import type { Conn, Db, Id } from './types.js'

/** Everything the operations need, read once from the live Magento 1 database. */
export interface WriterContext {
  schema: Schema
  tx: TransactionRunner
  clock: Clock
  stores: StoreInfo[]
  products: ProductInfo[]
  customers: CustomerInfo[]
  currency: string
  /** state → default status */
  statuses: Map<string, string>
  /** customer_group_id → tax_class_id */
  groups: Map<string, Id>
  types: Record<SalesEntity, EntityTypeInfo>
  /** Things about the live schema that do not match what Magento 1 normally has. */
  warnings: string[]
  /** Per-writer counter for unique e-mails etc. */
  seq: { n: number }
  seed: number
}

export const REQUIRED_TABLES = [
  'core_store',
  'eav_entity_type',
  'eav_entity_store',
  'sales_flat_quote',
  'sales_flat_quote_item',
  'sales_flat_quote_address',
  'sales_flat_quote_payment',
  'sales_flat_order',
  'sales_flat_order_item',
  'sales_flat_order_address',
  'sales_flat_order_payment',
  'sales_flat_order_status_history',
] as const

/** Children that Magento 1 removes through ON DELETE CASCADE when an order row is deleted. */
export const ORDER_CASCADES: ReadonlyArray<readonly [table: string, column: string]> = [
  ['sales_flat_order_item', 'order_id'],
  ['sales_flat_order_address', 'parent_id'],
  ['sales_flat_order_payment', 'parent_id'],
  ['sales_flat_order_status_history', 'parent_id'],
  ['sales_flat_order_grid', 'entity_id'],
  ['sales_flat_invoice', 'order_id'],
  ['sales_flat_shipment', 'order_id'],
  ['sales_flat_creditmemo', 'order_id'],
  ['sales_payment_transaction', 'order_id'],
]

export async function createWriterContext(db: Db, seed: number, tablePrefix: string): Promise<WriterContext> {
  const tx = new TransactionRunner(db)
  return tx.withConn(async (conn) => {
    const schema = await Schema.load(conn, tablePrefix)
    const missing = REQUIRED_TABLES.filter((t) => !schema.has(t))
    if (missing.length > 0) {
      throw new Error(
        `not a Magento 1 database (prefix '${tablePrefix}'): missing ${missing.map((t) => tablePrefix + t).join(', ')}`,
      )
    }
    const warnings: string[] = []
    for (const [table, column] of ORDER_CASCADES) {
      if (schema.has(table) && !schema.cascades(table, column, 'sales_flat_order')) {
        warnings.push(
          `${tablePrefix}${table}.${column} has no ON DELETE CASCADE to ${tablePrefix}sales_flat_order: deleteOrder will leave orphans`,
        )
      }
    }
    return {
      schema,
      tx,
      clock: new Clock(seed),
      stores: await loadStores(conn, schema),
      products: await loadProducts(conn, schema),
      customers: await loadCustomers(conn, schema),
      currency: await loadBaseCurrency(conn, schema),
      statuses: await loadStatuses(conn, schema),
      groups: await loadCustomerGroups(conn, schema),
      types: await loadSalesEntityTypes(conn, schema),
      warnings,
      seq: { n: 0 },
      seed,
    }
  })
}

export const statusFor = (ctx: WriterContext, state: string): string => ctx.statuses.get(state) ?? state

/** Prefixed, quoted table name. */
export const tbl = (ctx: WriterContext, table: string): string => ctx.schema.t(table)

/**
 * serialize() a value for `table.column`. In a utf8mb3 column MariaDB would turn emoji into '?'
 * and break the byte lengths, so strings lose their 4-byte characters first (what a store that
 * works on utf8mb3 ends up holding); utf8mb4 columns keep them.
 */
export function serializeFor(ctx: WriterContext, table: string, column: string, value: PhpValue): string {
  if (ctx.schema.fourByteSafe(table, column)) return phpSerialize(value)
  const clean = (v: PhpValue): PhpValue => {
    if (typeof v === 'string') return bmpOnly(v)
    if (Array.isArray(v)) return v.map((x) => clean(x as PhpValue))
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [typeof k === 'string' ? bmpOnly(k) : k, clean(x)]))
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [bmpOnly(k), clean(x as PhpValue)]))
    }
    return v
  }
  return phpSerialize(clean(value))
}

/** A value each writer loads once, on first use, on a connection of its own (a model of the store's metadata). */
export function loadedOncePerWriter<T>(
  load: (conn: Conn, ctx: WriterContext) => Promise<T>,
): (ctx: WriterContext) => Promise<T> {
  const loaded = new WeakMap<WriterContext, Promise<T>>()
  return (ctx) => {
    let value = loaded.get(ctx)
    if (!value) {
      value = ctx.tx.withConn((conn) => load(conn, ctx))
      loaded.set(ctx, value)
    }
    return value
  }
}
