import type { EntityTypeInfo } from './entity-types.js'
import type { Schema } from './schema.js'
import { idOf, rows, str } from './sql.js'
import type { Conn, Id } from './types.js'

/**
 * Magento 1's eav/entity_increment_numeric: next = prefix + pad(last + 1).
 * (Mage_Eav_Model_Entity_Increment_Numeric::getNextId; the prefix is stripped when `last` starts with it.)
 */
export function nextIncrement(prefix: string, last: string | null, padLength: number, padChar: string): string {
  let rest = last ?? ''
  if (prefix !== '' && rest.startsWith(prefix)) rest = rest.slice(prefix.length)
  const digits = /^[0-9]*/.exec(rest)?.[0] ?? ''
  const next = (digits === '' ? 0n : BigInt(digits)) + 1n
  return prefix + next.toString().padStart(padLength, padChar)
}

/**
 * Allocate the next increment id for an entity type and store, locking the eav_entity_store row
 * with SELECT … FOR UPDATE inside the caller's transaction. Creates the row as Magento does
 * (increment_prefix = store id) when it is missing; concurrent creators serialize on the
 * eav_entity_type row, and a deadlock between them is retried by the transaction runner.
 */
export async function allocateIncrementId(
  conn: Conn,
  schema: Schema,
  type: EntityTypeInfo,
  storeId: Id,
): Promise<string> {
  const sid = type.perStore ? storeId : '0'
  const find = async () =>
    rows(
      conn,
      `SELECT entity_store_id, increment_prefix, increment_last_id FROM ${schema.t('eav_entity_store')}
        WHERE entity_type_id = ? AND store_id = ? ORDER BY entity_store_id LIMIT 1 FOR UPDATE`,
      [type.id, sid],
    )
  let found = await find()
  if (found.length === 0) {
    await rows(conn, `SELECT entity_type_id FROM ${schema.t('eav_entity_type')} WHERE entity_type_id = ? FOR UPDATE`, [
      type.id,
    ])
    found = await find()
    if (found.length === 0) {
      const id = await schema.insert(conn, 'eav_entity_store', {
        entity_type_id: type.id,
        store_id: sid,
        increment_prefix: sid,
        increment_last_id: null,
      })
      found = [{ entity_store_id: id, increment_prefix: sid, increment_last_id: null }]
    }
  }
  const row = found[0]!
  const next = nextIncrement(str(row.increment_prefix) ?? '', str(row.increment_last_id), type.padLength, type.padChar)
  await schema.update(conn, 'eav_entity_store', { increment_last_id: next }, 'entity_store_id = ?', [
    idOf(row.entity_store_id) ?? '0',
  ])
  return next
}
