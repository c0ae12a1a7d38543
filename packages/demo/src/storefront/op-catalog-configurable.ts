import { catalogModel, formatUrlKey, type CatalogModel } from './catalog-model.js'
import {
  draftProduct,
  existingProducts,
  insertProductEntity,
  insertStockItem,
  processRelations,
  type ProductDraft,
} from './catalog-product-save.js'
import { superAttribute, type SuperAttribute } from './catalog-super-attribute.js'
import type { WriterContext } from './context.js'
import { insertOnDuplicate } from './customer-eav.js'
import type { Rng } from './prng.js'
import type { Conn, Id, OpOutcome } from './types.js'

const TABLES = [
  'catalog_product_super_attribute',
  'catalog_product_super_attribute_label',
  'catalog_product_super_link',
] as const

/**
 * A configurable product as the admin builds it: its simple children first ("Add Product", one
 * request each, like adminCreateProduct, with the super attribute's option set; they join
 * ctx.products), then the configurable in one save (Mage_Catalog_Model_Product_Type_Configurable):
 * the entity (has_options / required_options 1: the type has options), its values (no weight),
 * websites and categories, then Type::save — catalog_product_super_attribute, its store-0 label
 * (Resource_..._Configurable_Attribute::saveLabel, INSERT … ON DUPLICATE KEY UPDATE), the children in
 * catalog_product_super_link (saveProducts, one multi-row INSERT) and catalog_product_relation
 * (processRelations) — and last the stock item (qty 0, in stock: the type has no qty).
 */
export async function adminConfigurableProduct(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await catalogModel(ctx)
  if (!model || !TABLES.every((t) => ctx.schema.has(t))) return 'skipped'
  const attr = await superAttribute(ctx, model)
  if (!attr || attr.options.length === 0 || !model.product.attrs.get(attr.code)?.table) return 'skipped'
  const parent = draftProduct(ctx, model, rng)
  const chosen = [...attr.options]
  for (let i = chosen.length - 1; i > 0; i--) {
    const j = rng.int(0, i)
    ;[chosen[i], chosen[j]] = [chosen[j] as (typeof chosen)[number], chosen[i] as (typeof chosen)[number]]
  }
  const useDefault = rng.chance(0.3) ? 1 : 0
  const children: Id[] = []
  for (const option of chosen.slice(0, rng.int(1, Math.min(3, chosen.length)))) {
    const d = draftProduct(ctx, model, rng)
    const name = `${parent.name}-${option.label}`
    d.values = {
      ...d.values,
      name,
      url_key: `${formatUrlKey(name) || 'product'}-${d.sku.toLowerCase()}`,
      price: parent.values['price'],
      [attr.code]: option.id,
    }
    const id = await ctx.tx.run(rng.uint32(), async (conn, txRng) => {
      const entityId = await insertProductEntity(
        conn,
        ctx,
        model,
        d,
        'simple',
        { hasOptions: false, requiredOptions: false },
        txRng,
      )
      if (model.stockId !== null && ctx.schema.has('cataloginventory_stock_item'))
        await insertStockItem(conn, ctx, model, entityId, d.qty, d.at)
      return entityId
    })
    model.ownProducts.add(id)
    ctx.products.push({ id, sku: d.sku, name, price: parent.price, weight: d.weight, typeId: 'simple' })
    children.push(id)
  }
  parent.values = { ...parent.values, weight: undefined }
  parent.at = ctx.clock.tick(rng, 600)
  const id = await ctx.tx.run(rng.uint32(), (conn, txRng) =>
    saveConfigurable(conn, ctx, model, parent, attr, useDefault, children, txRng),
  )
  if (id === null) return 'skipped'
  model.ownComposites.push(id)
  return 'done'
}

async function saveConfigurable(
  conn: Conn,
  ctx: WriterContext,
  model: CatalogModel,
  d: ProductDraft,
  attr: SuperAttribute,
  useDefault: number,
  children: readonly Id[],
  rng: Rng,
): Promise<Id | null> {
  const s = ctx.schema
  // A child another writer deleted meanwhile is not in the posted grid any more.
  const alive = await existingProducts(conn, ctx, children)
  const posted = children.filter((c) => alive.has(c)).sort((a, b) => Number(a) - Number(b))
  const id = await insertProductEntity(
    conn,
    ctx,
    model,
    d,
    'configurable',
    { hasOptions: true, requiredOptions: true },
    rng,
  )
  const superId = await s.insert(conn, 'catalog_product_super_attribute', {
    product_id: id,
    attribute_id: attr.id,
    position: 0,
  })
  // saveLabel: no store-0 label yet, so the label goes to store 0.
  await insertOnDuplicate(
    conn,
    ctx,
    'catalog_product_super_attribute_label',
    [{ product_super_attribute_id: superId, use_default: useDefault, store_id: 0, value: attr.label }],
    ['value', 'use_default'],
  )
  if (posted.length > 0)
    await insertOnDuplicate(
      conn,
      ctx,
      'catalog_product_super_link',
      posted.map((c) => ({ product_id: c, parent_id: id })),
      [],
    )
  await processRelations(conn, ctx, id, posted)
  if (model.stockId !== null && s.has('cataloginventory_stock_item'))
    await insertStockItem(conn, ctx, model, id, 0, d.at, true)
  return id
}
