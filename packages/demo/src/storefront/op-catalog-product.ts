import type { ProductInfo } from './catalog.js'
import { catalogModel, catalogValue, formatUrlKey, saveCatalogValues, type CatalogModel, type CatalogValues } from './catalog-model.js'
import type { WriterContext } from './context.js'
import { dec, parseUnits, units, type Units } from './money.js'
import type { Rng } from './prng.js'
import { exec, idOf, rows } from './sql.js'
import type { Conn, Id, OpOutcome } from './types.js'

const NOUNS = ['Mug', 'T-Shirt', 'Notebook', 'Lamp', 'Kettle', 'Scarf', 'Teapot', 'Backpack'] as const
const ADJECTIVES = ['Zoë', 'Ørsted', 'Kraków', '東京', 'Ελληνικά', 'Müller', 'São Paulo', '"Quoted"'] as const
const DESCRIPTIONS = [
  '<p>Hand-made in København — «Ünïcödé» ✓</p>',
  '<p>Line one<br/>Line two</p>\n<ul><li>東京</li><li>Łódź</li></ul>',
  'Plain text with a back\\slash and \'single\' quotes',
] as const

/** Visibility::VISIBILITY_BOTH, Status::STATUS_ENABLED / DISABLED. */
const VISIBILITY_BOTH = '4'
const ENABLED = '1'
const DISABLED = '2'

/** Products with an entity id (the writer never edits synthetic ones). */
const realProducts = (ctx: WriterContext): (ProductInfo & { id: Id })[] => ctx.products.filter((p): p is ProductInfo & { id: Id } => p.id !== null)

/** Lock the product row (the admin save loads and writes it); null when another writer deleted it. */
async function lockProduct(conn: Conn, ctx: WriterContext, id: Id): Promise<{ updatedAt: string | null } | null> {
  const r = await rows(conn, `SELECT CAST(updated_at AS CHAR) AS u FROM ${ctx.schema.t('catalog_product_entity')} WHERE entity_id = ? FOR UPDATE`, [id])
  if (r.length === 0) return null
  return { updatedAt: r[0]?.u === null || r[0]?.u === undefined ? null : String(r[0].u) }
}

/** Random price in 1.00 … 250.99. */
const price = (rng: Rng): Units => units(rng.int(1, 250)) + rng.int(0, 99) * 100

/**
 * Admin "Add Product" (simple, Default set) in one request as Mage_Adminhtml_Catalog_ProductController::saveAction
 * does: catalog_product_entity, the posted non-empty store-0 values, website assignment
 * (catalog_product_website), category links (_saveCategories: position 1) and the stock item the
 * CatalogInventory observer saves. The product joins ctx.products so checkouts sell it.
 */
