import type { Schema } from './schema.js'
import { idOf, rows, str } from './sql.js'
import type { Conn, Id } from './types.js'

/** attribute_code → { id, backendType } for one entity type. */
export async function loadAttributes(
  conn: Conn,
  schema: Schema,
  entityTypeCode: string,
  codes: readonly string[],
): Promise<Map<string, { id: Id; backendType: string }>> {
  const m = new Map<string, { id: Id; backendType: string }>()
  if (!schema.has('eav_attribute') || codes.length === 0) return m
  const list = await rows(
    conn,
    `SELECT a.attribute_id, a.attribute_code, a.backend_type
       FROM ${schema.t('eav_attribute')} a
       JOIN ${schema.t('eav_entity_type')} t ON t.entity_type_id = a.entity_type_id
      WHERE t.entity_type_code = ? AND a.attribute_code IN (${codes.map(() => '?').join(', ')})`,
    [entityTypeCode, ...codes],
  )
  for (const r of list)
    m.set(String(r.attribute_code), { id: idOf(r.attribute_id) ?? '0', backendType: String(r.backend_type) })
  return m
}

/** entity_id → value of one attribute at store 0 (admin values, as Magento falls back to). */
export async function loadAttributeValues(
  conn: Conn,
  schema: Schema,
  entityTable: string,
  attr: { id: Id; backendType: string } | undefined,
): Promise<Map<Id, string>> {
  const m = new Map<Id, string>()
  if (!attr || attr.backendType === 'static') return m
  const table = `${entityTable}_${attr.backendType}`
  if (!schema.has(table)) return m
  const store = schema.hasColumn(table, 'store_id') ? 'AND store_id = 0' : ''
  const list = await rows(
    conn,
    `SELECT entity_id, value FROM ${schema.t(table)} WHERE attribute_id = ? ${store} ORDER BY value_id`,
    [attr.id],
  )
  for (const r of list) {
    const v = str(r.value)
    const id = idOf(r.entity_id)
    if (v !== null && id !== null) m.set(id, v)
  }
  return m
}
