import { catalogModel } from './catalog-model.js'
import type { WriterContext } from './context.js'
import type { Rng } from './prng.js'
import { exec, idOf, rows } from './sql.js'
import type { OpOutcome } from './types.js'

/**
 * Admin "Delete Category" (Mage_Catalog_Model_Resource_Category::_beforeDelete and delete): the
 * category's subtree by path, then the category, and every ancestor's children_count lowered. Its
 * values and product links go by Magento 1's ON DELETE CASCADE keys, without triggers. Only
 * categories this writer created are deleted.
 */
export async function adminDeleteCategory(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await catalogModel(ctx)
  if (!model?.category || model.ownCategories.length === 0) return 'skipped'
  const target = rng.pick(model.ownCategories)
  const t = ctx.schema.t('catalog_category_entity')
  const removed = await ctx.tx.run(rng.uint32(), async (conn) => {
    const [row] = await rows(conn, `SELECT path FROM ${t} WHERE entity_id = ? FOR UPDATE`, [target])
    if (!row) return []
    const path = String(row.path)
    const ancestors = path.split('/').slice(0, -1)
    const subtree = (
      await rows(conn, `SELECT entity_id FROM ${t} WHERE path LIKE ? ORDER BY entity_id FOR UPDATE`, [`${path}/%`])
    ).map((child) => idOf(child.entity_id) ?? '0')
    if (ancestors.length > 0) {
      await rows(
        conn,
        `SELECT entity_id FROM ${t} WHERE entity_id IN (${ancestors.map(() => '?').join(', ')}) ORDER BY entity_id FOR UPDATE`,
        ancestors,
      )
      await exec(
        conn,
        `UPDATE ${t} SET children_count = children_count - ? WHERE entity_id IN (${ancestors.map(() => '?').join(', ')})`,
        [subtree.length + 1, ...ancestors],
      )
    }
    if (subtree.length > 0) await exec(conn, `DELETE FROM ${t} WHERE path LIKE ?`, [`${path}/%`])
    await exec(conn, `DELETE FROM ${t} WHERE entity_id = ?`, [target])
    return [target, ...subtree]
  })
  if (removed.length === 0) return 'skipped'
  model.ownCategories = model.ownCategories.filter((id) => !removed.includes(id))
  return 'done'
}
