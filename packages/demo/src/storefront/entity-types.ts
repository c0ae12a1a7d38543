import type { Schema } from './schema.js'
import { idOf, rows, str } from './sql.js'
import type { Conn, Id } from './types.js'

export type SalesEntity = 'order' | 'invoice' | 'shipment' | 'creditmemo'

export interface EntityTypeInfo {
  code: SalesEntity
  id: Id
  perStore: boolean
  padLength: number
  padChar: string
}

/** The sales entity types (for increment ids), read from eav_entity_type — never hard-coded. */
export async function loadSalesEntityTypes(conn: Conn, schema: Schema): Promise<Record<SalesEntity, EntityTypeInfo>> {
  const codes: SalesEntity[] = ['order', 'invoice', 'shipment', 'creditmemo']
  const list = await rows(
    conn,
    `SELECT entity_type_id, entity_type_code, increment_per_store, increment_pad_length, increment_pad_char
       FROM ${schema.t('eav_entity_type')} WHERE entity_type_code IN ('order', 'invoice', 'shipment', 'creditmemo')`,
  )
  const out: Partial<Record<SalesEntity, EntityTypeInfo>> = {}
  for (const r of list) {
    const code = String(r.entity_type_code) as SalesEntity
    out[code] = {
      code,
      id: idOf(r.entity_type_id) ?? '0',
      perStore: Number(r.increment_per_store) === 1,
      padLength: Number(r.increment_pad_length ?? 8) || 8,
      padChar: str(r.increment_pad_char) || '0',
    }
  }
  for (const c of codes) if (!out[c]) throw new Error(`eav_entity_type has no '${c}' entity type`)
  return out as Record<SalesEntity, EntityTypeInfo>
}
