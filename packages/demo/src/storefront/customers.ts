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

/** E-mails of customers a writer registered (c<seed>-<n>[-<k>]@example.com, see registerCustomer). */
export const WRITER_CUSTOMER_EMAIL = '^c-?[0-9]+-[0-9]+(-[0-9]+)?@example[.]com$'

/**
 * Existing customers (registered checkouts use them; none → registered checkouts fall back to
 * guests). Customers registered by writers are left out: the writer that registered one may
 * delete it, and a writer on another connection must never check out as a deleted customer.
 */
export async function loadCustomers(conn: Conn, schema: Schema): Promise<CustomerInfo[]> {
  if (!schema.has('customer_entity')) return []
  const list = await rows(
    conn,
    `SELECT entity_id, email, group_id, website_id FROM ${schema.t('customer_entity')}
      WHERE email IS NULL OR email NOT REGEXP ? ORDER BY entity_id LIMIT 500`,
    [WRITER_CUSTOMER_EMAIL],
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
