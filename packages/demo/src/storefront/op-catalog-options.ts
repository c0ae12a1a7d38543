import { catalogModel } from './catalog-model.js'
import { lockProduct, ownSimples, touchProduct } from './catalog-product-save.js'
import type { WriterContext } from './context.js'
import { cleanFor } from './customer-eav.js'
import { dec, units } from './money.js'
import type { Rng } from './prng.js'
import { exec, idOf, rows } from './sql.js'
import type { Conn, Id, OpOutcome } from './types.js'

/** Mage_Catalog_Model_Product_Option types the writer posts: text group and select group. */
const TEXT_TYPES = ['field', 'area'] as const
const SELECT_TYPES = ['drop_down', 'radio'] as const
const TITLES = ['Gravur / Engraving', 'Gift wrap', 'Größe', 'Couleur', 'Monogram "AB"', '名入れ'] as const
const VALUES = ['Small', 'Medium', 'Large', 'Rot', 'Bleu', 'Ørsted green'] as const
const OPTION_TABLES = [
  'catalog_product_option',
  'catalog_product_option_title',
  'catalog_product_option_price',
  'catalog_product_option_type_value',
  'catalog_product_option_type_title',
  'catalog_product_option_type_price',
] as const

interface OptionRow {
  id: Id
  type: string
  isRequire: number
}

/**
 * Admin product form, Custom Options tab, one save each (Mage_Catalog_Model_Product_Option::saveOptions):
 * add an option (text: _price then _title rows of store 0; select: _title, then per value
 * _type_value, _type_price, _type_title), change a title (store 0, or a store view's own title
 * when saved in that view's scope) or a price, or delete one the way Option::saveOptions does
 * (value prices and titles, values, prices, titles, the option). _beforeSave first sets the
 * entity's has_options / required_options from the options the form posts.
 */
export async function adminCustomOptions(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await catalogModel(ctx)
  if (!model || !OPTION_TABLES.every((t) => ctx.schema.has(t))) return 'skipped'
  const list = ownSimples(ctx, model)
  if (list.length === 0) return 'skipped'
  const withOptions = productsWithOptions(ctx)
  const roll = rng.int(0, 9) // 0-3 add, 4-5 title, 6-7 price, 8-9 delete
  // Edits and deletes go to a product that has options (adding to any).
  const candidates = roll <= 3 ? list : list.filter((p) => withOptions.has(p.id))
  const info = rng.pick(candidates.length > 0 ? candidates : list)
  const at = ctx.clock.tick(rng, 600)
  const left = await ctx.tx.run(rng.uint32(), async (conn, txRng): Promise<number | null> => {
    if (!(await lockProduct(conn, ctx, info.id))) return null
    const options = (
      await rows(
        conn,
        `SELECT option_id, type, is_require FROM ${ctx.schema.t('catalog_product_option')} WHERE product_id = ? ORDER BY sort_order, option_id`,
        [info.id],
      )
    ).map((r): OptionRow => ({ id: idOf(r.option_id) ?? '0', type: String(r.type), isRequire: Number(r.is_require) }))
    if (roll <= 3 || options.length === 0) {
      const select = txRng.chance(0.5)
      const type = select ? txRng.pick(SELECT_TYPES) : txRng.pick(TEXT_TYPES)
      const isRequire = txRng.chance(0.4) ? 1 : 0
      await touchProduct(conn, ctx, info.id, at, flags([...options, { id: '0', type, isRequire }]))
      // Saved in a store view's scope, the titles go to store 0 (none yet) and to that view.
      const storeId = model.allStoreViews.length > 0 && txRng.chance(0.3) ? txRng.pick(model.allStoreViews) : '0'
      await addOption(conn, ctx, info.id, info.sku, { type, isRequire, sortOrder: options.length + 1, storeId }, txRng)
      return options.length + 1
    }
    const target = txRng.pick(options)
    if (roll >= 8) {
      await touchProduct(conn, ctx, info.id, at, flags(options.filter((o) => o.id !== target.id)))
      await deleteOption(conn, ctx, target.id)
      return options.length - 1
    }
    await touchProduct(conn, ctx, info.id, at, flags(options))
    if (roll >= 6) await editPrice(conn, ctx, target, txRng)
    else
      await editTitle(
        conn,
        ctx,
        target,
        model.allStoreViews.length > 0 && txRng.chance(0.5) ? txRng.pick(model.allStoreViews) : '0',
        txRng,
      )
    return options.length
  })
  if (left === null) return 'skipped'
  if (left > 0) withOptions.add(info.id)
  else withOptions.delete(info.id)
  return 'done'
}

