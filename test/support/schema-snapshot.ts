import type { Connection } from 'mysql2/promise'
import { queryRows } from './sql-rows.js'

/**
 * SHOW CREATE TABLE of every table in `database` that is not mig's own (comment `mig:…`), without
 * the AUTO_INCREMENT counter: what a run must leave as it found it. Index lines are sorted: an index
 * built again after a copy is listed after those that stayed (the order has no meaning to the server).
 */
export async function schemaSnapshot(db: Connection, database: string): Promise<Record<string, string>> {
  const tables = await queryRows(
    db,
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' AND TABLE_COMMENT NOT LIKE 'mig:%' ORDER BY TABLE_NAME`,
    [database],
  )
  const snapshot: Record<string, string> = {}
  for (const { name } of tables) {
    const [row] = await queryRows(db, `SHOW CREATE TABLE \`${database}\`.\`${String(name)}\``)
    const lines = String(row?.['Create Table'])
      .replace(/ AUTO_INCREMENT=\d+/, '')
      .split('\n')
      .map((line) => line.replace(/,$/, ''))
    const isIndex = (line: string): boolean => /^\s+(UNIQUE |FULLTEXT |SPATIAL )?KEY /.test(line)
    snapshot[String(name)] = [...lines.filter((line) => !isIndex(line)), ...lines.filter(isIndex).sort()].join('\n')
  }
  return snapshot
}
