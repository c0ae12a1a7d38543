import { keysCondition, quoteIdentifier as q, type DatabaseClient, type SqlRow, type SqlValue } from '@mig/core'

/**
 * Magento 1's bundle options' products, by option_id: Magento 2's option titles carry the parent
 * product too (its unique key is option, parent product, store).
 */
export async function readBundleOptionParents(source: DatabaseClient, optionTable: string, optionIds: readonly SqlValue[]): Promise<Map<string, SqlValue>> {
  const unique = [...new Set(optionIds.map(String))]
  if (unique.length === 0) return new Map()
  const where = keysCondition(['option_id'], unique.map((id) => [id]))
  const rows = await source.query<SqlRow>(`SELECT option_id, parent_id FROM ${q(optionTable)} WHERE ${where.sql}`, where.params)
  return new Map(rows.map((row) => [String(row['option_id']), row['parent_id'] ?? null]))
}