const optioned = new WeakMap<WriterContext, Set<Id>>()

/** Products this writer gave custom options (and has not emptied again). */
function productsWithOptions(ctx: WriterContext): Set<Id> {
  let set = optioned.get(ctx)
  if (!set) optioned.set(ctx, (set = new Set()))
  return set
}

/** Product::_beforeSave: has_options when any option stays, required_options when one of them is required. */
const flags = (options: readonly OptionRow[]): Record<string, number> => ({
  has_options: options.length > 0 ? 1 : 0,
  required_options: options.some((o) => o.isRequire === 1) ? 1 : 0,
})

const optionPrice = (rng: Rng): { price: string; price_type: string } =>
  rng.chance(0.2)
    ? { price: dec(units(rng.int(5, 25))), price_type: 'percent' }
    : { price: dec(units(rng.int(0, 30)) + rng.int(0, 3) * 2500), price_type: 'fixed' }

async function addOption(
  conn: Conn,
  ctx: WriterContext,
  productId: Id,
  sku: string,
  o: { type: string; isRequire: number; sortOrder: number; storeId: Id },
  rng: Rng,
): Promise<void> {
  const s = ctx.schema
  const text = (TEXT_TYPES as readonly string[]).includes(o.type)
  const optionId = await s.insert(conn, 'catalog_product_option', {
    product_id: productId,
    type: o.type,
    is_require: o.isRequire,
    sku: text && rng.chance(0.5) ? `${sku}-${o.type}` : null,
    max_characters: text ? rng.pick([0, 20, 255]) : null,
    file_extension: null,
    image_size_x: null,
    image_size_y: null,
    sort_order: o.sortOrder,
  })
  // Resource_Product_Option::_afterSave: _saveValuePrices (price types only), then _saveValueTitles.
  if (text)
    await s.insert(conn, 'catalog_product_option_price', { option_id: optionId, store_id: 0, ...optionPrice(rng) })
  const title = cleanFor(ctx, 'catalog_product_option_title', 'title', rng.pick(TITLES))
  for (const store of titleStores(o.storeId))
    await s.insert(conn, 'catalog_product_option_title', { option_id: optionId, store_id: store, title })
  if (text) return
  const values = [...new Set(Array.from({ length: rng.int(2, 4) }, () => rng.pick(VALUES)))]
  for (const [i, label] of values.entries()) {
    const typeId = await s.insert(conn, 'catalog_product_option_type_value', {
      option_id: optionId,
      sku: rng.chance(0.5) ? `${sku}-${i + 1}` : null,
      sort_order: i + 1,
    })
    await s.insert(conn, 'catalog_product_option_type_price', {
      option_type_id: typeId,
      store_id: 0,
      ...optionPrice(rng),
    })
    for (const store of titleStores(o.storeId))
      await s.insert(conn, 'catalog_product_option_type_title', {
        option_type_id: typeId,
        store_id: store,
        title: label,
      })
  }
}

/** _saveValueTitles of a new option or value: the store-0 title, then the saving view's own. */
const titleStores = (storeId: Id): Id[] => (storeId === '0' ? ['0'] : ['0', storeId])

