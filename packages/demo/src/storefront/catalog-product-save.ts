import type { ProductInfo } from './catalog.js'
import { formatUrlKey, saveCatalogValues, type CatalogModel } from './catalog-model.js'
import type { WriterContext } from './context.js'
import { dec, units, type Units } from './money.js'
import type { Rng } from './prng.js'
import { exec, idOf, rows } from './sql.js'
import type { Conn, Id } from './types.js'

const NOUNS = ['Mug', 'T-Shirt', 'Notebook', 'Lamp', 'Kettle', 'Scarf', 'Teapot', 'Backpack'] as const
const ADJECTIVES = ['Zoë', 'Ørsted', 'Kraków', '東京', 'Ελληνικά', 'Müller', 'São Paulo', '"Quoted"'] as const
export const DESCRIPTIONS = [
  '<p>Hand-made in København — «Ünïcödé» ✓</p>',
  '<p>Line one<br/>Line two</p>\n<ul><li>東京</li><li>Łódź</li></ul>',
  "Plain text with a back\\slash and 'single' quotes",
] as const

/** Visibility::VISIBILITY_BOTH, Status::STATUS_ENABLED / DISABLED. */
export const VISIBILITY_BOTH = '4'
export const ENABLED = '1'
export const DISABLED = '2'

/** Products with an entity id (the writer never edits synthetic ones). */
export const realProducts = (ctx: WriterContext): (ProductInfo & { id: Id })[] =>
  ctx.products.filter((p): p is ProductInfo & { id: Id } => p.id !== null)

/** Sellable simple products this writer created (the ones its admin operations change). */
export const ownSimples = (ctx: WriterContext, model: CatalogModel): (ProductInfo & { id: Id })[] =>
  realProducts(ctx).filter((p) => model.ownProducts.has(p.id) && p.typeId === 'simple')

/** Lock the product row (the admin save loads and writes it); null when another writer deleted it. */
export async function lockProduct(
  conn: Conn,
  ctx: WriterContext,
  id: Id,
): Promise<{ updatedAt: string | null } | null> {
  const r = await rows(
    conn,
    `SELECT CAST(updated_at AS CHAR) AS u FROM ${ctx.schema.t('catalog_product_entity')} WHERE entity_id = ? FOR UPDATE`,
    [id],
  )
  if (r.length === 0) return null
  return { updatedAt: r[0]?.u === null || r[0]?.u === undefined ? null : String(r[0].u) }
}

/** The ids of `ids` that still exist, share-locked so a concurrent delete waits (a link insert would fail its foreign key). */
export async function existingProducts(conn: Conn, ctx: WriterContext, ids: readonly Id[]): Promise<Set<Id>> {
  if (ids.length === 0) return new Set()
  const r = await rows(
    conn,
    `SELECT entity_id FROM ${ctx.schema.t('catalog_product_entity')} WHERE entity_id IN (${ids.map(() => '?').join(', ')}) ORDER BY entity_id LOCK IN SHARE MODE`,
    ids,
  )
  return new Set(r.map((x) => idOf(x.entity_id) ?? '0'))
}

/** Random price in 1.00 … 250.99. */
export const randomPrice = (rng: Rng): Units => units(rng.int(1, 250)) + rng.int(0, 99) * 100

/** What the admin types into the "Add Product" form. */
export interface ProductDraft {
  n: number
  sku: string
  name: string
  price: Units
  weight: Units
  qty: number
  values: Record<string, string | undefined>
  at: string
  withCategories: number
}

