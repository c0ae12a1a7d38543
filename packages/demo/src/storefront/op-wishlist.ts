import type { ProductInfo } from './catalog.js'
import { notBefore } from './clock.js'
import { serializeFor, type WriterContext } from './context.js'
import { dropCustomer, lockCustomer, storesOf } from './customer-account.js'
import { cleanFor, customerModel } from './customer-eav.js'
import type { PhpValue } from './php-serialize.js'
import type { Rng } from './prng.js'
import { exec, idOf, rows, str } from './sql.js'
import type { Conn, Id, OpOutcome } from './types.js'

const NOTES = [
  'Für Zoë 🎁 zum Geburtstag',
  'ほしいもの',
  'Size M — or L?',
  'Line one\nLine two',
  "Santa's list \\o/",
] as const

/** Custom options chosen on the product page (Mage_Catalog_Model_Product_Option ids). */
type Options = ReadonlyArray<readonly [optionId: number, value: string]>

interface WishPlan {
  product: ProductInfo & { id: Id }
  qty: number
  options: Options
  buyRequest: Record<string, PhpValue>
}

const qty4 = (n: number): string => n.toFixed(4)

function planItem(rng: Rng, products: readonly (ProductInfo & { id: Id })[], forceOptions = false): WishPlan {
  const product = rng.pick(products)
  const fromProductPage = forceOptions || rng.chance(0.5)
  const qty = fromProductPage && rng.chance(0.4) ? rng.int(2, 4) : 1
  const options: [number, string][] = []
  if (fromProductPage && (forceOptions || rng.chance(0.5))) {
    for (let i = rng.int(1, 2); i > 0; i--) {
      const id = rng.int(1, 50)
      if (!options.some(([o]) => o === id))
        options.push([id, rng.pick(['Gravur: Zoë', '刻印 東京', 'Ørsted ✓', `#${rng.hex(4)}`])])
    }
  }
  // The list's "Add to Wishlist" link posts only the product; the product page posts its form.
  const buyRequest: Record<string, PhpValue> = fromProductPage
    ? {
        ...(rng.chance(0.5)
          ? {
              uenc: Buffer.from(`http://shop.example.com/catalog/product/view/id/${product.id}/`)
                .toString('base64')
                .replace(/=+$/, ''),
            }
          : {}),
        product: product.id,
        related_product: '',
        ...(options.length > 0 ? { options: new Map<number, PhpValue>(options.map(([o, v]) => [o, v])) } : {}),
        qty: String(qty),
      }
    : { product: product.id }
  return { product, qty, options, buyRequest }
}

/** Mage_Catalog_Model_Product_Type_Abstract::_prepareProduct(): the item's custom options. */
function optionRows(ctx: WriterContext, plan: WishPlan): { code: string; value: string }[] {
  const out = [{ code: 'info_buyRequest', value: serializeFor(ctx, 'wishlist_item_option', 'value', plan.buyRequest) }]
  if (plan.options.length > 0) {
    out.push({ code: 'option_ids', value: plan.options.map(([o]) => o).join(',') })
    for (const [o, v] of plan.options)
      out.push({ code: `option_${o}`, value: cleanFor(ctx, 'wishlist_item_option', 'value', v) })
  }
  return out
}

async function insertItem(
  conn: Conn,
  ctx: WriterContext,
  wishlistId: Id,
  storeId: Id,
  plan: WishPlan,
  at: string,
): Promise<Id> {
  const itemId = await ctx.schema.insert(conn, 'wishlist_item', {
    wishlist_id: wishlistId,
    product_id: plan.product.id,
    store_id: storeId,
    added_at: at,
    qty: qty4(plan.qty),
  })
  // Mage_Wishlist_Model_Item::_saveItemOptions(): one save (INSERT) per option.
  for (const o of optionRows(ctx, plan)) {
    await ctx.schema.insert(conn, 'wishlist_item_option', {
      wishlist_item_id: itemId,
      product_id: plan.product.id,
      code: o.code,
      value: o.value,
    })
  }
  return itemId
}

