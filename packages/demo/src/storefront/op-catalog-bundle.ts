import { catalogModel, type CatalogModel } from './catalog-model.js'
import {
  draftProduct,
  existingProducts,
  insertProductEntity,
  insertStockItem,
  ownSimples,
  processRelations,
  type ProductDraft,
} from './catalog-product-save.js'
import type { WriterContext } from './context.js'
import { cleanFor } from './customer-eav.js'
import { dec, units } from './money.js'
import type { Rng } from './prng.js'
import { exec } from './sql.js'
import type { Conn, Id, OpOutcome } from './types.js'

const TABLES = [
  'catalog_product_bundle_option',
  'catalog_product_bundle_option_value',
  'catalog_product_bundle_selection',
] as const
const INPUT_TYPES = ['select', 'radio', 'checkbox', 'multi'] as const
const TITLES = ['Choose your mug', 'Zubehör', 'Couleur du thé', 'Extras «Deluxe»', 'おまけ'] as const

interface BundleOption {
  title: string
  type: string
  required: number
  selections: {
    productId: Id
    isDefault: number
    priceType: number
    priceValue: string
    qty: string
    canChangeQty: number
  }[]
}

/**
 * Admin "Add Product" of a bundle in one save (Mage_Bundle_Model_Product_Type): the entity
 * (has_options 1, required_options when an option is required), its values (sku_type, price_type,
 * weight_type, shipment_type, price_view; price and weight only when fixed), websites and
 * categories, then Type::save — each option (catalog_product_bundle_option, then
 * Resource_Option::_afterSave: its store-0 _value deleted and inserted), each selection of
 * existing simple products this writer created, dropAllUnneededSelections, processRelations —
 * and last the stock item (qty 0, in stock).
 */
export async function adminBundleProduct(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await catalogModel(ctx)
  if (!model || !TABLES.every((t) => ctx.schema.has(t))) return 'skipped'
  const simples = ownSimples(ctx, model)
  if (simples.length === 0) return 'skipped'
  const d = draftProduct(ctx, model, rng)
  const fixedPrice = rng.chance(0.5)
  const fixedWeight = rng.chance(0.4)
  d.values = {
    ...d.values,
    price: fixedPrice ? d.values['price'] : undefined,
    weight: fixedWeight ? d.values['weight'] : undefined,
    sku_type: rng.chance(0.7) ? '0' : '1',
    price_type: fixedPrice ? '1' : '0',
    weight_type: fixedWeight ? '1' : '0',
    shipment_type: '0',
    price_view: rng.chance(0.6) ? '0' : '1',
  }
  const options: BundleOption[] = []
  for (let i = rng.int(1, 2); i > 0; i--) {
    const type = rng.pick(INPUT_TYPES)
    const picked = [...new Set(Array.from({ length: rng.int(1, 3) }, () => rng.pick(simples).id))]
    options.push({
      title: rng.pick(TITLES),
      type,
      required: rng.chance(0.7) ? 1 : 0,
      selections: picked.map((productId, k) => ({
        productId,
        isDefault: k === 0 && rng.chance(0.5) ? 1 : 0,
        priceType: 0,
        priceValue: fixedPrice ? dec(units(rng.int(0, 20))) : '0.0000',
        qty: dec(units(rng.chance(0.8) ? 1 : rng.int(2, 4))),
        canChangeQty: type === 'select' || type === 'radio' ? (rng.chance(0.3) ? 1 : 0) : 0,
      })),
    })
  }
  const id = await ctx.tx.run(rng.uint32(), (conn, txRng) => saveBundle(conn, ctx, model, d, options, txRng))
  if (id === null) return 'skipped'
  model.ownComposites.push(id)
  return 'done'
}

async function saveBundle(
  conn: Conn,
  ctx: WriterContext,
  model: CatalogModel,
  d: ProductDraft,
  draft: readonly BundleOption[],
  rng: Rng,
): Promise<Id | null> {
  const s = ctx.schema
  // Selections of products another writer deleted meanwhile are not posted; nor are options left empty.
  const alive = await existingProducts(conn, ctx, [
    ...new Set(draft.flatMap((o) => o.selections.map((x) => x.productId))),
  ])
  const options = draft
    .map((o) => ({ ...o, selections: o.selections.filter((x) => alive.has(x.productId)) }))
    .filter((o) => o.selections.length > 0)
  if (options.length === 0) return null
  const id = await insertProductEntity(
    conn,
    ctx,
    model,
    d,
    'bundle',
    { hasOptions: true, requiredOptions: options.some((o) => o.required === 1) },
    rng,
  )
  const optionIds: Id[] = []
  for (const [position, o] of options.entries()) {
    const optionId = await s.insert(conn, 'catalog_product_bundle_option', {
      parent_id: id,
      required: o.required,
      position: position + 1,
      type: o.type,
    })
    await exec(
      conn,
      `DELETE FROM ${s.t('catalog_product_bundle_option_value')} WHERE option_id = ? AND (store_id = ? OR store_id = 0)`,
      [optionId, 0],
    )
    await s.insert(conn, 'catalog_product_bundle_option_value', {
      option_id: optionId,
      store_id: 0,
      title: cleanFor(ctx, 'catalog_product_bundle_option_value', 'title', o.title),
    })
    optionIds.push(optionId)
  }
  const selectionIds: Id[] = []
  const used: Id[] = []
  for (const [i, o] of options.entries()) {
    for (const [position, x] of o.selections.entries()) {
      selectionIds.push(
        await s.insert(conn, 'catalog_product_bundle_selection', {
          option_id: optionIds[i] ?? '0',
          parent_product_id: id,
          product_id: x.productId,
          position: position + 1,
          is_default: x.isDefault,
          selection_price_type: x.priceType,
          selection_price_value: x.priceValue,
          selection_qty: x.qty,
          selection_can_change_qty: x.canChangeQty,
        }),
      )
      if (!used.includes(x.productId)) used.push(x.productId)
    }
  }
  await exec(
    conn,
    `DELETE FROM ${s.t('catalog_product_bundle_selection')} WHERE parent_product_id = ? AND selection_id NOT IN (${selectionIds.map(() => '?').join(', ')})`,
    [id, ...selectionIds],
  )
  await processRelations(conn, ctx, id, used)
  if (model.stockId !== null && s.has('cataloginventory_stock_item'))
    await insertStockItem(conn, ctx, model, id, 0, d.at, true)
  return id
}