/** A new product's form values (SKU W<seed>-P<n>), drawn in adminCreateProduct's order. */
export function draftProduct(ctx: WriterContext, model: CatalogModel, rng: Rng): ProductDraft {
  const n = ++ctx.seq.n
  const name = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${rng.hex(4)}`
  const sku = `W${ctx.seed}-P${n}`
  const p = randomPrice(rng)
  const weight = units(rng.int(0, 20)) + rng.int(0, 9) * 1000
  const qty = rng.int(0, 500)
  const values: Record<string, string | undefined> = {
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
  return { n, sku, name, price: p, weight, qty, values, at, withCategories: rng.int(0, 2) }
}

/**
 * The resource part of a new product's save (Mage_Catalog_Model_Resource_Product): the entity row,
 * the posted non-empty store-0 values, then _afterSave's website assignment and category links
 * (_saveCategories: position 1). Type structures, options and the stock item follow in the caller.
 */
export async function insertProductEntity(
  conn: Conn,
  ctx: WriterContext,
  model: CatalogModel,
  d: ProductDraft,
  typeId: string,
  flags: { hasOptions: boolean; requiredOptions: boolean },
  rng: Rng,
): Promise<Id> {
  const entityId = await ctx.schema.insert(conn, 'catalog_product_entity', {
    entity_type_id: model.product.typeId,
    attribute_set_id: model.product.defaultSetId,
    type_id: typeId,
    sku: d.sku,
    has_options: flags.hasOptions ? 1 : 0,
    required_options: flags.requiredOptions ? 1 : 0,
    created_at: d.at,
    updated_at: d.at,
  })
  await saveCatalogValues(conn, ctx, model.product, entityId, '0', d.values)
  if (ctx.schema.has('catalog_product_website')) {
    for (const w of model.websiteIds)
      await ctx.schema.insert(conn, 'catalog_product_website', { product_id: entityId, website_id: w })
  }
  if (ctx.schema.has('catalog_category_product') && ctx.schema.has('catalog_category_entity') && d.withCategories > 0) {
    const cats = (
      await rows(
        conn,
        `SELECT entity_id FROM ${ctx.schema.t('catalog_category_entity')} WHERE level >= 2 ORDER BY entity_id`,
      )
    ).map((r) => idOf(r.entity_id) ?? '0')
    const chosen = new Set<Id>()
    for (let i = 0; i < d.withCategories && cats.length > 0; i++) chosen.add(rng.pick(cats))
    // Another writer may delete a category meanwhile: only those still there (locked now) get the product.
    const picked = [...chosen].sort()
    const present =
      picked.length === 0
        ? []
        : await rows(
            conn,
            `SELECT entity_id FROM ${ctx.schema.t('catalog_category_entity')} WHERE entity_id IN (${picked.map(() => '?').join(', ')}) ORDER BY entity_id LOCK IN SHARE MODE`,
            picked,
          )
    for (const row of present)
      await ctx.schema.insert(conn, 'catalog_category_product', {
        category_id: idOf(row.entity_id) ?? '0',
        product_id: entityId,
        position: 1,
      })
  }
  return entityId
}

/**
 * Mage_CatalogInventory_Model_Stock_Item as the product form saves it: config defaults, posted qty /
 * is_in_stock. Types without qty (configurable, bundle: Helper::isQty false) keep qty 0, the posted
 * is_in_stock and no low_stock_date.
 */
export async function insertStockItem(
  conn: Conn,
  ctx: WriterContext,
  model: CatalogModel,
  productId: Id,
  qty: number,
  at: string,
  composite = false,
): Promise<void> {
  await ctx.schema.insert(conn, 'cataloginventory_stock_item', {
    product_id: productId,
    stock_id: model.stockId ?? '1',
    qty: dec(units(composite ? 0 : qty)),
    min_qty: '0.0000',
    use_config_min_qty: 1,
    is_qty_decimal: 0,
    backorders: 0,
    use_config_backorders: 1,
    min_sale_qty: '1.0000',
    use_config_min_sale_qty: 1,
    max_sale_qty: '0.0000',
    use_config_max_sale_qty: 1,
    is_in_stock: composite || qty > 0 ? 1 : 0,
    // verifyNotification(): qty below notify_stock_qty (config default 1) sets low_stock_date.
    low_stock_date: !composite && qty < 1 ? at : null,
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

/** The entity row of a product save (_processSaveData updates it before any value or afterSave write). */
export async function touchProduct(
  conn: Conn,
  ctx: WriterContext,
  id: Id,
  at: string,
  set: Record<string, number> = {},
): Promise<void> {
  await ctx.schema.update(conn, 'catalog_product_entity', { ...set, updated_at: at }, 'entity_id = ?', [id])
}

/**
 * Mage_Catalog_Model_Resource_Product_Relation::processRelations: the parent's child ids replace the
 * old ones (new pairs in one multi-row INSERT, gone ones in one DELETE).
 */
export async function processRelations(
  conn: Conn,
  ctx: WriterContext,
  parentId: Id,
  childIds: readonly Id[],
): Promise<void> {
  if (!ctx.schema.has('catalog_product_relation')) return
  const t = ctx.schema.t('catalog_product_relation')
  const old = (await rows(conn, `SELECT child_id FROM ${t} WHERE parent_id = ?`, [parentId])).map(
    (r) => idOf(r.child_id) ?? '0',
  )
  const insert = childIds.filter((c) => !old.includes(c))
  const gone = old.filter((c) => !childIds.includes(c))
  if (insert.length > 0) {
    await exec(
      conn,
      `INSERT INTO ${t} (parent_id, child_id) VALUES ${insert.map(() => '(?, ?)').join(', ')}`,
      insert.flatMap((c) => [parentId, c]),
    )
  }
  if (gone.length > 0)
    await exec(conn, `DELETE FROM ${t} WHERE parent_id = ? AND child_id IN (${gone.map(() => '?').join(', ')})`, [
      parentId,
      ...gone,
    ])
}