export async function adminCreateProduct(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await catalogModel(ctx)
  if (!model) return 'skipped'
  const n = ++ctx.seq.n
  const name = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${rng.hex(4)}`
  const sku = `W${ctx.seed}-P${n}`
  const p = price(rng)
  const weight = units(rng.int(0, 20)) + rng.int(0, 9) * 1000
  const qty = rng.int(0, 500)
  const values: CatalogValues = {
    name,
    url_key: `${formatUrlKey(name) || 'product'}-${sku.toLowerCase()}`,
    price: dec(p),
    weight: dec(weight),
    status: rng.chance(0.9) ? ENABLED : DISABLED,
    visibility: VISIBILITY_BOTH,
    tax_class_id: model.taxClassIds.length > 0 ? rng.pick(model.taxClassIds) : '0',
    description: rng.pick(DESCRIPTIONS),
    short_description: rng.chance(0.7) ? `${name} — short` : undefined,
    options_container: 'container2',
    news_from_date: rng.chance(0.3) ? `${ctx.clock.now().slice(0, 10)} 00:00:00` : undefined,
  }
  const at = ctx.clock.tick(rng, 600)
  const withCategories = rng.int(0, 2)

  const id = await ctx.tx.run(rng.uint32(), async (conn, txRng) => {
    const entityId = await ctx.schema.insert(conn, 'catalog_product_entity', {
      entity_type_id: model.product.typeId,
      attribute_set_id: model.product.defaultSetId,
      type_id: 'simple',
      sku,
      has_options: 0,
      required_options: 0,
      created_at: at,
      updated_at: at,
    })
    await saveCatalogValues(conn, ctx, model.product, entityId, '0', values)
    if (ctx.schema.has('catalog_product_website')) {
      for (const w of model.websiteIds) await ctx.schema.insert(conn, 'catalog_product_website', { product_id: entityId, website_id: w })
    }
    if (ctx.schema.has('catalog_category_product') && ctx.schema.has('catalog_category_entity') && withCategories > 0) {
      const cats = (await rows(conn, `SELECT entity_id FROM ${ctx.schema.t('catalog_category_entity')} WHERE level >= 2 ORDER BY entity_id`)).map((r) => idOf(r.entity_id) ?? '0')
      const chosen = new Set<Id>()
      for (let i = 0; i < withCategories && cats.length > 0; i++) chosen.add(txRng.pick(cats))
      for (const c of [...chosen].sort()) await ctx.schema.insert(conn, 'catalog_category_product', { category_id: c, product_id: entityId, position: 1 })
    }
    if (model.stockId !== null && ctx.schema.has('cataloginventory_stock_item')) await insertStockItem(conn, ctx, model, entityId, qty, at)
    return entityId
  })
  model.ownProducts.add(id)
  ctx.products.push({ id, sku, name, price: p, weight, typeId: 'simple' })
  return 'done'
}

/** Mage_CatalogInventory_Model_Stock_Item as the product form saves it: config defaults, posted qty / is_in_stock. */
async function insertStockItem(conn: Conn, ctx: WriterContext, model: CatalogModel, productId: Id, qty: number, at: string): Promise<void> {
  await ctx.schema.insert(conn, 'cataloginventory_stock_item', {
    product_id: productId,
    stock_id: model.stockId ?? '1',
    qty: dec(units(qty)),
    min_qty: '0.0000',
    use_config_min_qty: 1,
    is_qty_decimal: 0,
    backorders: 0,
    use_config_backorders: 1,
    min_sale_qty: '1.0000',
    use_config_min_sale_qty: 1,
    max_sale_qty: '0.0000',
    use_config_max_sale_qty: 1,
    is_in_stock: qty > 0 ? 1 : 0,
    // verifyNotification(): qty below notify_stock_qty (config default 1) sets low_stock_date.
    low_stock_date: qty < 1 ? at : null,
    notify_stock_qty: null,
    use_config_notify_stock_qty: 1,
    manage_stock: 0,
    use_config_manage_stock: 1,
    stock_status_changed_auto: 0,
    use_config_qty_increments: 1,
    qty_increments: '0.0000',
    use_config_enable_qty_inc: 1,
    enable_qty_increments: 0,
    is_decimal_divided: 0,
  })
}

/**
 * Admin product edit: changed store-0 values (name, price, status, description), sometimes a
 * store-view override (store_id of a real view) or "Use Default Value" (its row deleted); the
 * entity's updated_at. ctx.products follows name and price so later checkouts sell the new ones.
 */
export async function adminEditProduct(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await catalogModel(ctx)
  const list = realProducts(ctx)
  if (!model || list.length === 0) return 'skipped'
  const info = rng.pick(list)
  const store = rng.pick(ctx.stores)
  const change = rng.int(0, 3)
  const newPrice = price(rng)
  const newName = `${info.name.replace(/ \(rev \d+\)$/, '')} (rev ${rng.int(2, 99)})`
  const storeAction = rng.int(0, 2) // 0: none, 1: override, 2: use default
  const overrideCode = rng.pick(['name', 'description', 'short_description', 'status'] as const)
  const at = ctx.clock.tick(rng, 600)
  const out = await ctx.tx.run(rng.uint32(), async (conn, txRng) => {
    const locked = await lockProduct(conn, ctx, info.id)
    if (!locked) return null
    const values: Record<string, string | undefined> = {}
    if (change === 0) values['name'] = newName
    if (change === 1) values['price'] = dec(newPrice)
    if (change === 2) values['status'] = (await catalogValue(conn, ctx, model.product, info.id, 'status', '0')) === DISABLED ? ENABLED : DISABLED
    if (change === 3) values['description'] = `${txRng.pick(DESCRIPTIONS)} (${txRng.hex(6)})`
    await saveCatalogValues(conn, ctx, model.product, info.id, '0', values)
    if (store.storeId !== '0' && storeAction === 1) {
      const v = overrideCode === 'status' ? DISABLED : overrideCode === 'name' ? `${info.name} [${store.storeId}]` : `Store ${store.storeId}: ${txRng.pick(DESCRIPTIONS)}`
      await saveCatalogValues(conn, ctx, model.product, info.id, store.storeId, { [overrideCode]: v })
    } else if (store.storeId !== '0' && storeAction === 2) {
      await saveCatalogValues(conn, ctx, model.product, info.id, store.storeId, { [overrideCode]: null })
    }
    await ctx.schema.update(conn, 'catalog_product_entity', { updated_at: at }, 'entity_id = ?', [info.id])
    return values
  })
  if (!out) return 'skipped'
  if (out['name'] !== undefined) info.name = out['name']
  if (out['price'] !== undefined) info.price = parseUnits(out['price'])
  return 'done'
}

/** Admin stock change (product form, Inventory tab): qty and is_in_stock of the stock item, low_stock_date as Magento derives it. */
export async function adminStock(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await catalogModel(ctx)
  const list = realProducts(ctx)
  if (!model || list.length === 0 || model.stockId === null || !ctx.schema.has('cataloginventory_stock_item')) return 'skipped'
  const info = rng.pick(list)
  const qty = rng.chance(0.2) ? 0 : rng.int(1, 1000)
  const inStock = qty > 0 ? (rng.chance(0.95) ? 1 : 0) : 0
  const at = ctx.clock.tick(rng, 600)
  const done = await ctx.tx.run(rng.uint32(), async (conn) => {
    if (!(await lockProduct(conn, ctx, info.id))) return false
    const t = ctx.schema.t('cataloginventory_stock_item')
    const item = await rows(conn, `SELECT item_id FROM ${t} WHERE product_id = ? AND stock_id = ? FOR UPDATE`, [info.id, model.stockId ?? '1'])
    const itemId = idOf(item[0]?.item_id)
    if (itemId === null) {
      await insertStockItem(conn, ctx, model, info.id, qty, at)
    } else {
      await ctx.schema.update(conn, 'cataloginventory_stock_item', { qty: dec(units(qty)), is_in_stock: inStock, low_stock_date: qty < 1 ? at : null }, 'item_id = ?', [itemId])
    }
    await ctx.schema.update(conn, 'catalog_product_entity', { updated_at: at }, 'entity_id = ?', [info.id])
    return true
  })
  return done ? 'done' : 'skipped'
}

/**
 * Admin tier / group prices (Mage_Catalog_Model_Product_Attribute_Backend_Tierprice::afterSave,
 * price scope global so website_id 0): removed rows deleted by value_id, new rows inserted —
 * all groups (all_groups 1, customer_group_id 0) or one group, qty sometimes fractional.
 */
export async function adminTierPrices(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await catalogModel(ctx)
  const list = realProducts(ctx)
  const s = ctx.schema
  if (!model || list.length === 0 || !s.has('catalog_product_entity_tier_price')) return 'skipped'
  const info = rng.pick(list)
  const adds = rng.int(0, 3)
  const removeOne = rng.chance(0.35)
  const groupPrice = s.has('catalog_product_entity_group_price') && rng.chance(0.4)
  const at = ctx.clock.tick(rng, 600)
  const done = await ctx.tx.run(rng.uint32(), async (conn, txRng) => {
    if (!(await lockProduct(conn, ctx, info.id))) return false
    const tier = s.t('catalog_product_entity_tier_price')
    const existing = await rows(conn, `SELECT value_id, all_groups, customer_group_id, CAST(qty AS CHAR) AS qty, website_id FROM ${tier} WHERE entity_id = ? ORDER BY value_id`, [info.id])
    const keys = new Set(existing.map((r) => `${String(r.all_groups)}/${String(r.customer_group_id)}/${parseUnits(String(r.qty))}/${String(r.website_id)}`))
    if (removeOne && existing.length > 0) {
      const victim = txRng.pick(existing)
      await exec(conn, `DELETE FROM ${tier} WHERE value_id = ?`, [idOf(victim.value_id) ?? '0'])
    }
    for (let i = 0; i < adds; i++) {
      const allGroups = model.customerGroupIds.length === 0 || txRng.chance(0.5)
      const group = allGroups ? '0' : txRng.pick(model.customerGroupIds)
      const qty = txRng.chance(0.3) ? units(txRng.int(2, 9)) + 5000 : units(txRng.int(2, 50))
      const key = `${allGroups ? 1 : 0}/${group}/${qty}/0`
      if (keys.has(key)) continue
      keys.add(key)
      const value = Math.max(100, info.price - txRng.int(1, 30) * (info.price / 100))
      await s.insert(conn, 'catalog_product_entity_tier_price', {
        entity_id: info.id,
        all_groups: allGroups ? 1 : 0,
        customer_group_id: group,
        qty: dec(qty),
        value: dec(Math.round(value / 100) * 100),
        website_id: 0,
      })
    }
    if (groupPrice && model.customerGroupIds.length > 0) {
      const gp = s.t('catalog_product_entity_group_price')
      const group = txRng.pick(model.customerGroupIds)
      const value = dec(Math.round((info.price * txRng.int(70, 95)) / 100 / 100) * 100)
      const found = await rows(conn, `SELECT value_id FROM ${gp} WHERE entity_id = ? AND all_groups = 0 AND customer_group_id = ? AND website_id = 0`, [info.id, group])
      const valueId = idOf(found[0]?.value_id)
      if (valueId !== null && txRng.chance(0.5)) await exec(conn, `DELETE FROM ${gp} WHERE value_id = ?`, [valueId])
      else if (valueId !== null) await s.update(conn, 'catalog_product_entity_group_price', { value }, 'value_id = ?', [valueId])
      else await s.insert(conn, 'catalog_product_entity_group_price', { entity_id: info.id, all_groups: 0, customer_group_id: group, value, website_id: 0 })
    }
    await s.update(conn, 'catalog_product_entity', { updated_at: at }, 'entity_id = ?', [info.id])
    return true
  })
  return done ? 'done' : 'skipped'
}

/**
 * Admin "Delete" of a product this writer created: DELETE FROM catalog_product_entity (values,
 * websites, category links, stock item, tier prices go through Magento 1's ON DELETE CASCADE
 * keys), then Mage_Review's catalog_product_delete_after_done observer
 * (deleteReviewsByProductId: its reviews and review_entity_summary rows). The product leaves
 * ctx.products so no later checkout sells it.
 */
export async function adminDeleteProduct(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await catalogModel(ctx)
  if (!model) return 'skipped'
  const own = realProducts(ctx).filter((p) => model.ownProducts.has(p.id))
  if (own.length === 0) return 'skipped'
  const info = rng.pick(own)
  const done = await ctx.tx.run(rng.uint32(), async (conn) => {
    if (!(await lockProduct(conn, ctx, info.id))) return false
    await exec(conn, `DELETE FROM ${ctx.schema.t('catalog_product_entity')} WHERE entity_id = ?`, [info.id])
    if (model.review) {
      await exec(conn, `DELETE FROM ${ctx.schema.t('review')} WHERE entity_pk_value = ? AND entity_id = ?`, [info.id, model.review.entityId])
      if (ctx.schema.has('review_entity_summary')) {
        await exec(conn, `DELETE FROM ${ctx.schema.t('review_entity_summary')} WHERE entity_pk_value = ? AND entity_type = ?`, [info.id, model.review.entityId])
      }
    }
    return true
  })
  const i = ctx.products.indexOf(info)
  if (i >= 0) ctx.products.splice(i, 1)
  model.ownProducts.delete(info.id)
  return done ? 'done' : 'skipped'
}
