import { loadedOncePerWriter, type WriterContext } from './context.js'
import { cleanFor, insertOnDuplicate } from './customer-eav.js'
import type { Schema } from './schema.js'
import { exec, idOf, rows, str } from './sql.js'
import type { Conn, Id } from './types.js'

/** One catalog EAV attribute; `table` is its unprefixed value table (null: static or missing). */
export interface CatalogAttr {
  id: Id
  code: string
  backendType: string
  table: string | null
}

/** catalog_product or catalog_category as the live eav_* tables describe it. */
export interface CatalogEntity {
  typeId: Id
  /** eav_entity_type.default_attribute_set_id: the "Default" set new entities get in the admin. */
  defaultSetId: Id
  table: string
  attrs: Map<string, CatalogAttr>
}

export interface RatingInfo {
  id: Id
  /** option_id by value (1…5), in position order. */
  options: { id: Id; value: number }[]
}

/** What the catalog and review operations need, read once per writer on first use. */
export interface CatalogModel {
  product: CatalogEntity
  category: CatalogEntity | null
  /** Websites the writer's store views belong to (catalog_product_website). */
  websiteIds: Id[]
  customerGroupIds: Id[]
  /** Product tax classes (tax_class_id values); '0' = None when there is none. */
  taxClassIds: Id[]
  stockId: Id | null
  /** review_entity 'product' and the ratings of rating_entity 'product' (null: no review tables).
   *  ratingStore false: the live schema has no rating_store (mig's subset), every rating counts as visible. */
  review: { entityId: Id; ratings: RatingInfo[]; ratingStore: boolean } | null
  /** Every store view (store_id > 0), active or not: Magento's review summary covers them all. */
  allStoreViews: Id[]
  /** Products and categories this writer created: the only ones it deletes. */
  ownProducts: Set<Id>
  /** Configurable and bundle products this writer created (not sellable as such, deletable). */
  ownComposites: Id[]
  ownCategories: Id[]
}

/** SKUs of products a writer created (W<seed>-P<n>, see adminCreateProduct). */
export const WRITER_PRODUCT_SKU = /^W-?[0-9]+-P[0-9]+$/

/**
 * Leave out the products writers created, as loadCustomers leaves out writer customers: the writer
 * that created one may delete it, and a writer on another connection must never sell a deleted
 * product. Kept when nothing else is sellable (a writer-only catalog).
 */
export function dropWriterProducts(ctx: WriterContext): void {
  const others = ctx.products.filter((p) => !WRITER_PRODUCT_SKU.test(p.sku))
  if (others.length > 0 && others.length < ctx.products.length) ctx.products.splice(0, ctx.products.length, ...others)
}

/** The catalog model of this writer (null when the database has no product EAV tables). */
export const catalogModel: (ctx: WriterContext) => Promise<CatalogModel | null> = loadedOncePerWriter(loadCatalogModel)

async function loadCatalogEntity(
  conn: Conn,
  s: Schema,
  typeCode: string,
  table: string,
): Promise<CatalogEntity | null> {
  if (!s.has(table) || !s.has('eav_attribute')) return null
  const t = await rows(
    conn,
    `SELECT entity_type_id, default_attribute_set_id FROM ${s.t('eav_entity_type')} WHERE entity_type_code = ?`,
    [typeCode],
  )
  const typeId = idOf(t[0]?.entity_type_id)
  if (typeId === null) return null
  const list = await rows(
    conn,
    `SELECT attribute_id, attribute_code, backend_type FROM ${s.t('eav_attribute')} WHERE entity_type_id = ? ORDER BY attribute_id`,
    [typeId],
  )
  const attrs = new Map<string, CatalogAttr>()
  for (const r of list) {
    const backendType = String(r.backend_type)
    const valueTable = `${table}_${backendType}`
    attrs.set(String(r.attribute_code), {
      id: idOf(r.attribute_id) ?? '0',
      code: String(r.attribute_code),
      backendType,
      // Catalog values are scoped: without store_id the table is not Magento 1's.
      table: backendType !== 'static' && s.hasColumn(valueTable, 'store_id') ? valueTable : null,
    })
  }
  return { typeId, defaultSetId: idOf(t[0]?.default_attribute_set_id) ?? '0', table, attrs }
}