interface WishlistRow {
  id: Id
  customerId: Id
  shared: number
  sharingCode: string | null
  updatedAt: string | null
}

async function lockWishlist(conn: Conn, ctx: WriterContext, customerId: Id): Promise<WishlistRow | null> {
  const r = (
    await rows(
      conn,
      `SELECT wishlist_id, shared, sharing_code, CAST(updated_at AS CHAR) AS updated_at FROM ${ctx.schema.t('wishlist')} WHERE customer_id = ? FOR UPDATE`,
      [customerId],
    )
  )[0]
  if (!r) return null
  return {
    id: idOf(r.wishlist_id) ?? '0',
    customerId,
    shared: Number(r.shared),
    sharingCode: str(r.sharing_code),
    updatedAt: str(r.updated_at),
  }
}

/** $wishlist->save(): every column back, updated_at from _beforeSave(). */
async function saveWishlist(conn: Conn, ctx: WriterContext, w: WishlistRow, at: string): Promise<void> {
  await ctx.schema.update(
    conn,
    'wishlist',
    {
      customer_id: w.customerId,
      shared: w.shared,
      sharing_code: w.sharingCode,
      updated_at: notBefore(at, w.updatedAt),
    },
    'wishlist_id = ?',
    [w.id],
  )
}

interface ItemRow {
  id: Id
  wishlistId: Id
  productId: Id
  storeId: Id | null
  addedAt: string | null
  description: string | null
  qty: number
}

const ITEM_COLUMNS =
  'wishlist_item_id, wishlist_id, product_id, store_id, CAST(added_at AS CHAR) AS added_at, description, qty'

function itemOf(r: Record<string, unknown>): ItemRow {
  return {
    id: idOf(r.wishlist_item_id) ?? '0',
    wishlistId: idOf(r.wishlist_id) ?? '0',
    productId: idOf(r.product_id) ?? '0',
    storeId: idOf(r.store_id),
    addedAt: str(r.added_at),
    description: str(r.description),
    qty: Number(r.qty),
  }
}

/** Mage_Core_Model_Resource_Db_Abstract::save of a loaded item: all columns written back. */
async function saveItem(conn: Conn, ctx: WriterContext, item: ItemRow): Promise<void> {
  await ctx.schema.update(
    conn,
    'wishlist_item',
    {
      wishlist_id: item.wishlistId,
      product_id: item.productId,
      store_id: item.storeId,
      added_at: item.addedAt,
      description: item.description,
      qty: qty4(item.qty),
    },
    'wishlist_item_id = ?',
    [item.id],
  )
}

/** Option rows of an item, info_buyRequest left out (Item::$_notRepresentOptions). */
async function itemOptions(
  conn: Conn,
  ctx: WriterContext,
  itemId: Id,
): Promise<{ code: string; value: string | null }[]> {
  return (
    await rows(
      conn,
      `SELECT code, value FROM ${ctx.schema.t('wishlist_item_option')} WHERE wishlist_item_id = ? AND code != 'info_buyRequest' ORDER BY option_id`,
      [itemId],
    )
  ).map((o) => ({ code: String(o.code), value: str(o.value) }))
}

/** Item::representProduct(): the same option codes and values, info_buyRequest not compared. */
function sameOptionSet(
  stored: readonly { code: string; value: string | null }[],
  planned: readonly { code: string; value: string }[],
): boolean {
  const wanted = planned.filter((o) => o.code !== 'info_buyRequest')
  return (
    stored.length === wanted.length && wanted.every((o) => stored.some((x) => x.code === o.code && x.value === o.value))
  )
}

const sellable = (ctx: WriterContext): (ProductInfo & { id: Id })[] =>
  ctx.products.filter((p): p is ProductInfo & { id: Id } => p.id !== null)

