import path from 'node:path'
import type { SqlValue } from '@mig/core/engine'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeWithFixtures, repoRoot, useTestDatabases } from '../../support/index.js'
import { readDeltalogXml } from '@mig/core/engine'
import { createDefaultHandlerRegistry } from '@mig/core/engine'
import { checkIntegrity, readMapXml, RecordTransformer } from '@mig/core/engine'
import { loadMagentoPair, type MagentoPair } from '../sales/helpers.js'

const MAP_XML = path.join(repoRoot(), 'packages', 'plugin-catalog', 'etc', 'map.xml')
const DELTALOG_XML = path.join(repoRoot(), 'packages', 'plugin-catalog', 'etc', 'deltalog.xml')

/** Left to the plugin's code (see the comment in map.xml), so map.xml ignores it on purpose. */
const BY_CODE = ['catalog_product_entity_group_price']

const catalogTables = (): string[] =>
  readDeltalogXml(DELTALOG_XML, '@mig/plugin-catalog').groups.flatMap((group) =>
    group.documents.map((document) => document.table),
  )

for (const [sourcePrefix, destPrefix] of [
  ['', ''],
  ['magev1_', 'm2p_'],
] as const) {
  describeWithFixtures(
    `catalog map.xml against both schemas${sourcePrefix ? ` (prefixes ${sourcePrefix} → ${destPrefix})` : ''}`,
    () => {
      const dbs = useTestDatabases()
      let pair: MagentoPair

      beforeAll(async () => {
        pair = await loadMagentoPair(dbs, 'catalog_map', sourcePrefix, destPrefix)
      })

      afterAll(async () => {
        await pair?.close()
      })

      it('has zero integrity problems for every captured catalog, inventory and review table; only the tables left to code are ignored', async () => {
        const rules = await readMapXml(MAP_XML, '@mig/plugin-catalog')
        const registry = createDefaultHandlerRegistry()
        const tables = catalogTables()
        expect(tables.length).toBeGreaterThan(40)
        const report = checkIntegrity({
          rules,
          tables,
          registry,
          sourceSchema: pair.sourceSchema,
          destinationSchema: pair.destinationSchema,
          sourcePrefix,
          destPrefix,
        })
        expect(report.problems.map((problem) => `${problem.kind} ${problem.table}.${problem.field ?? ''}`)).toEqual([])
        expect(report.skipped).toEqual([])
        expect([...report.ignored].sort()).toEqual(BY_CODE)
        for (const table of tables.filter((name) => !BY_CODE.includes(name))) {
          const transformer = RecordTransformer.create({
            rules,
            sourceTable: table,
            registry,
            sourceSchema: pair.sourceSchema,
            destinationSchema: pair.destinationSchema,
            sourcePrefix,
            destPrefix,
          })
          expect(pair.destinationSchema.has(transformer.mapping.destinationPhysicalTable), table).toBe(true)
        }
      })

      it('drops only the entity type from EAV value rows and keeps every value as read', async () => {
        const rules = await readMapXml(MAP_XML, '@mig/plugin-catalog')
        const transformer = RecordTransformer.create({
          rules,
          sourceTable: 'catalog_product_entity_decimal',
          registry: createDefaultHandlerRegistry(),
          sourceSchema: pair.sourceSchema,
          destinationSchema: pair.destinationSchema,
          sourcePrefix,
          destPrefix,
        })
        const row: Record<string, SqlValue> = {
          value_id: 7,
          entity_type_id: 4,
          attribute_id: 75,
          store_id: 0,
          entity_id: 3,
          value: '1234.5600',
        }
        const result = transformer.transform(row)
        if ('rejected' in result) throw new Error(result.rejected)
        expect(result.row).toEqual({ value_id: 7, attribute_id: 75, store_id: 0, entity_id: 3, value: '1234.5600' })
      })
    },
  )
}
