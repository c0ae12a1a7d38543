import { catalogModel, catalogValue, saveCatalogValues, type CatalogModel } from './catalog-model.js'
import { lockProduct, ownSimples, touchProduct } from './catalog-product-save.js'
import type { WriterContext } from './context.js'
import { cleanFor } from './customer-eav.js'
import type { Rng } from './prng.js'
import { exec, idOf, rows, str } from './sql.js'
import type { Conn, Id, OpOutcome } from './types.js'

const LABELS = ['Front view', 'Detail — Nahaufnahme', 'Côté', 'Back "rear"', '東京 style', null] as const
const IMAGE_ROLES = ['image', 'small_image', 'thumbnail'] as const
/** What the admin form posts for "no image" (Mage_Catalog_Model_Product_Attribute_Backend_Media). */
const NO_SELECTION = 'no_selection'

interface GalleryImage {
  valueId: Id
  file: string
  label: string | null
  position: number
  disabled: number
}

/**
 * Admin product form, Images tab (Mage_Catalog_Model_Product_Attribute_Backend_Media), one save each:
 * upload an image (catalog_product_entity_media_gallery row, the first one becomes image /
 * small_image / thumbnail), change one image's label, position or "Exclude", label it in a store
 * view, or remove one (its gallery row deleted, the _value rows go by ON DELETE CASCADE). Every save
 * posts the whole gallery: afterSave rewrites each kept image's _value row of the saved store
 * (deleteGalleryValueInStore + insertGalleryValueInStore) before deleting the removed ones.
 */
export async function adminProductImages(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await catalogModel(ctx)
  const s = ctx.schema
  const gallery = model?.product.attrs.get('media_gallery')
  if (
    !model ||
    !gallery ||
    !s.has('catalog_product_entity_media_gallery') ||
    !s.has('catalog_product_entity_media_gallery_value')
  )
    return 'skipped'
  const list = ownSimples(ctx, model)
  if (list.length === 0) return 'skipped'
  const imaged = withImages(ctx)
  const roll = rng.int(0, 9) // 0-3 upload, 4-5 edit, 6-7 store-view label, 8-9 remove
  // The merchant edits images of a product that has some (uploading to any).
  const candidates = roll <= 3 ? list : list.filter((p) => imaged.has(p.id))
  const info = rng.pick(candidates.length > 0 ? candidates : list)
  const label = rng.pick(LABELS)
  const file = `${info.sku.toLowerCase()}-${rng.hex(4)}.jpg`
  const at = ctx.clock.tick(rng, 600)
  const left = await ctx.tx.run(rng.uint32(), async (conn, txRng): Promise<number | null> => {
    if (!(await lockProduct(conn, ctx, info.id))) return null
    const images = await loadGallery(conn, ctx, gallery.id, info.id, '0')
    const views = model.allStoreViews
    if (roll <= 3 || images.length === 0) {
      await upload(conn, ctx, model, gallery.id, info.id, images, { file: `/${file[0]}/${file[1]}/${file}`, label }, at)
      return images.length + 1
    }
    const target = txRng.pick(images)
    if ((roll === 6 || roll === 7) && views.length > 0) {
      const store = txRng.pick(views)
      const inStore = await loadGallery(conn, ctx, gallery.id, info.id, store)
      await touchProduct(conn, ctx, info.id, at)
      await rewriteValues(
        conn,
        ctx,
        store,
        inStore.map((img) =>
          img.valueId === target.valueId ? { ...img, label: label ?? `${target.label ?? 'Bild'} (${store})` } : img,
        ),
      )
      return images.length
    }
    if (roll >= 8) {
      await touchProduct(conn, ctx, info.id, at)
      // A removed image can no longer be a role: the form posts no_selection for it.
      const cleared: Record<string, string> = {}
      for (const role of IMAGE_ROLES)
        if ((await catalogValue(conn, ctx, model.product, info.id, role, '0')) === target.file)
          cleared[role] = NO_SELECTION
      await saveCatalogValues(conn, ctx, model.product, info.id, '0', cleared)
      await rewriteValues(
        conn,
        ctx,
        '0',
        images.filter((img) => img.valueId !== target.valueId),
      )
      await exec(conn, `DELETE FROM ${s.t('catalog_product_entity_media_gallery')} WHERE value_id IN (?)`, [
        target.valueId,
      ])
      return images.length - 1
    }
    const change = txRng.int(0, 2)
    const edited: GalleryImage = {
      ...target,
      label: change === 0 ? label : target.label,
      position: change === 1 ? txRng.int(1, images.length + 3) : target.position,
      disabled: change === 2 ? 1 - target.disabled : target.disabled,
    }
    await touchProduct(conn, ctx, info.id, at)
    await rewriteValues(
      conn,
      ctx,
      '0',
      images.map((img) => (img.valueId === target.valueId ? edited : img)),
    )
    return images.length
  })
  if (left === null) return 'skipped'
  if (left > 0) imaged.add(info.id)
  else imaged.delete(info.id)
  return 'done'
}

