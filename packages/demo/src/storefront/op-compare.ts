import type { WriterContext } from './context.js'
import type { Rng } from './prng.js'
import { rows } from './sql.js'
import type { Id, OpOutcome } from './types.js'

/**
 * "Add to Compare" on a product (Mage_Catalog_Model_Product_Compare_Item::addProduct): a row for the
 * visitor, or for the customer when one is logged in. Magento 1's keys delete it with the product or
 * the customer, without a trigger.
 */
export async function addToCompare(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  if (!ctx.schema.has('catalog_compare_item')) return 'skipped'
  const products = ctx.products.filter((product): product is typeof product & { id: Id } => product.id !== null)
  if (products.length === 0) return 'skipped'
  const product = rng.pick(products)
  const customer = ctx.customers.length > 0 && rng.chance(0.5) ? rng.pick(ctx.customers) : undefined
  const store = rng.pick(ctx.stores)
  const visitor = customer ? 0 : rng.int(1, 1_000_000)
  const done = await ctx.tx.run(rng.uint32(), async (conn) => {
    // The product or the customer may be gone (another writer deleted it): the insert would fail its key.
    const present = await rows(
      conn,
      `SELECT entity_id FROM ${ctx.schema.t('catalog_product_entity')} WHERE entity_id = ? LOCK IN SHARE MODE`,
      [product.id],
    )
    if (present.length === 0) return false
    if (
      customer &&
      (
        await rows(
          conn,
          `SELECT entity_id FROM ${ctx.schema.t('customer_entity')} WHERE entity_id = ? LOCK IN SHARE MODE`,
          [customer.id],
        )
      ).length === 0
    )
      return false
    await ctx.schema.insert(conn, 'catalog_compare_item', {
      visitor_id: visitor,
      customer_id: customer?.id ?? null,
      product_id: product.id,
      store_id: store.storeId,
    })
    return true
  })
  return done ? 'done' : 'skipped'
}
