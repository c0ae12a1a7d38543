import type { Schema } from './schema.js'
import { idOf, rows, str } from './sql.js'
import type { Conn, Id } from './types.js'

export interface StoreInfo {
  storeId: Id
  websiteId: Id
  /** Magento 1 order.store_name: "website\ngroup\nstore". */
  storeName: string
}

/** Store views to sell in: active non-admin stores (admin store 0 only if there is nothing else). */
export async function loadStores(conn: Conn, schema: Schema): Promise<StoreInfo[]> {
  const hasW = schema.has('core_website')
  const hasG = schema.has('core_store_group')
  const list = await rows(
    conn,
    `SELECT s.store_id, s.website_id, s.name AS store, s.is_active,
            ${hasW ? 'w.name' : "''"} AS website, ${hasG ? 'g.name' : "''"} AS grp
       FROM ${schema.t('core_store')} s
       ${hasW ? `LEFT JOIN ${schema.t('core_website')} w ON w.website_id = s.website_id` : ''}
       ${hasG ? `LEFT JOIN ${schema.t('core_store_group')} g ON g.group_id = s.group_id` : ''}
      ORDER BY s.store_id`,
  )
  const all = list.map((r) => ({
    storeId: idOf(r.store_id) ?? '0',
    websiteId: idOf(r.website_id) ?? '0',
    storeName: [str(r.website) ?? '', str(r.grp) ?? '', str(r.store) ?? ''].join('\n'),
    active: Number(r.is_active) === 1,
  }))
  const selling = all.filter((s) => s.storeId !== '0' && s.active)
  const chosen = selling.length > 0 ? selling : all.filter((s) => s.storeId === '0')
  if (chosen.length === 0) throw new Error('core_store has no store to sell in')
  return chosen.map(({ storeId, websiteId, storeName }) => ({ storeId, websiteId, storeName }))
}

/** Base currency from core_config_data (default scope), else USD. */
export async function loadBaseCurrency(conn: Conn, schema: Schema): Promise<string> {
  if (!schema.has('core_config_data')) return 'USD'
  const r = await rows(
    conn,
    `SELECT value FROM ${schema.t('core_config_data')}
      WHERE path = 'currency/options/base' AND scope = 'default' ORDER BY config_id LIMIT 1`,
  )
  const v = str(r[0]?.value)
  return v && /^[A-Z]{3}$/.test(v) ? v : 'USD'
}

/** state → default status (sales_order_status_state), falling back to the state name. */
export async function loadStatuses(conn: Conn, schema: Schema): Promise<Map<string, string>> {
  const m = new Map<string, string>()
  if (schema.has('sales_order_status_state')) {
    const list = await rows(
      conn,
      `SELECT state, status FROM ${schema.t('sales_order_status_state')} ORDER BY state, is_default DESC, status`,
    )
    for (const r of list) {
      const state = String(r.state)
      if (!m.has(state)) m.set(state, String(r.status))
    }
  }
  return m
}

/** customer_group_id → tax_class_id. */
export async function loadCustomerGroups(conn: Conn, schema: Schema): Promise<Map<string, Id>> {
  const m = new Map<string, Id>()
  if (!schema.has('customer_group')) return m
  for (const r of await rows(conn, `SELECT customer_group_id, tax_class_id FROM ${schema.t('customer_group')}`)) {
    m.set(idOf(r.customer_group_id) ?? '0', idOf(r.tax_class_id) ?? '0')
  }
  return m
}
