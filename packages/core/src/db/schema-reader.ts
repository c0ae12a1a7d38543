import type { DatabaseClient } from './database-client.js'
import type { ColumnSchema, ForeignKeySchema, TableSchema } from './table-schema.js'

interface ColumnRow {
  TABLE_NAME: string
  COLUMN_NAME: string
  COLUMN_TYPE: string
  DATA_TYPE: string
  IS_NULLABLE: string
  COLUMN_DEFAULT: string | null
  EXTRA: string
  CHARACTER_SET_NAME: string | null
  COLLATION_NAME: string | null
}

interface IndexRow {
  TABLE_NAME: string
  INDEX_NAME: string
  COLUMN_NAME: string
  NON_UNIQUE: number | string
}

interface ForeignKeyRow {
  TABLE_NAME: string
  CONSTRAINT_NAME: string
  COLUMN_NAME: string
  REFERENCED_TABLE_NAME: string
  REFERENCED_COLUMN_NAME: string
  DELETE_RULE: string
}

/**
 * Reads the live schema of a whole database in four queries. Schemas are read at run time,
 * never assumed: stores differ by Magento version, extensions and table prefixes.
 */
export async function readDatabaseSchema(
  client: DatabaseClient,
  database = client.databaseName,
): Promise<Map<string, TableSchema>> {
  const tables = await client.query<{ TABLE_NAME: string; TABLE_COMMENT: string }>(
    `SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'`,
    [database],
  )
  const columns = await client.query<ColumnRow>(
    `SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, CHARACTER_SET_NAME, COLLATION_NAME
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [database],
  )
  const indexes = await client.query<IndexRow>(
    `SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME, NON_UNIQUE FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    [database],
  )
  const foreignKeys = await client.query<ForeignKeyRow>(
    `SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.DELETE_RULE
       FROM information_schema.KEY_COLUMN_USAGE k
       JOIN information_schema.REFERENTIAL_CONSTRAINTS r
         ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
      WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
      ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    [database],
  )

  const columnsByTable = groupBy(columns, (row) => row.TABLE_NAME)
  const indexesByTable = groupBy(indexes, (row) => row.TABLE_NAME)
  const foreignKeysByTable = groupBy(foreignKeys, (row) => row.TABLE_NAME)
  const result = new Map<string, TableSchema>()
  for (const table of tables) {
    const name = table.TABLE_NAME
    const keyColumns = groupBy(indexesByTable.get(name) ?? [], (row) => row.INDEX_NAME)
    const primaryKey = (keyColumns.get('PRIMARY') ?? []).map((row) => row.COLUMN_NAME)
    const uniqueKeys = [...keyColumns.entries()]
      .filter(([index, rows]) => index !== 'PRIMARY' && Number(rows[0]?.NON_UNIQUE) === 0)
      .map(([, rows]) => rows.map((row) => row.COLUMN_NAME))
    result.set(name, {
      name,
      comment: table.TABLE_COMMENT,
      columns: (columnsByTable.get(name) ?? []).map(toColumn),
      primaryKey,
      uniqueKeys,
      foreignKeys: toForeignKeys(foreignKeysByTable.get(name) ?? []),
    })
  }
  return result
}

function toColumn(row: ColumnRow): ColumnSchema {
  const extra = row.EXTRA.toLowerCase()
  // MariaDB reports a literal NULL default as the text 'NULL'; MySQL as SQL NULL.
  const defaultValue = row.COLUMN_DEFAULT === 'NULL' ? null : row.COLUMN_DEFAULT
  return {
    name: row.COLUMN_NAME,
    columnType: row.COLUMN_TYPE,
    dataType: row.DATA_TYPE.toLowerCase(),
    nullable: row.IS_NULLABLE === 'YES',
    defaultValue,
    hasDefault: row.COLUMN_DEFAULT !== null || row.IS_NULLABLE === 'YES',
    autoIncrement: extra.includes('auto_increment'),
    onUpdateNow: extra.includes('on update'),
    generated: /\b(virtual|stored|persistent)\b/.test(extra),
    characterSet: row.CHARACTER_SET_NAME,
    collation: row.COLLATION_NAME,
  }
}

function toForeignKeys(rows: readonly ForeignKeyRow[]): ForeignKeySchema[] {
  return [...groupBy(rows, (row) => row.CONSTRAINT_NAME).entries()].map(([name, parts]) => ({
    name,
    columns: parts.map((part) => part.COLUMN_NAME),
    referencedTable: parts[0]?.REFERENCED_TABLE_NAME ?? '',
    referencedColumns: parts.map((part) => part.REFERENCED_COLUMN_NAME),
    onDelete: parts[0]?.DELETE_RULE ?? 'RESTRICT',
  }))
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    const group = groups.get(key)
    if (group) group.push(item)
    else groups.set(key, [item])
  }
  return groups
}
