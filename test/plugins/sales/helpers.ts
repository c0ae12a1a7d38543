import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { DatabaseClient, readDatabaseSchema, type TableSchema } from '@mig/core/engine'
import {
  fixturePath,
  loadDump,
  MAGENTO1_DUMP,
  MAGENTO2_DUMP,
  repoRoot,
  testDbSettings,
  type TestDatabases,
} from '../../support/index.js'
import { readMapXml } from '@mig/core/engine'
import type { MapRules } from '@mig/core/engine'

export const MAP_XML = path.join(repoRoot(), 'packages', 'plugin-sales', 'etc', 'map.xml')

export function readSalesMap(): Promise<MapRules> {
  return readMapXml(MAP_XML, '@mig/plugin-sales')
}

/** A DatabaseClient on a test database, configured like the product's. */
export function connect(name: string, role: 'source' | 'destination'): Promise<DatabaseClient> {
  const settings = testDbSettings()
  return DatabaseClient.connect({
    role,
    database: { host: settings.host, port: settings.port, user: settings.user, password: settings.password, name },
    poolSize: 2,
  })
}

export async function schemaOf(client: DatabaseClient): Promise<Map<string, TableSchema>> {
  return readDatabaseSchema(client)
}

/**
 * The Magento 1 tables of the "sales" domain in ../shared/facts/magento1-to-magento2-tables.tsv,
 * kept here too so the suite runs where the facts folder is not available.
 */
export const SALES_TABLES: readonly string[] = [
  'sales_flat_order',
  'sales_flat_order_item',
  'sales_flat_order_address',
  'sales_flat_order_payment',
  'sales_flat_order_status_history',
  'sales_flat_order_grid',
  'sales_flat_invoice',
  'sales_flat_invoice_item',
  'sales_flat_invoice_comment',
  'sales_flat_invoice_grid',
  'sales_flat_shipment',
  'sales_flat_shipment_item',
  'sales_flat_shipment_comment',
  'sales_flat_shipment_track',
  'sales_flat_shipment_grid',
  'sales_flat_creditmemo',
  'sales_flat_creditmemo_item',
  'sales_flat_creditmemo_comment',
  'sales_flat_creditmemo_grid',
  'sales_flat_quote',
  'sales_flat_quote_address',
  'sales_flat_quote_address_item',
  'sales_flat_quote_item',
  'sales_flat_quote_item_option',
  'sales_flat_quote_payment',
  'sales_flat_quote_shipping_rate',
  'sales_payment_transaction',
  'sales_order_tax',
  'sales_order_tax_item',
  'gift_message',
  'eav_entity_store',
]

/** Tables map.xml deliberately does not copy. */
export const NOT_COPIED: readonly string[] = [
  'sales_flat_order_grid',
  'sales_flat_invoice_grid',
  'sales_flat_shipment_grid',
  'sales_flat_creditmemo_grid',
  'eav_entity_store',
]

/** The sales rows of the facts TSV, or undefined when the file is not there. */
export function salesTablesFromFacts(): string[] | undefined {
  const dir = process.env['MIG_FACTS_DIR'] ?? path.resolve(repoRoot(), '..', 'shared', 'facts')
  const file = path.join(dir, 'magento1-to-magento2-tables.tsv')
  if (!existsSync(file)) return undefined
  const lines = readFileSync(file, 'utf8').split('\n').slice(1)
  const tables = lines
    .map((line) => line.split('\t'))
    .filter((cells) => cells[0] === 'sales')
    .map((cells) => cells[1] as string)
  return [...new Set(tables)]
}

/** Both dumps (or the schema subset) loaded into fresh databases, connected, with their live schemas. */
export interface MagentoPair {
  readonly source: DatabaseClient
  readonly destination: DatabaseClient
  readonly sourceSchema: Map<string, TableSchema>
  readonly destinationSchema: Map<string, TableSchema>
  close(): Promise<void>
}

export async function loadMagentoPair(
  dbs: TestDatabases,
  hint: string,
  sourcePrefix: string,
  destPrefix: string,
): Promise<MagentoPair> {
  const m1 = await dbs.create(`${hint}_m1`)
  const m2 = await dbs.create(`${hint}_m2`)
  await Promise.all([
    loadDump(m1, fixturePath(MAGENTO1_DUMP), { tablePrefix: sourcePrefix }),
    loadDump(m2, fixturePath(MAGENTO2_DUMP), { tablePrefix: destPrefix }),
  ])
  const source = await connect(m1, 'source')
  const destination = await connect(m2, 'destination')
  const [sourceSchema, destinationSchema] = await Promise.all([schemaOf(source), schemaOf(destination)])
  return {
    source,
    destination,
    sourceSchema,
    destinationSchema,
    close: async () => {
      await Promise.allSettled([source.close(), destination.close()])
    },
  }
}
