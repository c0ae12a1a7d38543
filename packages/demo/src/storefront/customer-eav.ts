import { loadedOncePerWriter, type WriterContext } from './context.js'
import { bmpOnly } from './sample-data.js'
import type { Schema } from './schema.js'
import { exec, idOf, q, rows, str } from './sql.js'
import type { StoreInfo } from './store-data.js'
import type { Conn, Id, Row, SqlValue } from './types.js'

/** One EAV attribute; `table` is its unprefixed value table (null: static, or the table is missing). */
export interface EavAttr {
  id: Id
  code: string
  backendType: string
  table: string | null
}

export interface EavEntity {
  typeCode: string
  typeId: Id
  /** Unprefixed entity table (customer_entity, customer_address_entity). */
  table: string
  attrs: Map<string, EavAttr>
  byId: Map<Id, EavAttr>
  /** Every value table holding attributes of the type: Magento's EAV delete walks all of them. */
  valueTables: string[]
}

export interface RegionInfo {
  id: Id
  name: string
}

/** What the customer operations need from the live database, read once per writer on first use. */
export interface CustomerModel {
  customer: EavEntity
  address: EavEntity | null
  /** Option ids of the `gender` attribute (none: gender is never written). */
  genderOptions: Id[]
  /** country_id → directory regions (countries without regions are absent). */
  regions: Map<string, RegionInfo[]>
  config: ConfigLookup
  newsletter: boolean
  wishlist: boolean
  /** Customers this writer registered: the only ones deleteCustomer removes, so writers on other
   *  connections never place an order for a customer deleted under them. */
  own: Set<Id>
}

/** The customer model of this writer (null when the database has no customer_entity). */
export const customerModel: (ctx: WriterContext) => Promise<CustomerModel | null> =
  loadedOncePerWriter(loadCustomerModel)

async function loadCustomerModel(conn: Conn, ctx: WriterContext): Promise<CustomerModel | null> {
  const s = ctx.schema
  const customer = await loadEntity(conn, s, 'customer', 'customer_entity')
  if (!customer) return null
  const address = await loadEntity(conn, s, 'customer_address', 'customer_address_entity')
  const config = await ConfigLookup.load(conn, s, [
    'customer/create_account/default_group',
    'customer/account_share/scope',
    'newsletter/subscription/confirm',
    'general/locale/code',
  ])

  const genderOptions: Id[] = []
  const gender = customer.attrs.get('gender')
  if (gender && s.has('eav_attribute_option')) {
    const withLabel = s.has('eav_attribute_option_value')
    const list = await rows(
      conn,
      `SELECT o.option_id FROM ${s.t('eav_attribute_option')} o
        ${withLabel ? `WHERE EXISTS (SELECT 1 FROM ${s.t('eav_attribute_option_value')} v WHERE v.option_id = o.option_id AND v.store_id = 0)` : ''}
        ${withLabel ? 'AND' : 'WHERE'} o.attribute_id = ? ORDER BY o.sort_order, o.option_id`,
      [gender.id],
    )
    for (const r of list) genderOptions.push(idOf(r.option_id) ?? '0')
  }

  // Mage_Customer_Model_Address_Abstract::getRegion() stores the region's (locale) name next to region_id.
  const regions = new Map<string, RegionInfo[]>()
  if (s.has('directory_country_region')) {
    const locale = config.get('general/locale/code') ?? 'en_US'
    const named = s.has('directory_country_region_name')
    const list = await rows(
      conn,
      `SELECT r.region_id, r.country_id, ${named ? 'COALESCE(n.name, r.default_name)' : 'r.default_name'} AS name
         FROM ${s.t('directory_country_region')} r
         ${named ? `LEFT JOIN ${s.t('directory_country_region_name')} n ON n.region_id = r.region_id AND n.locale = ?` : ''}
        ORDER BY r.region_id`,
      named ? [locale] : [],
    )
    for (const r of list) {
      const country = String(r.country_id)
      let l = regions.get(country)
      if (!l) regions.set(country, (l = []))
      l.push({ id: idOf(r.region_id) ?? '0', name: str(r.name) ?? country })
    }
  }

  const model: CustomerModel = {
    customer,
    address,
    genderOptions,
    regions,
    config,
    newsletter: s.has('newsletter_subscriber'),
    wishlist: s.has('wishlist') && s.has('wishlist_item') && s.has('wishlist_item_option'),
    own: new Set(),
  }
  ctx.warnings.push(...customerSchemaWarnings(s))
  return model
}

