import { catalogModel, formatUrlKey, saveCatalogValues, type CatalogEntity } from './catalog-model.js'
import type { WriterContext } from './context.js'
import type { Rng } from './prng.js'
import { exec, idOf, rows } from './sql.js'
import type { Conn, Id, OpOutcome } from './types.js'

const CATEGORY_NAMES = [
  'Geschenke 🎁',
  'Nouveautés',
  'Küche & Haushalt',
  'Ofertas',
  '東京セレクション',
  'Outlet',
  'Książki',
] as const
/** Deep enough for a real menu; Magento has no limit, the writer keeps trees readable. */
const MAX_PARENT_LEVEL = 4

/**
 * Admin category management, one request each (Mage_Adminhtml_Catalog_CategoryController::saveAction):
 * create a subcategory, rename one (store 0 or a store-view override), or reassign its products.
 */
export async function adminCategory(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await catalogModel(ctx)
  const category = model?.category
  if (!model || !category || !ctx.schema.has('catalog_category_product')) return 'skipped'
  const action = model.ownCategories.length === 0 ? 0 : rng.int(0, 2)
  const at = ctx.clock.tick(rng, 600)
  if (action === 0) {
    const name = `${rng.pick(CATEGORY_NAMES)} ${rng.hex(3)}`
    const id = await ctx.tx.run(rng.uint32(), (conn, txRng) => createCategory(conn, ctx, category, name, at, txRng))
    if (id === null) return 'skipped'
    model.ownCategories.push(id)
    return 'done'
  }
  const target = rng.pick(model.ownCategories)
  if (action === 1) {
    const store = rng.pick(ctx.stores)
    const storeId = rng.chance(0.3) ? store.storeId : '0'
    const name = `${rng.pick(CATEGORY_NAMES)} ${rng.hex(3)}`
    const done = await ctx.tx.run(rng.uint32(), async (conn) => {
      if (!(await lockCategory(conn, ctx, target))) return false
      await saveCatalogValues(conn, ctx, category, target, storeId, { name })
      await ctx.schema.update(conn, 'catalog_category_entity', { updated_at: at }, 'entity_id = ?', [target])
      return true
    })
    return done ? 'done' : 'skipped'
  }
  // Category Products tab: the posted product set replaces the old one (_saveCategoryProducts).
  const products = ctx.products.filter((p) => p.id !== null).map((p) => p.id as Id)
  if (products.length === 0) return 'skipped'
  const wanted = new Map<Id, number>()
  for (let i = rng.int(0, 4); i > 0; i--) wanted.set(rng.pick(products), rng.int(0, 10))
  const done = await ctx.tx.run(rng.uint32(), async (conn) => {
    if (!(await lockCategory(conn, ctx, target))) return false
    const t = ctx.schema.t('catalog_category_product')
    const old = new Map(
      (
        await rows(conn, `SELECT product_id, position FROM ${t} WHERE category_id = ? ORDER BY product_id`, [target])
      ).map((r) => [idOf(r.product_id) ?? '0', Number(r.position)]),
    )
    const removed = [...old.keys()].filter((p) => !wanted.has(p))
    if (removed.length > 0)
      await exec(
        conn,
        `DELETE FROM ${t} WHERE category_id = ? AND product_id IN (${removed.map(() => '?').join(', ')})`,
        [target, ...removed],
      )
    for (const [p, position] of [...wanted].sort(([a], [b]) => Number(a) - Number(b))) {
      if (!old.has(p)) {
        // The product may be gone (another writer deleted it): the insert would fail its foreign key.
        const exists = await rows(conn, `SELECT 1 FROM ${ctx.schema.t('catalog_product_entity')} WHERE entity_id = ?`, [
          p,
        ])
        if (exists.length > 0)
          await ctx.schema.insert(conn, 'catalog_category_product', { category_id: target, product_id: p, position })
      } else if (old.get(p) !== position) {
        await exec(conn, `UPDATE ${t} SET position = ? WHERE category_id = ? AND product_id = ?`, [position, target, p])
      }
    }
    await ctx.schema.update(conn, 'catalog_category_entity', { updated_at: at }, 'entity_id = ?', [target])
    return true
  })
  return done ? 'done' : 'skipped'
}

async function lockCategory(conn: Conn, ctx: WriterContext, id: Id): Promise<boolean> {
  return (
    (
      await rows(
        conn,
        `SELECT entity_id FROM ${ctx.schema.t('catalog_category_entity')} WHERE entity_id = ? FOR UPDATE`,
        [id],
      )
    ).length > 0
  )
}

/**
 * Mage_Catalog_Model_Resource_Category::_beforeSave / _afterSave for a new category: position =
 * MAX(position) of the siblings + 1, level = depth of the parent path, every ancestor's
 * children_count + 1, the row inserted with path "parent/path/" and then completed with its id.
 */
async function createCategory(
  conn: Conn,
  ctx: WriterContext,
  category: CatalogEntity,
  name: string,
  at: string,
  rng: Rng,
): Promise<Id | null> {
  const t = ctx.schema.t('catalog_category_entity')
  const parents = await rows(conn, `SELECT entity_id, path FROM ${t} WHERE level BETWEEN 1 AND ? ORDER BY entity_id`, [
    MAX_PARENT_LEVEL - 1,
  ])
  if (parents.length === 0) return null
  const parent = rng.pick(parents)
  const parentPath = String(parent.path)
  const ancestors = parentPath.split('/')
  // Lock the ancestors first: their children_count changes and siblings' positions are read.
  await rows(
    conn,
    `SELECT entity_id FROM ${t} WHERE entity_id IN (${ancestors.map(() => '?').join(', ')}) ORDER BY entity_id FOR UPDATE`,
    ancestors,
  )
  const max = await rows(conn, `SELECT MAX(position) AS m FROM ${t} WHERE path LIKE ? AND level = ?`, [
    `${parentPath}/%`,
    ancestors.length,
  ])
  const position = Number(max[0]?.m ?? 0) + 1
  await exec(
    conn,
    `UPDATE ${t} SET children_count = children_count + 1 WHERE entity_id IN (${ancestors.map(() => '?').join(', ')})`,
    ancestors,
  )
  const id = await ctx.schema.insert(conn, 'catalog_category_entity', {
    entity_type_id: category.typeId,
    attribute_set_id: category.defaultSetId,
    parent_id: idOf(parent.entity_id) ?? '0',
    created_at: at,
    updated_at: at,
    path: `${parentPath}/`,
    position,
    level: ancestors.length,
    children_count: 0,
  })
  await exec(conn, `UPDATE ${t} SET path = ? WHERE entity_id = ?`, [`${parentPath}/${id}`, id])
  await saveCatalogValues(conn, ctx, category, id, '0', {
    name,
    is_active: rng.chance(0.85) ? '1' : '0',
    url_key: formatUrlKey(name) || `category-${id}`,
    display_mode: 'PRODUCTS',
    is_anchor: rng.chance(0.5) ? '1' : '0',
    include_in_menu: '1',
  })
  return id
}
