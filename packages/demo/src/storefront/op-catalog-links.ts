import { catalogModel } from './catalog-model.js'
import { existingProducts, lockProduct, ownSimples, touchProduct } from './catalog-product-save.js'
import type { WriterContext } from './context.js'
import type { Rng } from './prng.js'
import { exec, idOf, rows, str } from './sql.js'
import type { Conn, Id, OpOutcome } from './types.js'

/** The product form's link tabs (Related Products, Up-sells, Cross-sells) by catalog_product_link_type.code. */
const TAB_CODES = ['relation', 'up_sell', 'cross_sell'] as const

interface LinkType {
  id: Id
  /** catalog_product_link_attribute rows of the type: code, id, value table (by data_type). */
  attributes: { code: string; id: Id; table: string }[]
}

const linkTypes = new WeakMap<WriterContext, Promise<LinkType[]>>()

/** The link types of the three tabs and their attributes, read once per writer (ids never hard-coded). */
function loadLinkTypes(ctx: WriterContext): Promise<LinkType[]> {
  let p = linkTypes.get(ctx)
  if (!p) {
    p = ctx.tx.withConn(async (conn) => {
      const s = ctx.schema
      if (!s.has('catalog_product_link') || !s.has('catalog_product_link_type')) return []
      const out: LinkType[] = []
      for (const code of TAB_CODES) {
        const id = idOf(
          (await rows(conn, `SELECT link_type_id FROM ${s.t('catalog_product_link_type')} WHERE code = ?`, [code]))[0]
            ?.link_type_id,
        )
        if (id === null) continue
        const attrs = s.has('catalog_product_link_attribute')
          ? await rows(
              conn,
              `SELECT product_link_attribute_id, product_link_attribute_code, data_type FROM ${s.t('catalog_product_link_attribute')} WHERE link_type_id = ? ORDER BY product_link_attribute_id`,
              [id],
            )
          : []
        out.push({
          id,
          attributes: attrs
            .map((a) => ({
              code: str(a.product_link_attribute_code) ?? '',
              id: idOf(a.product_link_attribute_id) ?? '0',
              table: `catalog_product_link_attribute_${str(a.data_type) ?? ''}`,
            }))
            .filter((a) => s.has(a.table)),
        })
      }
      return out
    })
    linkTypes.set(ctx, p)
  }
  return p
}

/**
 * Admin product form, one link tab posted (Mage_Catalog_Model_Resource_Product_Link::saveProductLinks):
 * the posted set of linked products replaces the old one — links no longer posted deleted by
 * link_id, new ones inserted, and for every posted link its attribute values (position)
 * INSERT … ON DUPLICATE KEY UPDATE value. Links go between products this writer created.
 */
export async function adminProductLinks(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await catalogModel(ctx)
  const types = await loadLinkTypes(ctx)
  if (!model || types.length === 0) return 'skipped'
  const list = ownSimples(ctx, model)
  if (list.length < 2) return 'skipped'
  const info = rng.pick(list)
  const type = rng.pick(types)
  const others = list.filter((p) => p.id !== info.id).map((p) => p.id)
  const adds = new Set<Id>()
  for (let i = rng.int(0, 3); i > 0; i--) adds.add(rng.pick(others))
  const removeOne = rng.chance(0.35)
  const at = ctx.clock.tick(rng, 600)
  const done = await ctx.tx.run(rng.uint32(), async (conn, txRng) => {
    if (!(await lockProduct(conn, ctx, info.id))) return false
    const t = ctx.schema.t('catalog_product_link')
    const old = new Map(
      (
        await rows(
          conn,
          `SELECT linked_product_id, link_id FROM ${t} WHERE product_id = ? AND link_type_id = ? ORDER BY link_id`,
          [info.id, type.id],
        )
      ).map((r) => [idOf(r.linked_product_id) ?? '0', idOf(r.link_id) ?? '0']),
    )
    const posted = new Set(old.keys())
    if (removeOne && old.size > 0) posted.delete(txRng.pick([...old.keys()]))
    const alive = await existingProducts(
      conn,
      ctx,
      [...adds].filter((p) => !old.has(p)),
    )
    for (const p of alive) posted.add(p)
    await touchProduct(conn, ctx, info.id, at)
    await saveProductLinks(
      conn,
      ctx,
      info.id,
      type,
      old,
      [...posted].sort((a, b) => Number(a) - Number(b)),
      txRng,
    )
    return true
  })
  return done ? 'done' : 'skipped'
}

async function saveProductLinks(
  conn: Conn,
  ctx: WriterContext,
  productId: Id,
  type: LinkType,
  old: Map<Id, Id>,
  posted: readonly Id[],
  rng: Rng,
): Promise<void> {
  const s = ctx.schema
  const gone = [...old].filter(([p]) => !posted.includes(p)).map(([, linkId]) => linkId)
  if (gone.length > 0)
    await exec(
      conn,
      `DELETE FROM ${s.t('catalog_product_link')} WHERE link_id IN (${gone.map(() => '?').join(', ')})`,
      gone,
    )
  for (const [i, linked] of posted.entries()) {
    const linkId =
      old.get(linked) ??
      (await s.insert(conn, 'catalog_product_link', {
        product_id: productId,
        linked_product_id: linked,
        link_type_id: type.id,
      }))
    for (const a of type.attributes) {
      // The grids post position (an int, '' → 0); other attributes (qty of grouped links) are not on these tabs.
      if (a.code !== 'position') {
        await exec(conn, `DELETE FROM ${s.t(a.table)} WHERE link_id = ? AND product_link_attribute_id = ?`, [
          linkId,
          a.id,
        ])
        continue
      }
      const value = rng.chance(0.3) ? 0 : i + 1
      await exec(
        conn,
        `INSERT INTO ${s.t(a.table)} (product_link_attribute_id, link_id, value) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value)`,
        [a.id, linkId, value],
      )
    }
  }
}
