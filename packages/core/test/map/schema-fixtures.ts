import type { ColumnSchema, TableSchema } from '../../src/db/table-schema.js'
import type { MapRules } from '../../src/interfaces/map.js'
import { parseMapXml } from '../../src/map/map-xml-reader.js'

/** A nullable varchar column unless overridden. */
export function column(name: string, overrides: Partial<ColumnSchema> = {}): ColumnSchema {
  return {
    name,
    columnType: 'varchar(255)',
    dataType: 'varchar',
    nullable: true,
    defaultValue: null,
    hasDefault: true,
    autoIncrement: false,
    generated: false,
    characterSet: 'utf8mb3',
    collation: 'utf8mb3_general_ci',
    ...overrides,
  }
}

/** NOT NULL without a default: an INSERT must give it a value. */
export function required(name: string, overrides: Partial<ColumnSchema> = {}): ColumnSchema {
  return column(name, { nullable: false, hasDefault: false, ...overrides })
}

export function table(name: string, columns: readonly ColumnSchema[], primaryKey: readonly string[] = []): TableSchema {
  return { name, columns, primaryKey, uniqueKeys: [], foreignKeys: [], comment: '' }
}

/** Keyed by physical name, as readDatabaseSchema returns it. */
export function schema(...tables: TableSchema[]): Map<string, TableSchema> {
  return new Map(tables.map((t) => [t.name, t]))
}

/** Map rules from the <source> and <destination> bodies of a map.xml. */
export function mapRules(source: string, destination = ''): MapRules {
  return parseMapXml(`<map><source>${source}</source><destination>${destination}</destination></map>`, 'map.xml')
}