/**
 * "Add to Wishlist" (wishlist/index/add): the customer's wishlist is created on first use
 * (random sharing_code), then Wishlist::_addCatalogProduct(): an item that represents the same
 * product and custom options (info_buyRequest is not compared) gets the qty added, else a new item
 * with its option rows; finally the wishlist is saved (updated_at).
 */
export async function addToWishlist(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await customerModel(ctx)
  const products = sellable(ctx)
  if (!model?.wishlist || ctx.customers.length === 0 || products.length === 0) return 'skipped'
  const info = rng.pick(ctx.customers)
  const store = rng.pick(storesOf(ctx, info.websiteId))
  const plan = planItem(rng, products)
  // Mage_Core_Helper_Data::uniqHash(): md5 — 32 hex.
  const sharingCode = rng.hex(32)
  const at = ctx.clock.tick(rng, 600)

  const done = await ctx.tx.run(rng.uint32(), async (conn) => {
    const c = await lockCustomer(conn, ctx, info.id)
    if (!c) return false
    let w = await lockWishlist(conn, ctx, c.id)
    if (!w) {
      const id = await ctx.schema.insert(conn, 'wishlist', {
        customer_id: c.id,
        sharing_code: sharingCode,
        updated_at: at,
      })
      w = { id, customerId: c.id, shared: 0, sharingCode, updatedAt: null }
    }
    const same = await rows(
      conn,
      `SELECT ${ITEM_COLUMNS} FROM ${ctx.schema.t('wishlist_item')} WHERE wishlist_id = ? AND product_id = ? ORDER BY wishlist_item_id FOR UPDATE`,
      [w.id, plan.product.id],
    )
    const wanted = optionRows(ctx, plan)
    let existing: ItemRow | null = null
    for (const r of same) {
      const item = itemOf(r)
      if (sameOptionSet(await itemOptions(conn, ctx, item.id), wanted)) {
        existing = item
        break
      }
    }
    if (existing) await saveItem(conn, ctx, { ...existing, qty: existing.qty + plan.qty })
    else await insertItem(conn, ctx, w.id, store.storeId, plan, at)
    await saveWishlist(conn, ctx, w, at)
    return true
  })
  if (!done) dropCustomer(ctx, model, info.id)
  return done ? 'done' : 'skipped'
}

/** Items in the wishlists of this writer's known customers (read before the request). */
async function itemCandidates(ctx: WriterContext): Promise<{ id: Id; customerId: Id }[]> {
  if (ctx.customers.length === 0) return []
  const ids = ctx.customers.map((c) => c.id)
  return ctx.tx.withConn(async (conn) =>
    (
      await rows(
        conn,
        `SELECT i.wishlist_item_id, w.customer_id FROM ${ctx.schema.t('wishlist_item')} i
           JOIN ${ctx.schema.t('wishlist')} w ON w.wishlist_id = i.wishlist_id
          WHERE w.customer_id IN (${ids.map(() => '?').join(', ')}) ORDER BY i.wishlist_item_id`,
        ids,
      )
    ).map((r) => ({ id: idOf(r.wishlist_item_id) ?? '0', customerId: idOf(r.customer_id) ?? '0' })),
  )
}

async function lockItem(conn: Conn, ctx: WriterContext, itemId: Id, wishlistId: Id): Promise<ItemRow | null> {
  const r = (
    await rows(
      conn,
      `SELECT ${ITEM_COLUMNS} FROM ${ctx.schema.t('wishlist_item')} WHERE wishlist_item_id = ? AND wishlist_id = ? FOR UPDATE`,
      [itemId, wishlistId],
    )
  )[0]
  return r ? itemOf(r) : null
}