/** Foreign keys Magento 1 relies on when it deletes customers, addresses and wishlist items. */
export const CUSTOMER_CASCADES: ReadonlyArray<readonly [child: string, column: string, parent: string]> = [
  ['customer_entity_datetime', 'entity_id', 'customer_entity'],
  ['customer_entity_decimal', 'entity_id', 'customer_entity'],
  ['customer_entity_int', 'entity_id', 'customer_entity'],
  ['customer_entity_text', 'entity_id', 'customer_entity'],
  ['customer_entity_varchar', 'entity_id', 'customer_entity'],
  ['customer_address_entity', 'parent_id', 'customer_entity'],
  ['customer_address_entity_datetime', 'entity_id', 'customer_address_entity'],
  ['customer_address_entity_decimal', 'entity_id', 'customer_address_entity'],
  ['customer_address_entity_int', 'entity_id', 'customer_address_entity'],
  ['customer_address_entity_text', 'entity_id', 'customer_address_entity'],
  ['customer_address_entity_varchar', 'entity_id', 'customer_address_entity'],
  ['wishlist', 'customer_id', 'customer_entity'],
  ['wishlist_item', 'wishlist_id', 'wishlist'],
  ['wishlist_item_option', 'wishlist_item_id', 'wishlist_item'],
]

function customerSchemaWarnings(s: Schema): string[] {
  const out: string[] = []
  for (const [child, column, parent] of CUSTOMER_CASCADES) {
    if (s.has(child) && s.has(parent) && !s.cascades(child, column, parent)) {
      out.push(
        `${s.prefix}${child}.${column} has no ON DELETE CASCADE to ${s.prefix}${parent}: deleting customers, addresses or wishlist items will leave orphans`,
      )
    }
  }
  // Magento 1 keeps orders of deleted customers through this foreign key only; its code does nothing.
  const setNull = s.foreignKeys.some(
    (f) =>
      f.table === 'sales_flat_order' &&
      f.column === 'customer_id' &&
      f.refTable === 'customer_entity' &&
      f.onDelete === 'SET NULL',
  )
  if (!setNull)
    out.push(
      `${s.prefix}sales_flat_order.customer_id has no ON DELETE SET NULL to ${s.prefix}customer_entity: orders of deleted customers keep their customer_id`,
    )
  return out
}

async function loadEntity(conn: Conn, s: Schema, typeCode: string, table: string): Promise<EavEntity | null> {
  if (!s.has(table) || !s.has('eav_attribute')) return null
  const t = await rows(conn, `SELECT entity_type_id FROM ${s.t('eav_entity_type')} WHERE entity_type_code = ?`, [
    typeCode,
  ])
  const typeId = idOf(t[0]?.entity_type_id)
  if (typeId === null) return null
  const list = await rows(
    conn,
    `SELECT attribute_id, attribute_code, backend_type FROM ${s.t('eav_attribute')} WHERE entity_type_id = ? ORDER BY attribute_id`,
    [typeId],
  )
  const attrs = new Map<string, EavAttr>()
  const byId = new Map<Id, EavAttr>()
  const tables = new Set<string>()
  for (const r of list) {
    const backendType = String(r.backend_type)
    const valueTable = `${table}_${backendType}`
    const a: EavAttr = {
      id: idOf(r.attribute_id) ?? '0',
      code: String(r.attribute_code),
      backendType,
      table: backendType !== 'static' && s.has(valueTable) ? valueTable : null,
    }
    attrs.set(a.code, a)
    byId.set(a.id, a)
    if (a.table) tables.add(a.table)
  }
  return { typeCode, typeId, table, attrs, byId, valueTables: [...tables].sort() }
}

