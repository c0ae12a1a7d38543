import { quoteIdentifier as q } from '../../db/identifier.js'
import type { SqlRow, SqlValue } from '../../db/sql-value.js'
import type { TableSchema } from '../../db/table-schema.js'
import { MigError } from '../../errors/mig-error.js'
import { EAV_KINDS, EAV_TABLES, type EavKind } from './eav-kinds.js'

/** What both a DatabaseClient and a pinned Session offer for reading. */
export interface Queryable {
  query<T = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]>
}

/** Extra per-attribute tables read when present. */
export const EXTRA_TABLES = [
  'catalog_eav_attribute',
  'customer_eav_attribute',
  'customer_eav_attribute_website',
  'customer_form_attribute',
] as const
export type ExtraTable = (typeof EXTRA_TABLES)[number]

/** One side's EAV metadata, read whole: these tables are small next to the value tables. */
export interface EavSnapshot {
  readonly side: 'Magento 1' | 'Magento 2'
  readonly prefix: string
  readonly schema: ReadonlyMap<string, TableSchema>
  readonly rows: Readonly<Record<EavKind, readonly SqlRow[]>>
  readonly extras: ReadonlyMap<ExtraTable, readonly SqlRow[]>
}

export function tableOf(snapshot: Pick<EavSnapshot, 'schema' | 'prefix'>, logical: string): TableSchema | undefined {
  return snapshot.schema.get(`${snapshot.prefix}${logical}`)
}

export async function readEavSnapshot(
  reader: Queryable,
  side: EavSnapshot['side'],
  prefix: string,
  schema: ReadonlyMap<string, TableSchema>,
): Promise<EavSnapshot> {
  const rows: Partial<Record<EavKind, SqlRow[]>> = {}
  for (const kind of EAV_KINDS) {
    const { table, idColumn } = EAV_TABLES[kind]
    const physical = schema.get(`${prefix}${table}`)
    if (physical === undefined) {
      throw new MigError(
        `${side} has no table ${prefix}${table}; check ${side === 'Magento 1' ? 'source_prefix' : 'dest_prefix'} in config.xml`,
      )
    }
    rows[kind] = await reader.query<SqlRow>(`SELECT * FROM ${q(physical.name)} ORDER BY ${q(idColumn)}`)
  }
  const extras = new Map<ExtraTable, SqlRow[]>()
  for (const table of EXTRA_TABLES) {
    const physical = schema.get(`${prefix}${table}`)
    if (physical !== undefined) extras.set(table, await reader.query<SqlRow>(`SELECT * FROM ${q(physical.name)}`))
  }
  return { side, prefix, schema, rows: rows as Record<EavKind, SqlRow[]>, extras }
}

/**
 * AUTO_INCREMENT of the given physical tables. MySQL 8 caches it in information_schema for a day
 * unless the session asks for fresh statistics (MariaDB has no such cache, nor the variable).
 */
export async function readAutoIncrements(
  reader: Queryable & { execute?(sql: string): Promise<unknown> },
  database: string,
  tables: readonly string[],
): Promise<Map<string, number>> {
  if (tables.length === 0) return new Map()
  if (reader.execute) await reader.execute('SET SESSION information_schema_stats_expiry = 0').catch(() => undefined)
  const rows = await reader.query<{ TABLE_NAME: string; AUTO_INCREMENT: SqlValue }>(
    `SELECT TABLE_NAME, AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (${tables.map(() => '?').join(', ')})`,
    [database, ...tables],
  )
  const result = new Map<string, number>()
  for (const row of rows) {
    if (row.AUTO_INCREMENT !== null) result.set(row.TABLE_NAME, Number(row.AUTO_INCREMENT))
  }
  return result
}