/** "Remove item" (wishlist/index/remove): DELETE the item (its options cascade), save the wishlist. */
export async function removeFromWishlist(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await customerModel(ctx)
  if (!model?.wishlist) return 'skipped'
  const candidates = await itemCandidates(ctx)
  if (candidates.length === 0) return 'skipped'
  const pick = rng.pick(candidates)
  const at = ctx.clock.tick(rng, 600)
  const done = await ctx.tx.run(rng.uint32(), async (conn) => {
    const c = await lockCustomer(conn, ctx, pick.customerId)
    if (!c) return null
    const w = await lockWishlist(conn, ctx, c.id)
    if (!w || !(await lockItem(conn, ctx, pick.id, w.id))) return false
    await exec(conn, `DELETE FROM ${ctx.schema.t('wishlist_item')} WHERE wishlist_item_id = ?`, [pick.id])
    await saveWishlist(conn, ctx, w, at)
    return true
  })
  if (done === null) dropCustomer(ctx, model, pick.customerId)
  return done ? 'done' : 'skipped'
}

/**
 * Change a wishlist item, two ways:
 * - the wishlist page's "Update Wish List" (wishlist/index/update): qty and/or comment, the item
 *   row saved in place, then the wishlist;
 * - "Edit" → product page → "Update Wishlist" with other custom options
 *   (Wishlist::updateItem()): the new configuration no longer represents the item, so Magento 1
 *   adds a new item with a new info_buyRequest and option rows, copies the comment to it, saves
 *   the wishlist and deletes the old item (its options cascade).
 */
export async function updateWishlistItem(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await customerModel(ctx)
  if (!model?.wishlist) return 'skipped'
  const candidates = await itemCandidates(ctx)
  if (candidates.length === 0) return 'skipped'
  const pick = rng.pick(candidates)
  const reconfigure = rng.chance(0.35)
  const newQty = rng.int(1, 5)
  const note = rng.chance(0.7) ? rng.pick(NOTES) : null
  const at = ctx.clock.tick(rng, 600)

  const done = await ctx.tx.run(rng.uint32(), async (conn, txRng) => {
    const c = await lockCustomer(conn, ctx, pick.customerId)
    if (!c) return null
    const w = await lockWishlist(conn, ctx, c.id)
    const item = w ? await lockItem(conn, ctx, pick.id, w.id) : null
    if (!w || !item) return false
    const product = sellable(ctx).find((p) => p.id === item.productId) ?? {
      id: item.productId,
      sku: '',
      name: '',
      price: 0,
      weight: 0,
      typeId: 'simple',
    }
    const plan = reconfigure ? planItem(txRng, [product], true) : null
    // The same options still represent the item: Magento only sets its qty (as the page update does).
    const sameOptions = plan !== null && sameOptionSet(await itemOptions(conn, ctx, item.id), optionRows(ctx, plan))
    if (!plan || sameOptions) {
      const description = note === null || plan ? item.description : cleanFor(ctx, 'wishlist_item', 'description', note)
      const qty = newQty === item.qty && description === item.description ? item.qty + 1 : newQty
      await saveItem(conn, ctx, { ...item, description, qty })
      await saveWishlist(conn, ctx, w, at)
      return true
    }
    const newId = await insertItem(
      conn,
      ctx,
      w.id,
      item.storeId ?? '0',
      { ...plan, qty: newQty, buyRequest: { id: item.id, ...plan.buyRequest, qty: String(newQty) } },
      at,
    )
    if (item.description !== null) {
      const fresh = (
        await rows(conn, `SELECT ${ITEM_COLUMNS} FROM ${ctx.schema.t('wishlist_item')} WHERE wishlist_item_id = ?`, [
          newId,
        ])
      )[0]
      if (fresh) await saveItem(conn, ctx, { ...itemOf(fresh), description: item.description })
    }
    await saveWishlist(conn, ctx, w, at)
    await exec(conn, `DELETE FROM ${ctx.schema.t('wishlist_item')} WHERE wishlist_item_id = ?`, [item.id])
    return true
  })
  if (done === null) dropCustomer(ctx, model, pick.customerId)
  return done ? 'done' : 'skipped'
}
