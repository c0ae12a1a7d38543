import { catalogModel, catalogValue, saveCatalogValues } from './catalog-model.js'
import {
  DESCRIPTIONS,
  DISABLED,
  ENABLED,
  draftProduct,
  insertProductEntity,
  insertStockItem,
  lockProduct,
  randomPrice,
  realProducts,
} from './catalog-product-save.js'
import type { WriterContext } from './context.js'
import { dec, parseUnits, units } from './money.js'
import type { Rng } from './prng.js'
import { exec, idOf, rows } from './sql.js'
import type { Id, OpOutcome } from './types.js'

/**
 * Admin "Add Product" (simple, Default set) in one request as Mage_Adminhtml_Catalog_ProductController::saveAction
 * does: catalog_product_entity, the posted non-empty store-0 values, website assignment
 * (catalog_product_website), category links (_saveCategories: position 1) and the stock item the
 * CatalogInventory observer saves. The product joins ctx.products so checkouts sell it.
 */
export async function adminCreateProduct(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await catalogModel(ctx)
  if (!model) return 'skipped'
  const d = draftProduct(ctx, model, rng)
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
  ctx.products.push({ id, sku: d.sku, name: d.name, price: d.price, weight: d.weight, typeId: 'simple' })
  return 'done'
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
  const newPrice = randomPrice(rng)
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
    if (change === 2)
      values['status'] =
        (await catalogValue(conn, ctx, model.product, info.id, 'status', '0')) === DISABLED ? ENABLED : DISABLED
    if (change === 3) values['description'] = `${txRng.pick(DESCRIPTIONS)} (${txRng.hex(6)})`
    await saveCatalogValues(conn, ctx, model.product, info.id, '0', values)
    if (store.storeId !== '0' && storeAction === 1) {
      const v =
        overrideCode === 'status'
          ? DISABLED
          : overrideCode === 'name'
            ? `${info.name} [${store.storeId}]`
            : `Store ${store.storeId}: ${txRng.pick(DESCRIPTIONS)}`
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
  if (!model || list.length === 0 || model.stockId === null || !ctx.schema.has('cataloginventory_stock_item'))
    return 'skipped'
  const info = rng.pick(list)
  const qty = rng.chance(0.2) ? 0 : rng.int(1, 1000)
  const inStock = qty > 0 ? (rng.chance(0.95) ? 1 : 0) : 0
  const at = ctx.clock.tick(rng, 600)
  const done = await ctx.tx.run(rng.uint32(), async (conn) => {
    if (!(await lockProduct(conn, ctx, info.id))) return false
    const t = ctx.schema.t('cataloginventory_stock_item')
    const item = await rows(conn, `SELECT item_id FROM ${t} WHERE product_id = ? AND stock_id = ? FOR UPDATE`, [
      info.id,
      model.stockId ?? '1',
    ])
    const itemId = idOf(item[0]?.item_id)
    if (itemId === null) {
      await insertStockItem(conn, ctx, model, info.id, qty, at)
    } else {
      await ctx.schema.update(
        conn,
        'cataloginventory_stock_item',
        { qty: dec(units(qty)), is_in_stock: inStock, low_stock_date: qty < 1 ? at : null },
        'item_id = ?',
        [itemId],
      )
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
    const existing = await rows(
      conn,
      `SELECT value_id, all_groups, customer_group_id, CAST(qty AS CHAR) AS qty, website_id FROM ${tier} WHERE entity_id = ? ORDER BY value_id`,
      [info.id],
    )
    const keys = new Set(
      existing.map(
        (r) =>
          `${String(r.all_groups)}/${String(r.customer_group_id)}/${parseUnits(String(r.qty))}/${String(r.website_id)}`,
      ),
    )
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
      const found = await rows(
        conn,
        `SELECT value_id FROM ${gp} WHERE entity_id = ? AND all_groups = 0 AND customer_group_id = ? AND website_id = 0`,
        [info.id, group],
      )
      const valueId = idOf(found[0]?.value_id)
      if (valueId !== null && txRng.chance(0.5)) await exec(conn, `DELETE FROM ${gp} WHERE value_id = ?`, [valueId])
      else if (valueId !== null)
        await s.update(conn, 'catalog_product_entity_group_price', { value }, 'value_id = ?', [valueId])
      else
        await s.insert(conn, 'catalog_product_entity_group_price', {
          entity_id: info.id,
          all_groups: 0,
          customer_group_id: group,
          value,
          website_id: 0,
        })
    }
    await s.update(conn, 'catalog_product_entity', { updated_at: at }, 'entity_id = ?', [info.id])
    return true
  })
  return done ? 'done' : 'skipped'
}

/**
 * Admin "Delete" of a product this writer created (a simple, or a configurable or bundle parent):
 * DELETE FROM catalog_product_entity (values, websites, category links, stock item, tier prices,
 * gallery, custom options, links, super attributes / links, bundle options and selections and
 * relation rows go through Magento 1's ON DELETE CASCADE keys), then Mage_Review's
 * catalog_product_delete_after_done observer (deleteReviewsByProductId: its reviews and
 * review_entity_summary rows). The product leaves ctx.products so no later checkout sells it.
 */
export async function adminDeleteProduct(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await catalogModel(ctx)
  if (!model) return 'skipped'
  const own: Id[] = [
    ...realProducts(ctx)
      .filter((p) => model.ownProducts.has(p.id))
      .map((p) => p.id),
    ...model.ownComposites,
  ]
  if (own.length === 0) return 'skipped'
  const id = rng.pick(own)
  const done = await ctx.tx.run(rng.uint32(), async (conn) => {
    if (!(await lockProduct(conn, ctx, id))) return false
    await exec(conn, `DELETE FROM ${ctx.schema.t('catalog_product_entity')} WHERE entity_id = ?`, [id])
    if (model.review) {
      await exec(conn, `DELETE FROM ${ctx.schema.t('review')} WHERE entity_pk_value = ? AND entity_id = ?`, [
        id,
        model.review.entityId,
      ])
      if (ctx.schema.has('review_entity_summary')) {
        await exec(
          conn,
          `DELETE FROM ${ctx.schema.t('review_entity_summary')} WHERE entity_pk_value = ? AND entity_type = ?`,
          [id, model.review.entityId],
        )
      }
    }
    return true
  })
  const i = ctx.products.findIndex((p) => p.id === id)
  if (i >= 0) ctx.products.splice(i, 1)
  model.ownProducts.delete(id)
  const c = model.ownComposites.indexOf(id)
  if (c >= 0) model.ownComposites.splice(c, 1)
  return done ? 'done' : 'skipped'
}
