import type { DatabaseClient } from '../db/database-client.js'

/**
 * Every table mig creates in a Magento database carries a comment starting with `mig:`
 * (`mig:deltalog …` for deltalogs, `mig:state …` for bookkeeping), which is how teardown finds
 * exactly what mig owns and nothing else.
 */
export const MIG_OBJECT_MARKER_PREFIX = 'mig:'

/** The tables of the client's database whose comment starts with `commentPrefix` (all of mig's by default), by name. */
export async function readMigTables(
  client: DatabaseClient,
  commentPrefix: string = MIG_OBJECT_MARKER_PREFIX,
): Promise<{ readonly name: string; readonly comment: string }[]> {
  const rows = await client.query<{ TABLE_NAME: string; TABLE_COMMENT: string }>(
    `SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' AND TABLE_COMMENT LIKE ? ORDER BY TABLE_NAME`,
    [client.databaseName, `${commentPrefix}%`],
  )
  return rows.map((row) => ({ name: row.TABLE_NAME, comment: row.TABLE_COMMENT }))
}