/** core_config_data values with Magento's store → website → default fallback. */
export class ConfigLookup {
  private constructor(private readonly values: Map<string, string | null>) {}

  static async load(conn: Conn, s: Schema, paths: readonly string[]): Promise<ConfigLookup> {
    const m = new Map<string, string | null>()
    if (s.has('core_config_data') && paths.length > 0) {
      const list = await rows(
        conn,
        `SELECT scope, scope_id, path, value FROM ${s.t('core_config_data')} WHERE path IN (${paths.map(() => '?').join(', ')})`,
        paths,
      )
      for (const r of list) m.set(`${String(r.scope)}/${String(r.scope_id)}/${String(r.path)}`, str(r.value))
    }
    return new ConfigLookup(m)
  }

  get(path: string, store?: StoreInfo): string | null {
    for (const key of [
      ...(store ? [`stores/${store.storeId}/${path}`, `websites/${store.websiteId}/${path}`] : []),
      `default/0/${path}`,
    ]) {
      if (this.values.has(key)) return this.values.get(key) ?? null
    }
    return null
  }
}

/** A stored EAV value row. */
export interface StoredValue {
  valueId: Id
  attr: EavAttr
  value: string | null
}

/** Load all value rows of one entity (Magento loads the entity before saving it). */
export async function loadValues(
  conn: Conn,
  ctx: WriterContext,
  entity: EavEntity,
  entityId: Id,
): Promise<Map<string, StoredValue>> {
  const m = new Map<string, StoredValue>()
  for (const table of entity.valueTables) {
    // Datetimes as text: the caller's connection may not use dateStrings.
    const value = table.endsWith('_datetime') ? 'CAST(value AS CHAR)' : 'value'
    const list = await rows(
      conn,
      `SELECT value_id, attribute_id, ${value} AS value FROM ${ctx.schema.t(table)} WHERE entity_id = ? ORDER BY value_id`,
      [entityId],
    )
    for (const r of list) {
      const attr = entity.byId.get(idOf(r.attribute_id) ?? '')
      if (attr) m.set(attr.code, { valueId: idOf(r.value_id) ?? '0', attr, value: str(r.value) })
    }
  }
  return m
}

/** Plain text for a value column: utf8mb3 columns cannot hold 4-byte characters. */
export function cleanFor(ctx: WriterContext, table: string, column: string, v: string): string {
  return ctx.schema.fourByteSafe(table, column) ? v : bmpOnly(v)
}

/** Values an entity save wants: undefined = not posted, null or '' = emptied. */
export type WantedValues = Readonly<Record<string, string | null | undefined>>

export interface SaveResult {
  written: number
  deleted: number
}

/**
 * Mage_Eav_Model_Entity_Abstract::_collectSaveData + _processSaveData (1.6+): new and changed
 * non-empty values are collected per value table and written with one
 * INSERT … ON DUPLICATE KEY UPDATE value per table; values that became empty are deleted by
 * value_id; unchanged values are not written. Attributes the live schema lacks are skipped.
 */
