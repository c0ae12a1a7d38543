import path from 'node:path'
import type { DatabaseClient, SqlValue, TableSchema } from '@mig/core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeWithFixtures, fixturePath, loadDump, MAGENTO1_DUMP, MAGENTO2_DUMP, repoRoot, useTestDatabases } from '../../../test/support/index.js'
import { readDeltalogXml } from '../../core/src/deltalog/index.js'
import { createDefaultHandlerRegistry } from '../../core/src/map/handlers/index.js'
import { checkIntegrity, readMapXml, RecordTransformer } from '../../core/src/map/index.js'
import { connect, schemaOf } from '../../plugin-sales/test/helpers.js'

const MAP_XML = path.join(repoRoot(), 'packages', 'plugin-catalog', 'etc', 'map.xml')
const DELTALOG_XML = path.join(repoRoot(), 'packages', 'plugin-catalog', 'etc', 'deltalog.xml')

/** Left to the plugin's code (see the comment in map.xml), so map.xml ignores them on purpose. */
const BY_CODE = ['catalog_product_bundle_option_value', 'catalog_product_entity_group_price', 'catalog_product_entity_media_gallery', 'catalog_product_entity_media_gallery_value']

const catalogTables = (): string[] => readDeltalogXml(DELTALOG_XML, '@mig/plugin-catalog').groups.flatMap((group) => group.documents.map((document) => document.table))

for (const [sourcePrefix, destPrefix] of [
  ['', ''],
  ['magev1_', 'm2p_'],
] as const) {
  describeWithFixtures(`catalog map.xml against both schemas${sourcePrefix ? ` (prefixes ${sourcePrefix} → ${destPrefix})` : ''}`, () => {
    const dbs = useTestDatabases()
    let source: DatabaseClient
    let destination: DatabaseClient
    let sourceSchema: Map<string, TableSchema>
    let destinationSchema: Map<string, TableSchema>

    beforeAll(async () => {
      const m1 = await dbs.create('catalog_map_m1')
      const m2 = await dbs.create('catalog_map_m2')
      await Promise.all([loadDump(m1, fixturePath(MAGENTO1_DUMP), { tablePrefix: sourcePrefix }), loadDump(m2, fixturePath(MAGENTO2_DUMP), { tablePrefix: destPrefix })])
      source = await connect(m1, 'source')
      destination = await connect(m2, 'destination')
      sourceSchema = await schemaOf(source)
      destinationSchema = await schemaOf(destination)
    })

    afterAll(async () => {
      await source?.close()
      await destination?.close()
    })

    it('has zero integrity problems for every captured catalog, inventory and review table; only the tables left to code are ignored', async () => {
      const rules = await readMapXml(MAP_XML, '@mig/plugin-catalog')
      const registry = createDefaultHandlerRegistry()
      const tables = catalogTables()
      expect(tables.length).toBeGreaterThan(40)
      const report = checkIntegrity({ rules, tables, registry, sourceSchema, destinationSchema, sourcePrefix, destPrefix })
      expect(report.problems.map((problem) => `${problem.kind} ${problem.table}.${problem.field ?? ''}`)).toEqual([])
      expect(report.skipped).toEqual([])
      expect([...report.ignored].sort()).toEqual(BY_CODE)
      for (const table of tables.filter((name) => !BY_CODE.includes(name))) {
        const transformer = RecordTransformer.create({ rules, sourceTable: table, registry, sourceSchema, destinationSchema, sourcePrefix, destPrefix })
        expect(destinationSchema.has(transformer.mapping.destinationPhysicalTable), table).toBe(true)
      }
    })

    it('drops only the entity type from EAV value rows and keeps every value as read', async () => {
      const rules = await readMapXml(MAP_XML, '@mig/plugin-catalog')
      const transformer = RecordTransformer.create({ rules, sourceTable: 'catalog_product_entity_decimal', registry: createDefaultHandlerRegistry(), sourceSchema, destinationSchema, sourcePrefix, destPrefix })
      const row: Record<string, SqlValue> = { value_id: 7, entity_type_id: 4, attribute_id: 75, store_id: 0, entity_id: 3, value: '1234.5600' }
      const result = transformer.transform(row)
      if ('rejected' in result) throw new Error(result.rejected)
      expect(result.row).toEqual({ value_id: 7, attribute_id: 75, store_id: 0, entity_id: 3, value: '1234.5600' })
    })
  })
}
