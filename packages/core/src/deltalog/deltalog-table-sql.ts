import { quoteIdentifier as q } from '../db/identifier.js'
import type { ColumnSchema } from '../db/table-schema.js'
import { DELTALOG_MARKER } from './deltalog-naming.js'

/**
 * Key columns copy the source's exact type (a DECIMAL qty, BIGINT UNSIGNED or VARCHAR key works
 * as well as an INT) and its collation, so the deltalog key compares like the source key.
 */
export function keyColumnDefinition(column: ColumnSchema): string {
  const charset =
    column.characterSet && column.collation ? ` CHARACTER SET ${column.characterSet} COLLATE ${column.collation}` : ''
  return `${q(column.name)} ${column.columnType}${charset} NOT NULL`
}

export function deltalogComment(physicalTable: string): string {
  return `${DELTALOG_MARKER} ${physicalTable}`
}

export function createDeltalogTableSql(
  deltalog: string,
  physicalTable: string,
  keyColumns: readonly ColumnSchema[],
): string {
  const keys = keyColumns.map((column) => q(column.name)).join(', ')
  return [
    `CREATE TABLE IF NOT EXISTS ${q(deltalog)} (`,
    ...keyColumns.map((column) => `  ${keyColumnDefinition(column)},`),
    "  `operation` ENUM('INSERT','UPDATE','DELETE') NOT NULL,",
    '  `version` BIGINT UNSIGNED NOT NULL DEFAULT 1,',
    '  `changed_at` TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),',
    `  PRIMARY KEY (${keys})`,
    `) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='${deltalogComment(physicalTable).replaceAll("'", "''")}'`,
  ].join('\n')
}