async function loadCatalogModel(conn: Conn, ctx: WriterContext): Promise<CatalogModel | null> {
  const s = ctx.schema
  const product = await loadCatalogEntity(conn, s, 'catalog_product', 'catalog_product_entity')
  if (!product) return null
  const category = await loadCatalogEntity(conn, s, 'catalog_category', 'catalog_category_entity')
  const ids = async (sql: string, params: readonly string[] = []): Promise<Id[]> =>
    (await rows(conn, sql, params)).map((r) => idOf(Object.values(r)[0]) ?? '0')
  const customerGroupIds = s.has('customer_group')
    ? await ids(`SELECT customer_group_id FROM ${s.t('customer_group')} ORDER BY customer_group_id`)
    : []
  const taxClassIds = s.has('tax_class')
    ? await ids(`SELECT class_id FROM ${s.t('tax_class')} WHERE class_type = 'PRODUCT' ORDER BY class_id`)
    : []
  const stock = s.has('cataloginventory_stock')
    ? await ids(`SELECT stock_id FROM ${s.t('cataloginventory_stock')} ORDER BY stock_id LIMIT 1`)
    : []
  const allStoreViews = await ids(`SELECT store_id FROM ${s.t('core_store')} WHERE store_id > 0 ORDER BY store_id`)

  let review: CatalogModel['review'] = null
  if (
    [
      'review',
      'review_detail',
      'review_store',
      'review_entity',
      'rating',
      'rating_entity',
      'rating_option',
      'rating_option_vote',
    ].every((t) => s.has(t))
  ) {
    const entityId = (await ids(`SELECT entity_id FROM ${s.t('review_entity')} WHERE entity_code = 'product'`))[0]
    if (entityId !== undefined) {
      const ratingRows = await rows(
        conn,
        `SELECT r.rating_id FROM ${s.t('rating')} r JOIN ${s.t('rating_entity')} e ON e.entity_id = r.entity_id
          WHERE e.entity_code = 'product' ORDER BY r.position, r.rating_id`,
      )
      const ratings: RatingInfo[] = []
      for (const r of ratingRows) {
        const id = idOf(r.rating_id) ?? '0'
        const options = (
          await rows(
            conn,
            `SELECT option_id, value FROM ${s.t('rating_option')} WHERE rating_id = ? ORDER BY position, option_id`,
            [id],
          )
        ).map((o) => ({
          id: idOf(o.option_id) ?? '0',
          value: Number(o.value),
        }))
        if (options.length > 0) ratings.push({ id, options })
      }
      review = { entityId, ratings, ratingStore: s.has('rating_store') }
    }
  }
  return {
    product,
    category,
    websiteIds: [...new Set(ctx.stores.map((st) => st.websiteId).filter((w) => w !== '0'))].sort(),
    customerGroupIds,
    taxClassIds,
    stockId: stock[0] ?? null,
    review,
    allStoreViews,
    ownProducts: new Set(),
    ownComposites: [],
    ownCategories: [],
  }
}

/** A catalog value to write at one store scope: undefined = leave alone, null = delete the row ("Use Default Value"). */
export type CatalogValues = Readonly<Record<string, string | null | undefined>>

/**
 * Mage_Catalog_Model_Resource_Abstract::_saveAttributeValue / _deleteAttributes: per value table one
 * INSERT … ON DUPLICATE KEY UPDATE value on (entity_id, attribute_id, store_id); emptied values
 * are deleted. Attributes the live schema lacks are skipped.
 */
export async function saveCatalogValues(
  conn: Conn,
  ctx: WriterContext,
  entity: CatalogEntity,
  entityId: Id,
  storeId: Id,
  values: CatalogValues,
): Promise<number> {
  const byTable = new Map<string, Record<string, string | number | null>[]>()
  let n = 0
  for (const [code, raw] of Object.entries(values)) {
    if (raw === undefined) continue
    const attr = entity.attrs.get(code)
    if (!attr?.table) continue
    if (raw === null || raw === '') {
      const r = await exec(
        conn,
        `DELETE FROM ${ctx.schema.t(attr.table)} WHERE entity_id = ? AND attribute_id = ? AND store_id = ?`,
        [entityId, attr.id, storeId],
      )
      n += r.affectedRows
      continue
    }
    let list = byTable.get(attr.table)
    if (!list) byTable.set(attr.table, (list = []))
    list.push({
      entity_type_id: entity.typeId,
      attribute_id: attr.id,
      store_id: storeId,
      entity_id: entityId,
      value: cleanFor(ctx, attr.table, 'value', raw),
    })
  }
  for (const [table, list] of [...byTable].sort(([a], [b]) => a.localeCompare(b)))
    n += await insertOnDuplicate(conn, ctx, table, list, ['value'])
  return n
}

/** Current value of one attribute at one store (null when the row is absent). */
export async function catalogValue(
  conn: Conn,
  ctx: WriterContext,
  entity: CatalogEntity,
  entityId: Id,
  code: string,
  storeId: Id,
): Promise<string | null> {
  const attr = entity.attrs.get(code)
  if (!attr?.table) return null
  const r = await rows(
    conn,
    `SELECT CAST(value AS CHAR) AS v FROM ${ctx.schema.t(attr.table)} WHERE entity_id = ? AND attribute_id = ? AND store_id = ?`,
    [entityId, attr.id, storeId],
  )
  return str(r[0]?.v)
}

/** Magento 1's Mage_Catalog_Model_Product_Url::formatUrlKey: lower-case latin, runs of other characters → '-'. */
export function formatUrlKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}
