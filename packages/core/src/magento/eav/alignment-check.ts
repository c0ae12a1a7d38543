import type { DatabaseClient } from '../../db/database-client.js'
import { quoteIdentifier as q } from '../../db/identifier.js'

/** Where the EAV ids of Magento 1 stand in Magento 2. */
export interface EavAlignmentState {
  /** Magento 1 attributes and attribute sets not under their Magento 1 id in Magento 2, as `entity type/code #id`. */
  readonly misplaced: readonly string[]
  readonly checked: number
}

interface IdRow {
  readonly id: number | string
  readonly code: string
  readonly type: string
}

/**
 * Whether Magento 1's attributes and attribute sets sit under their Magento 1 ids in Magento 2 (same
 * entity type, same code or name), as `mig data run`'s EAV alignment leaves them. EAV values and
 * entities carry those ids as they are: applied before the alignment, a value would land on whatever
 * Magento 2 attribute has that id. Read at run time, so an attribute created in Magento 1 after the
 * data run shows too.
 */
export async function checkEavAlignment(
  source: DatabaseClient,
  destination: DatabaseClient,
  prefixes: { readonly sourcePrefix: string; readonly destPrefix: string },
): Promise<EavAlignmentState> {
  const read = (client: DatabaseClient, prefix: string): Promise<IdRow[]> => {
    const type = q(`${prefix}eav_entity_type`)
    return client.query<IdRow>(
      `SELECT CONCAT('a', a.attribute_id) AS id, a.attribute_code AS code, t.entity_type_code AS type FROM ${q(`${prefix}eav_attribute`)} a JOIN ${type} t ON t.entity_type_id = a.entity_type_id ` +
        `UNION ALL SELECT CONCAT('s', s.attribute_set_id), s.attribute_set_name, t.entity_type_code FROM ${q(`${prefix}eav_attribute_set`)} s JOIN ${type} t ON t.entity_type_id = s.entity_type_id`,
    )
  }
  const [magento1, magento2] = await Promise.all([
    read(source, prefixes.sourcePrefix),
    read(destination, prefixes.destPrefix),
  ])
  const there = new Map(magento2.map((row) => [String(row.id), row]))
  const misplaced: string[] = []
  for (const row of magento1) {
    const match = there.get(String(row.id))
    if (match?.type === row.type && match.code.toLowerCase() === row.code.toLowerCase()) continue
    const kind = String(row.id).startsWith('s') ? 'attribute set' : 'attribute'
    misplaced.push(`${kind} ${row.type}/${row.code} #${String(row.id).slice(1)}`)
  }
  return { misplaced, checked: magento1.length }
}