export async function saveValues(
  conn: Conn,
  ctx: WriterContext,
  entity: EavEntity,
  entityId: Id,
  wanted: WantedValues,
  current: ReadonlyMap<string, StoredValue>,
): Promise<SaveResult> {
  const upserts = new Map<string, Row[]>()
  const deletes = new Map<string, Id[]>()
  for (const [code, raw] of Object.entries(wanted)) {
    if (raw === undefined) continue
    const attr = entity.attrs.get(code)
    if (!attr?.table) continue
    const cur = current.get(code)
    if (raw === null || raw === '') {
      if (cur) push(deletes, attr.table, cur.valueId)
      continue
    }
    const value = cleanFor(ctx, attr.table, 'value', raw)
    if (cur && cur.value === value) continue
    push(upserts, attr.table, { entity_type_id: entity.typeId, attribute_id: attr.id, entity_id: entityId, value })
  }
  let written = 0
  for (const [table, list] of upserts) written += await insertOnDuplicate(conn, ctx, table, list, ['value'])
  let deleted = 0
  for (const [table, ids] of deletes) {
    const r = await exec(
      conn,
      `DELETE FROM ${ctx.schema.t(table)} WHERE value_id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    )
    deleted += r.affectedRows
  }
  return { written, deleted }
}

/** Mage_Eav_Model_Entity_Abstract::saveAttribute: one attribute, outside a full entity save. */
export async function saveAttribute(
  conn: Conn,
  ctx: WriterContext,
  entity: EavEntity,
  entityId: Id,
  code: string,
  value: string | null,
): Promise<void> {
  const attr = entity.attrs.get(code)
  if (!attr?.table) return
  const t = ctx.schema.t(attr.table)
  const where = 'entity_type_id = ? AND attribute_id = ? AND entity_id = ?'
  const params = [entity.typeId, attr.id, entityId]
  const found = await rows(conn, `SELECT value_id FROM ${t} WHERE ${where}`, params)
  if (value !== null && value !== '') {
    const v = cleanFor(ctx, attr.table, 'value', value)
    await insertOnDuplicate(
      conn,
      ctx,
      attr.table,
      [{ entity_type_id: entity.typeId, attribute_id: attr.id, entity_id: entityId, value: v }],
      ['value'],
    )
  } else if (found.length > 0) {
    await exec(conn, `DELETE FROM ${t} WHERE ${where}`, params)
  }
}

/** Mage_Eav_Model_Entity_Abstract::delete: the entity row, then every value table by entity_id
 *  (already emptied by the foreign keys on a Magento 1 schema; needed where they are missing). */
export async function deleteEntity(conn: Conn, ctx: WriterContext, entity: EavEntity, entityId: Id): Promise<number> {
  const r = await exec(conn, `DELETE FROM ${ctx.schema.t(entity.table)} WHERE entity_id = ?`, [entityId])
  for (const table of entity.valueTables)
    await exec(conn, `DELETE FROM ${ctx.schema.t(table)} WHERE entity_id = ?`, [entityId])
  return r.affectedRows
}

/** Varien_Db_Adapter_Pdo_Mysql::insertOnDuplicate: a multi-row INSERT … ON DUPLICATE KEY UPDATE. */
export async function insertOnDuplicate(
  conn: Conn,
  ctx: WriterContext,
  table: string,
  list: readonly Row[],
  update: readonly string[],
): Promise<number> {
  const fitted = list.map((r) => ctx.schema.fit(table, r))
  const first = fitted[0]
  if (!first) return 0
  const cols = Object.keys(first)
  const params: SqlValue[] = []
  for (const r of fitted) for (const c of cols) params.push(r[c] ?? null)
  const tuple = `(${cols.map(() => '?').join(', ')})`
  const upd = update.filter((c) => cols.includes(c)).map((c) => `${q(c)} = VALUES(${q(c)})`)
  const sql =
    `INSERT INTO ${ctx.schema.t(table)} (${cols.map(q).join(', ')}) VALUES ${fitted.map(() => tuple).join(', ')}` +
    (upd.length > 0 ? ` ON DUPLICATE KEY UPDATE ${upd.join(', ')}` : '')
  await exec(conn, sql, params)
  return fitted.length
}

function push<T>(m: Map<string, T[]>, key: string, v: T): void {
  let l = m.get(key)
  if (!l) m.set(key, (l = []))
  l.push(v)
}
