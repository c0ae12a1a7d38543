import type { CatalogModel } from './catalog-model.js'
import type { WriterContext } from './context.js'
import { exec, idOf, rows, str } from './sql.js'
import type { Conn, Id } from './types.js'

/** A select attribute a configurable product can be built on, with its options (store-0 labels). */
export interface SuperAttribute {
  id: Id
  code: string
  label: string
  options: { id: Id; label: string }[]
}

const OPTION_LABELS = ['Rot', 'Bleu', 'Vert', 'Schwarz', 'Ørange', '白'] as const
const TABLES = [
  'eav_attribute',
  'catalog_eav_attribute',
  'eav_attribute_option',
  'eav_attribute_option_value',
  'eav_entity_attribute',
] as const

const cache = new WeakMap<WriterContext, Promise<SuperAttribute | null>>()

/**
 * The attribute adminConfigurableProduct builds on: Mage_Catalog_Model_Product_Type_Configurable::
 * canUseAttribute (global, visible, configurable, user-defined, option source) and applicable to
 * simple products, `color` first; one with options in the Default set wins. When the store has such
 * an attribute but it has no options or is not in the set (a fresh 1.7 install's `color`), the admin
 * first fills it in: Manage Attributes → Manage Label / Options, then Manage Attribute Sets (one
 * request each). Null when no attribute qualifies. Read once per writer.
 */
export function superAttribute(ctx: WriterContext, model: CatalogModel): Promise<SuperAttribute | null> {
  let p = cache.get(ctx)
  if (!p) {
    p = findSuperAttribute(ctx, model)
    cache.set(ctx, p)
  }
  return p
}

async function findSuperAttribute(ctx: WriterContext, model: CatalogModel): Promise<SuperAttribute | null> {
  const s = ctx.schema
  if (!TABLES.every((t) => s.has(t)) || !s.hasColumn('catalog_eav_attribute', 'is_configurable')) return null
  const typeId = model.product.typeId
  const setId = model.product.defaultSetId
  const candidates = await ctx.tx.withConn((conn) =>
    rows(
      conn,
      `SELECT a.attribute_id, a.attribute_code, a.frontend_label,
              (SELECT COUNT(*) FROM ${s.t('eav_attribute_option')} o WHERE o.attribute_id = a.attribute_id) AS options,
              (SELECT COUNT(*) FROM ${s.t('eav_entity_attribute')} ea WHERE ea.attribute_id = a.attribute_id AND ea.attribute_set_id = ?) AS in_set
         FROM ${s.t('eav_attribute')} a JOIN ${s.t('catalog_eav_attribute')} c ON c.attribute_id = a.attribute_id
        WHERE a.entity_type_id = ? AND a.frontend_input = 'select' AND a.backend_type = 'int' AND a.is_user_defined = 1
          AND c.is_global = 1 AND c.is_visible = 1 AND c.is_configurable = 1
          AND (c.apply_to IS NULL OR c.apply_to = '' OR FIND_IN_SET('simple', c.apply_to) > 0)
          AND (a.source_model IS NULL OR a.source_model = '' OR a.source_model = 'eav/entity_attribute_source_table')
        ORDER BY a.attribute_code = 'color' DESC, a.attribute_id`,
      [setId, typeId],
    ),
  )
  // One the admin can use as it is first, then `color`, then by id.
  const ready = (r: (typeof candidates)[number]): boolean => Number(r.options) > 0 && Number(r.in_set) > 0
  const pick = candidates.find(ready) ?? candidates[0]
  const id = idOf(pick?.attribute_id)
  if (!pick || id === null) return null
  const code = String(pick.attribute_code)
  await ctx.tx.run(0, async (conn) => {
    // Lock the attribute so two writers do not both fill it in.
    await rows(conn, `SELECT attribute_id FROM ${s.t('eav_attribute')} WHERE attribute_id = ? FOR UPDATE`, [id])
    const has = await rows(conn, `SELECT 1 FROM ${s.t('eav_attribute_option')} WHERE attribute_id = ? LIMIT 1`, [id])
    if (has.length === 0) await saveOptions(conn, ctx, id, model.allStoreViews[0] ?? null)
  })
  await ctx.tx.run(0, async (conn) => {
    const inSet = await rows(
      conn,
      `SELECT 1 FROM ${s.t('eav_entity_attribute')} WHERE attribute_id = ? AND attribute_set_id = ? FOR UPDATE`,
      [id, setId],
    )
    if (inSet.length === 0) await addToSet(conn, ctx, typeId, setId, id)
  })
  const options = await ctx.tx.withConn((conn) =>
    rows(
      conn,
      `SELECT o.option_id, v.value FROM ${s.t('eav_attribute_option')} o JOIN ${s.t('eav_attribute_option_value')} v ON v.option_id = o.option_id AND v.store_id = 0
        WHERE o.attribute_id = ? ORDER BY o.sort_order, o.option_id`,
      [id],
    ),
  )
  return {
    id,
    code,
    label: str(pick.frontend_label) ?? code,
    options: options.map((o) => ({ id: idOf(o.option_id) ?? '0', label: str(o.value) ?? '' })),
  }
}

/** Mage_Eav_Model_Resource_Entity_Attribute::_saveOption for new options: option row, its values deleted, one value per non-empty store label. */
async function saveOptions(conn: Conn, ctx: WriterContext, attributeId: Id, view: Id | null): Promise<void> {
  const s = ctx.schema
  for (const [i, label] of OPTION_LABELS.entries()) {
    const optionId = await s.insert(conn, 'eav_attribute_option', { attribute_id: attributeId, sort_order: i + 1 })
    await exec(conn, `DELETE FROM ${s.t('eav_attribute_option_value')} WHERE option_id = ?`, [optionId])
    await s.insert(conn, 'eav_attribute_option_value', { option_id: optionId, store_id: 0, value: label })
    if (view !== null && i % 2 === 0)
      await s.insert(conn, 'eav_attribute_option_value', {
        option_id: optionId,
        store_id: view,
        value: `${label} (${view})`,
      })
  }
}

/** Manage Attribute Sets: the attribute dragged into the set's default group (General), last in it. */
async function addToSet(conn: Conn, ctx: WriterContext, typeId: Id, setId: Id, attributeId: Id): Promise<void> {
  const s = ctx.schema
  if (!s.has('eav_attribute_group')) return
  const byDefault = s.hasColumn('eav_attribute_group', 'default_id') ? 'default_id DESC, ' : ''
  const groups = await rows(
    conn,
    `SELECT attribute_group_id FROM ${s.t('eav_attribute_group')} WHERE attribute_set_id = ? ORDER BY ${byDefault}sort_order, attribute_group_id LIMIT 1`,
    [setId],
  )
  const groupId = idOf(groups[0]?.attribute_group_id)
  if (groupId === null) return
  const max = await rows(
    conn,
    `SELECT COALESCE(MAX(sort_order), 0) AS m FROM ${s.t('eav_entity_attribute')} WHERE attribute_group_id = ?`,
    [groupId],
  )
  await s.insert(conn, 'eav_entity_attribute', {
    entity_type_id: typeId,
    attribute_set_id: setId,
    attribute_group_id: groupId,
    attribute_id: attributeId,
    sort_order: Number(max[0]?.m ?? 0) + 1,
  })
}
