import type { DatabaseClient, Session } from '../../db/database-client.js'
import { quoteIdentifier as q } from '../../db/identifier.js'
import type { SqlRow } from '../../db/sql-value.js'
import type { TableSchema } from '../../db/table-schema.js'
import { upsertRows } from '../../delta/destination-writer.js'
import { prepareWriteSession } from '../../delta/write-session.js'
import { MigError } from '../../errors/mig-error.js'
import type { Logger } from '../../log/logger.js'
import { storeGroupCode } from './store-group-code.js'

export interface StoreAlignmentOptions {
  readonly source: DatabaseClient
  readonly destination: DatabaseClient
  readonly sourcePrefix: string
  readonly destPrefix: string
  readonly sourceSchema: ReadonlyMap<string, TableSchema>
  readonly destinationSchema: ReadonlyMap<string, TableSchema>
  readonly log: Logger
}

export interface StoreAlignmentReport {
  readonly websites: number
  readonly groups: number
  readonly stores: number
  /** Magento 2 stores Magento 1 does not have: kept, and named here. */
  readonly extraStores: readonly string[]
}

/** Parents first: a group needs its website, a store its group and website. */
const STORE_TABLES = [
  { source: 'core_website', destination: 'store_website', key: 'website_id' },
  { source: 'core_store_group', destination: 'store_group', key: 'group_id' },
  { source: 'core_store', destination: 'store', key: 'store_id' },
] as const

/**
 * Websites, store groups and store views keep their Magento 1 ids in Magento 2, so every
 * store_id / website_id in the rows copied later means the same store. Rows are upserted by id
 * (Magento 2's admin and default rows are overwritten by Magento 1's); Magento 2 stores Magento 1
 * does not have are left alone — deleting one would cascade into everything configured for it.
 */
export async function alignStores(options: StoreAlignmentOptions): Promise<StoreAlignmentReport> {
  const counts: Record<string, number> = {}
  let extraStores: string[] = []
  await options.destination.transaction(async (session) => {
    await prepareWriteSession(session)
    for (const table of STORE_TABLES) {
      const sourceTable = options.sourceSchema.get(`${options.sourcePrefix}${table.source}`)
      const destinationTable = options.destinationSchema.get(`${options.destPrefix}${table.destination}`)
      if (!sourceTable || !destinationTable) {
        throw new MigError(
          `${sourceTable ? `${options.destPrefix}${table.destination} is missing in Magento 2` : `${options.sourcePrefix}${table.source} is missing in Magento 1`}; check source_prefix / dest_prefix in config.xml`,
        )
      }
      const rows = await options.source.query<SqlRow>(`SELECT * FROM ${q(sourceTable.name)} ORDER BY ${q(table.key)}`)
      const columns = sourceTable.columns
        .map((column) => column.name)
        .filter((name) => destinationTable.columns.some((candidate) => candidate.name === name && !candidate.generated))
      const prepared =
        table.destination === 'store_group' ? await withGroupCodes(session, destinationTable, rows) : rows
      // Magento 2 gives groups a code; Magento 1 has none.
      const extra =
        table.destination === 'store_group' &&
        !columns.includes('code') &&
        destinationTable.columns.some((column) => column.name === 'code')
          ? ['code']
          : []
      const errors = await upsertRows(session, {
        table: destinationTable.name,
        columns: [...columns, ...extra],
        keyColumns: [table.key],
        strategy: 'on-duplicate-key',
        rows: prepared,
      })
      if (errors.length > 0) {
        const first = errors[0]
        throw new MigError(
          `${table.source} ${table.key}=${String(rows[first?.index ?? 0]?.[table.key])} cannot be copied to ${destinationTable.name}: ${first?.reason}`,
        )
      }
      counts[table.destination] = rows.length
      if (table.destination === 'store') {
        const ids = new Set(rows.map((row) => String(row[table.key])))
        const existing = await session.query<{ store_id: string | number; code: string }>(
          `SELECT store_id, code FROM ${q(destinationTable.name)}`,
        )
        extraStores = existing
          .filter((row) => !ids.has(String(row.store_id)))
          .map((row) => `${row.code} (store_id ${row.store_id})`)
      }
    }
  })
  for (const store of extraStores)
    options.log.warn(`Magento 2 has store ${store}, which Magento 1 does not: it is kept as it is`)
  const report = {
    websites: counts['store_website'] ?? 0,
    groups: counts['store_group'] ?? 0,
    stores: counts['store'] ?? 0,
    extraStores,
  }
  options.log.info(
    `stores: ${report.websites} websites, ${report.groups} store groups, ${report.stores} store views aligned with Magento 1 ids`,
  )
  return report
}

/** A Magento 1 group keeps the code its Magento 2 row already has; a new one gets a unique derived code. */
async function withGroupCodes(session: Session, table: TableSchema, rows: readonly SqlRow[]): Promise<SqlRow[]> {
  if (!table.columns.some((column) => column.name === 'code')) return [...rows]
  const existing = await session.query<{ group_id: string | number; code: string | null }>(
    `SELECT group_id, code FROM ${q(table.name)}`,
  )
  const byId = new Map(existing.map((row) => [String(row.group_id), row.code]))
  const taken = new Set(existing.map((row) => row.code).filter((code): code is string => code !== null))
  return rows.map((row) => {
    const kept = byId.get(String(row['group_id']))
    if (kept) return { ...row, code: kept }
    const code = storeGroupCode(String(row['name'] ?? ''), taken)
    taken.add(code)
    return { ...row, code }
  })
}
