import { quoteIdentifier, type Session, type SqlValue } from '@mig/core'
import type { SequenceEntry } from './raise-sequences.js'
import { SALES_SEQUENCE_TYPES } from './sequence-types.js'

/** One Magento 1 eav_entity_store row with its entity type code; usable as a SequenceEntry as it is. */
export interface EntityStoreRow extends SequenceEntry {
  readonly entityStoreId: SqlValue
  readonly entityTypeId: SqlValue
  /** eav_entity_type.entity_type_code (order, invoice, shipment, creditmemo, customer, …); null when the type row is missing. */
  readonly entityTypeCode: string | null
  readonly storeId: SqlValue
  readonly incrementPrefix: string | null
  /** eav_entity_store.increment_last_id */
  readonly lastIncrementId: string | null
}

const CHUNK_SIZE = 1000

interface RawRow {
  entity_store_id: SqlValue
  entity_type_id: SqlValue
  entity_type_code: SqlValue
  store_id: SqlValue
  increment_prefix: SqlValue
  increment_last_id: SqlValue
}

/**
 * Reads the Magento 1 eav_entity_store rows with the given entity_store_id keys (e.g. a deltalog's
 * pending keys: plain values or one-column key tuples), joined to eav_entity_type for the type code.
 * Keys without a row (deleted) are simply not returned. Rows come back ordered by entity_store_id.
 */
export async function readEntityStoreRows(
  source: Session,
  sourcePrefix: string,
  keys: readonly (SqlValue | readonly SqlValue[])[],
): Promise<EntityStoreRow[]> {
  const wanted = keys
    .map((key): SqlValue | undefined => (Array.isArray(key) ? (key as readonly SqlValue[])[0] : (key as SqlValue)))
    .filter((key): key is SqlValue => key !== null && key !== undefined)
  const store = quoteIdentifier(`${sourcePrefix}eav_entity_store`)
  const type = quoteIdentifier(`${sourcePrefix}eav_entity_type`)
  const rows: EntityStoreRow[] = []
  for (let start = 0; start < wanted.length; start += CHUNK_SIZE) {
    const chunk = wanted.slice(start, start + CHUNK_SIZE)
    const found = await source.query<RawRow>(
      `SELECT s.entity_store_id, s.entity_type_id, t.entity_type_code, s.store_id, s.increment_prefix, s.increment_last_id
         FROM ${store} s LEFT JOIN ${type} t ON t.entity_type_id = s.entity_type_id
        WHERE s.entity_store_id IN (${chunk.map(() => '?').join(', ')})
        ORDER BY s.entity_store_id`,
      chunk,
    )
    for (const row of found) {
      rows.push({
        entityStoreId: row.entity_store_id,
        entityTypeId: row.entity_type_id,
        entityTypeCode: text(row.entity_type_code),
        storeId: row.store_id,
        incrementPrefix: text(row.increment_prefix),
        lastIncrementId: text(row.increment_last_id),
      })
    }
  }
  return rows
}

/** The rows that raise a Magento 2 sequence: sales entity types with a last increment id. */
export function sequenceEntriesFrom(rows: readonly EntityStoreRow[]): EntityStoreRow[] {
  return rows.filter(
    (row) =>
      row.entityTypeCode !== null &&
      SALES_SEQUENCE_TYPES.includes(row.entityTypeCode) &&
      row.lastIncrementId !== null &&
      row.lastIncrementId !== '',
  )
}

function text(value: SqlValue): string | null {
  if (value === null || value === undefined) return null
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value)
}