/** _saveValueTitles: store 0 updates the default title; a store view inserts or updates its own. */
async function editTitle(conn: Conn, ctx: WriterContext, o: OptionRow, storeId: Id, rng: Rng): Promise<void> {
  const s = ctx.schema
  const title =
    storeId === '0' ? `${rng.pick(TITLES)} (${rng.hex(3)})` : `${rng.pick(TITLES)} [${storeId}] (${rng.hex(3)})`
  const write = async (
    table: 'catalog_product_option_title' | 'catalog_product_option_type_title',
    key: string,
    id: Id,
    value: string,
  ): Promise<void> => {
    const v = cleanFor(ctx, table, 'title', value)
    const found = await rows(conn, `SELECT ${key} FROM ${s.t(table)} WHERE ${key} = ? AND store_id = ?`, [id, storeId])
    if (found.length > 0)
      await exec(conn, `UPDATE ${s.t(table)} SET title = ? WHERE ${key} = ? AND store_id = ?`, [v, id, storeId])
    else await s.insert(conn, table, { [key]: id, store_id: storeId, title: v })
  }
  await write('catalog_product_option_title', 'option_id', o.id, title)
  if ((SELECT_TYPES as readonly string[]).includes(o.type) && storeId !== '0' && rng.chance(0.5)) {
    const values = await rows(
      conn,
      `SELECT option_type_id FROM ${s.t('catalog_product_option_type_value')} WHERE option_id = ? ORDER BY sort_order, option_type_id`,
      [o.id],
    )
    for (const v of values)
      await write(
        'catalog_product_option_type_title',
        'option_type_id',
        idOf(v.option_type_id) ?? '0',
        `${rng.pick(VALUES)} [${storeId}]`,
      )
  }
}

/** A new price: the option's own (text types) or one value's (select types); price scope global, so store 0. */
async function editPrice(conn: Conn, ctx: WriterContext, o: OptionRow, rng: Rng): Promise<void> {
  const s = ctx.schema
  const p = optionPrice(rng)
  if (!(SELECT_TYPES as readonly string[]).includes(o.type)) {
    await exec(
      conn,
      `UPDATE ${s.t('catalog_product_option_price')} SET price = ?, price_type = ? WHERE option_id = ? AND store_id = 0`,
      [p.price, p.price_type, o.id],
    )
    return
  }
  const values = await rows(
    conn,
    `SELECT option_type_id FROM ${s.t('catalog_product_option_type_value')} WHERE option_id = ? ORDER BY option_type_id`,
    [o.id],
  )
  if (values.length === 0) return
  const typeId = idOf(rng.pick(values).option_type_id) ?? '0'
  await exec(
    conn,
    `UPDATE ${s.t('catalog_product_option_type_price')} SET price = ?, price_type = ? WHERE option_type_id = ? AND store_id = 0`,
    [p.price, p.price_type, typeId],
  )
}

/** Option::saveOptions with is_delete: Value::deleteValue (each value's prices and titles, then the values), deletePrices, deleteTitles, delete. */
async function deleteOption(conn: Conn, ctx: WriterContext, optionId: Id): Promise<void> {
  const s = ctx.schema
  const values = await rows(
    conn,
    `SELECT option_type_id FROM ${s.t('catalog_product_option_type_value')} WHERE option_id = ? ORDER BY option_type_id`,
    [optionId],
  )
  for (const v of values) {
    const id = idOf(v.option_type_id) ?? '0'
    await exec(conn, `DELETE FROM ${s.t('catalog_product_option_type_price')} WHERE option_type_id = ?`, [id])
    await exec(conn, `DELETE FROM ${s.t('catalog_product_option_type_title')} WHERE option_type_id = ?`, [id])
  }
  await exec(conn, `DELETE FROM ${s.t('catalog_product_option_type_value')} WHERE option_id = ?`, [optionId])
  await exec(conn, `DELETE FROM ${s.t('catalog_product_option_price')} WHERE option_id = ?`, [optionId])
  await exec(conn, `DELETE FROM ${s.t('catalog_product_option_title')} WHERE option_id = ?`, [optionId])
  await exec(conn, `DELETE FROM ${s.t('catalog_product_option')} WHERE option_id = ?`, [optionId])
}
