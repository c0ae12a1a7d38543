import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { mergeTrackedTables, readDeltalogXml } from '../../src/deltalog/index.js'

const repoRoot = path.resolve(fileURLToPath(new URL('../../../../', import.meta.url)))
const factsDir = process.env.MIG_FACTS_DIR ?? path.resolve(repoRoot, '../shared/facts')
const tsv = path.join(factsDir, 'magento1-to-magento2-tables.tsv')
const requireFixtures = process.env.MIG_REQUIRE_FIXTURES === '1'

const plugins = {
  sales: { name: '@mig/plugin-sales', file: path.join(repoRoot, 'packages/plugin-sales/etc/deltalog.xml') },
  catalog: { name: '@mig/plugin-catalog', file: path.join(repoRoot, 'packages/plugin-catalog/etc/deltalog.xml') },
  customer: { name: '@mig/plugin-customer', file: path.join(repoRoot, 'packages/plugin-customer/etc/deltalog.xml') },
} as const

/**
 * Where mig's key differs from the fact sheet's on purpose (docs/ARCHITECTURE.md, "Customers" and
 * "Catalog"): customer EAV values are keyed by their natural key, so a deleted value still names its
 * entity and attribute (needed when the attribute is a column of the entity table in Magento 2); a
 * media gallery value by Magento 1's whole primary key, since value_id alone names one row per store.
 */
const KEY_DEPARTURES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    ['customer_entity', 'customer_address_entity'].flatMap((entity) =>
      ['datetime', 'decimal', 'int', 'text', 'varchar'].map((type) => [`${entity}_${type}`, 'entity_id,attribute_id']),
    ),
  ),
  catalog_product_entity_media_gallery_value: 'value_id,store_id',
}

interface Row {
  readonly domain: string
  readonly table: string
  readonly keys: string[]
}

function readTsv(file: string): Row[] {
  const [header = '', ...lines] = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
  const columns = header.split('\t')
  const domain = columns.indexOf('domain')
  const table = columns.indexOf('magento1_table')
  const key = columns.indexOf('deltalog_key')
  expect([domain, table, key], `columns of ${file}`).not.toContain(-1)
  return lines.map((line) => {
    const cells = line.split('\t')
    return { domain: cells[domain] ?? '', table: cells[table] ?? '', keys: (cells[key] ?? '').split(',') }
  })
}

describe('plugin deltalog.xml files', () => {
  const sources = Object.values(plugins).map((plugin) => readDeltalogXml(plugin.file, plugin.name))

  it('parse, give every document an explicit key and merge without conflicts', () => {
    for (const source of sources) {
      expect(source.groups.length, source.origin).toBeGreaterThan(0)
      for (const group of source.groups) {
        for (const document of group.documents)
          expect(document.keys, `${source.origin}: ${document.table}`).not.toEqual([])
      }
    }
    expect(() => mergeTrackedTables(sources)).not.toThrow()
  })

  it(`track every table of ${path.relative(repoRoot, tsv)} with exactly its deltalog key, in its domain's plugin`, (context) => {
    if (!existsSync(tsv)) {
      if (requireFixtures)
        throw new Error(`${tsv} is missing and MIG_REQUIRE_FIXTURES=1; set MIG_FACTS_DIR to the facts folder`)
      context.skip(`${tsv} not found; set MIG_FACTS_DIR (or MIG_REQUIRE_FIXTURES=1 to fail instead)`)
    }
    const rows = readTsv(tsv)
    expect(rows.length).toBeGreaterThan(0)

    const tracked = new Map(mergeTrackedTables(sources).map((table) => [table.table, table]))
    const missing: string[] = []
    const wrong: string[] = []
    for (const row of rows) {
      const plugin = plugins[row.domain as keyof typeof plugins]
      expect(plugin, `unknown domain "${row.domain}" for ${row.table}`).toBeDefined()
      const table = tracked.get(row.table)
      if (table === undefined) {
        missing.push(row.table)
        continue
      }
      const expectedKeys = KEY_DEPARTURES[row.table] ?? row.keys.join(',')
      if (table.keys.join(',') !== expectedKeys)
        wrong.push(`${row.table}: (${table.keys.join(',')}) instead of (${expectedKeys})`)
      if (table.origins.join(',') !== plugin.name)
        wrong.push(`${row.table}: tracked by ${table.origins.join(', ')} instead of ${plugin.name}`)
    }
    expect(
      { missing, wrong },
      'TSV tables missing from the plugin files, or tracked with another key or by another plugin',
    ).toEqual({
      missing: [],
      wrong: [],
    })
  })
})
