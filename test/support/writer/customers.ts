import { loadAttributes, loadAttributeValues } from './eav.js'
import type { Schema } from './schema.js'
import { idOf, rows, str } from './sql.js'
import type { Conn, Id } from './types.js'

export interface CustomerInfo {
  id: Id
  email: string
  firstname: string
  lastname: string
  groupId: Id
  websiteId: Id | null
}

/** Existing customers (registered checkouts use them; none → registered checkouts fall back to guests). */
export async function loadCustomers(conn: Conn, schema: Schema): Promise<CustomerInfo[]> {
  if (!schema.has('customer_entity')) return []
  const list = await rows(
    conn,
    `SELECT entity_id, email, group_id, website_id FROM ${schema.t('customer_entity')} ORDER BY entity_id LIMIT 500`,
  )
  const attrs = await loadAttributes(conn, schema, 'customer', ['firstname', 'lastname'])
  const first = await loadAttributeValues(conn, schema, 'customer_entity', attrs.get('firstname'))
  const last = await loadAttributeValues(conn, schema, 'customer_entity', attrs.get('lastname'))
  return list.map((r) => {
    const id = idOf(r.entity_id) ?? '0'
    return {
      id,
      email: str(r.email) ?? `customer${id}@example.com`,
      firstname: first.get(id) ?? 'Customer',
      lastname: last.get(id) ?? id,
      groupId: idOf(r.group_id) ?? '1',
      websiteId: idOf(r.website_id),
    }
  })
}
