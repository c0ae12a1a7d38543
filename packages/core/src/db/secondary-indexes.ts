import type { DatabaseClient } from './database-client.js'
import { quoteIdentifier as q } from './identifier.js'

/** A table's index other than its primary key, as the live server describes it. */
export interface SecondaryIndex {
  readonly name: string
  readonly kind: 'index' | 'unique' | 'fulltext' | 'spatial'
  /** Indexed columns in order (prefix lengths left out). */
  readonly columns: readonly string[]
  /**
   * The clause exactly as SHOW CREATE TABLE prints it (`KEY \`name\` (…) COMMENT '…'`), so that
   * `ALTER TABLE … ADD <definition>` recreates the index as it was: type, prefix lengths, order, comment.
   */
  readonly definition: string
}

interface StatisticsRow {
  readonly INDEX_NAME: string
  readonly NON_UNIQUE: number | string
  readonly INDEX_TYPE: string
  readonly COLUMN_NAME: string
}

const KEYWORD: Readonly<Record<SecondaryIndex['kind'], string>> = {
  index: 'KEY',
  unique: 'UNIQUE KEY',
  fulltext: 'FULLTEXT KEY',
  spatial: 'SPATIAL KEY',
}

/** Every secondary index of `table` in the client's database, with the definition that recreates it. */
export async function readSecondaryIndexes(client: DatabaseClient, table: string): Promise<SecondaryIndex[]> {
  const rows = await client.query<StatisticsRow>(
    `SELECT INDEX_NAME, NON_UNIQUE, INDEX_TYPE, COLUMN_NAME FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME <> 'PRIMARY' ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
    [client.databaseName, table],
  )
  if (rows.length === 0) return []
  const created = await client.query<Record<string, string>>(`SHOW CREATE TABLE ${q(table)}`)
  const lines = String(Object.values(created[0] ?? {})[1] ?? '')
    .split('\n')
    .map((line) => line.trim().replace(/,$/, ''))
  const byName = new Map<string, { kind: SecondaryIndex['kind']; columns: string[] }>()
  for (const row of rows) {
    const entry = byName.get(row.INDEX_NAME) ?? { kind: kindOf(row), columns: [] }
    entry.columns.push(row.COLUMN_NAME)
    byName.set(row.INDEX_NAME, entry)
  }
  const found = [...byName].map(([name, entry]) => {
    const start = `${KEYWORD[entry.kind]} ${q(name)} `
    const line = lines.findIndex((text) => text.startsWith(start))
    // SHOW CREATE TABLE prints every index; a missing line means the server printed it in a way this
    // reader does not know, and such an index is never touched (see deferrableIndexes).
    return { index: { name, kind: entry.kind, columns: entry.columns, definition: lines[line] ?? '' }, line }
  })
  // In the table's own order, so that indexes built again come back in it.
  return found.sort((a, b) => a.line - b.line).map((item) => item.index)
}

function kindOf(row: StatisticsRow): SecondaryIndex['kind'] {
  const type = row.INDEX_TYPE.toUpperCase()
  if (type === 'FULLTEXT') return 'fulltext'
  if (type === 'SPATIAL') return 'spatial'
  return Number(row.NON_UNIQUE) === 0 ? 'unique' : 'index'
}