const imagedProducts = new WeakMap<WriterContext, Set<Id>>()

/** Products this writer gave images (and has not emptied again). */
function withImages(ctx: WriterContext): Set<Id> {
  let set = imagedProducts.get(ctx)
  if (!set) imagedProducts.set(ctx, (set = new Set()))
  return set
}

/** A new image: roles it fills go with the entity save (beforeSave), the gallery row and every _value row after it. */
async function upload(
  conn: Conn,
  ctx: WriterContext,
  model: CatalogModel,
  attributeId: Id,
  productId: Id,
  images: GalleryImage[],
  img: { file: string; label: string | null },
  at: string,
): Promise<void> {
  await touchProduct(conn, ctx, productId, at)
  const roles: Record<string, string | undefined> = {}
  for (const role of IMAGE_ROLES) {
    const current = await catalogValue(conn, ctx, model.product, productId, role, '0')
    if (current !== null && current !== NO_SELECTION) continue
    roles[role] = img.file
    if (img.label !== null) roles[`${role}_label`] = img.label
  }
  await saveCatalogValues(conn, ctx, model.product, productId, '0', roles)
  const valueId = await ctx.schema.insert(conn, 'catalog_product_entity_media_gallery', {
    attribute_id: attributeId,
    entity_id: productId,
    value: img.file,
  })
  const position = images.reduce((m, x) => Math.max(m, x.position), 0) + 1
  await rewriteValues(conn, ctx, '0', [...images, { valueId, file: img.file, label: img.label, position, disabled: 0 }])
}

/** afterSave for each posted image at one store: DELETE its _value row of the store, INSERT the posted one. */
async function rewriteValues(
  conn: Conn,
  ctx: WriterContext,
  storeId: Id,
  images: readonly GalleryImage[],
): Promise<void> {
  const t = 'catalog_product_entity_media_gallery_value'
  for (const img of images) {
    await exec(conn, `DELETE FROM ${ctx.schema.t(t)} WHERE value_id = ? AND store_id = ?`, [img.valueId, storeId])
    await ctx.schema.insert(conn, t, {
      value_id: img.valueId,
      label: img.label === null ? null : cleanFor(ctx, t, 'label', img.label),
      position: img.position,
      disabled: img.disabled,
      store_id: storeId,
    })
  }
}

/**
 * Resource_Product_Attribute_Backend_Media::loadGallery: the product's images with the values of
 * `storeId`, falling back to the store-0 ones (what the form shows and posts back).
 */
async function loadGallery(
  conn: Conn,
  ctx: WriterContext,
  attributeId: Id,
  productId: Id,
  storeId: Id,
): Promise<GalleryImage[]> {
  const g = ctx.schema.t('catalog_product_entity_media_gallery')
  const v = ctx.schema.t('catalog_product_entity_media_gallery_value')
  const r = await rows(
    conn,
    `SELECT g.value_id, g.value AS file, COALESCE(s.label, d.label) AS label, COALESCE(s.position, d.position) AS position,
            COALESCE(s.disabled, d.disabled) AS disabled
       FROM ${g} g LEFT JOIN ${v} s ON s.value_id = g.value_id AND s.store_id = ? LEFT JOIN ${v} d ON d.value_id = g.value_id AND d.store_id = 0
      WHERE g.entity_id = ? AND g.attribute_id = ? ORDER BY COALESCE(s.position, d.position), g.value_id`,
    [storeId, productId, attributeId],
  )
  return r.map((x) => ({
    valueId: idOf(x.value_id) ?? '0',
    file: str(x.file) ?? '',
    label: str(x.label),
    position: Number(x.position ?? 0),
    disabled: Number(x.disabled ?? 0),
  }))
}
