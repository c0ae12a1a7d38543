/**
 * The step without a database: what core checks before it touches one (the package.json `mig`
 * section, deltalog.xml, the brand and contract version, the tables claimed), and the transform.
 */
import { fileURLToPath } from 'node:url'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import {
  DELTA_STEP_API,
  collectTrackedTables,
  declaredCoreRange,
  isDeltaStep,
  migSectionOf,
  type DeltaEnvironment,
  type MigrationConfig,
  type SqlRow,
  type TrackedTable,
} from '@mig/core/engine'
import { describe, expect, it } from 'vitest'
import * as plugin from '../src/index.js'
import { BrandDelta, logoPathOf, pluginName, urlKeyOf } from '../src/index.js'

const pluginRoot = path.resolve(fileURLToPath(new URL('..', import.meta.url)))
const packageJson: unknown = JSON.parse(readFileSync(path.join(pluginRoot, 'package.json'), 'utf8'))

/** A Magento 1 brand row as the driver reads it: INT as numbers, DATETIME and text as strings. */
const brandRow = (overrides: SqlRow = {}): SqlRow => ({
  brand_id: 7,
  name: 'Zoë & Co ✓ 🎉',
  url_key: 'zoe-co',
  description: '<p>Grüße — “quoted” \\ backslash</p>\n日本語',
  logo: '/z/o/zoe.png',
  is_active: 1,
  sort_order: null,
  created_at: '2013-02-28 23:59:59',
  updated_at: '0000-00-00 00:00:00',
  ...overrides,
})

describe('@vendor/delta-brand as core sees it', () => {
  it('declares its deltalog and entry point (no map.xml: the step transforms), and @mig/core as a peer dependency', () => {
    expect((packageJson as { name: string }).name).toBe(pluginName)
    expect(migSectionOf(packageJson)).toEqual({ deltalog: './etc/deltalog.xml', main: './dist/index.js' })
    expect(declaredCoreRange(packageJson)).toBe('^0.1.0')
    expect((packageJson as { oclif?: unknown }).oclif).toEqual({})
  })

  it('tracks brand and brand_store under their keys', () => {
    const mig = migSectionOf(packageJson)
    const tracked = collectTrackedTables([{ name: pluginName, version: '1.0.0', root: pluginRoot, mig }], {
      options: {},
    } as Pick<MigrationConfig, 'options'>)
    expect(tracked.map((table) => [table.table, table.keys, table.origins])).toEqual([
      ['brand', ['brand_id'], [pluginName]],
      ['brand_store', ['brand_id', 'store_id'], [pluginName]],
    ])
  })

  it('exports one branded delta step of this contract version, which claims exactly the plugin’s tables', () => {
    const steps = Object.entries(plugin).filter(
      ([, value]) => typeof value === 'function' && isDeltaStep((value as { prototype?: unknown }).prototype),
    )
    expect(steps.map(([name]) => name)).toEqual(['BrandDelta'])
    const step = new BrandDelta()
    expect(isDeltaStep(step)).toBe(true)
    expect(step[Symbol.for('@mig/core/delta-step') as never]).toBe(DELTA_STEP_API)
    expect(step.title).toBe('Brands')
    const table = (name: string, origin: string): TrackedTable => ({
      table: name,
      keys: [],
      group: 'g',
      origins: [origin],
    })
    const environment = {
      tracked: [
        table('brand', pluginName),
        table('sales_flat_order', '@mig/plugin-sales'),
        table('brand_store', pluginName),
        table('brand_extra', 'deltalog.xml'),
      ],
    } as unknown as DeltaEnvironment
    expect(step.tables(environment)).toEqual(['brand', 'brand_store'])
  })

  it('sends a brand to two Magento 2 tables, parents first, and a store link to one; each keyed by the Magento 1 key', () => {
    const step = new BrandDelta()
    expect(step.targets('brand')).toEqual([
      { table: 'vendor_brand', keyColumns: ['brand_id'] },
      { table: 'vendor_brand_content', keyColumns: ['brand_id'] },
    ])
    expect(step.targets('brand_store')).toEqual([{ table: 'vendor_brand_store', keyColumns: ['brand_id', 'store_id'] }])
    expect(() => step.targets('brand_review')).toThrow(/no Magento 2 table is known for brand_review/)
  })
})

describe('BrandDelta.transform', () => {
  const step = new BrandDelta()

  it('splits one brand row into its vendor_brand and vendor_brand_content rows, values unchanged', () => {
    const row = brandRow()
    const produced = step.transform('brand', row)
    expect(produced).toEqual({
      vendor_brand: [
        {
          brand_id: 7,
          name: 'Zoë & Co ✓ 🎉',
          is_active: 1,
          sort_order: null,
          created_at: '2013-02-28 23:59:59',
          updated_at: '0000-00-00 00:00:00',
        },
      ],
      vendor_brand_content: [
        {
          brand_id: 7,
          url_key: 'zoe-co',
          description: '<p>Grüße — “quoted” \\ backslash</p>\n日本語',
          logo_path: 'brand/z/o/zoe.png',
        },
      ],
    })
    // Not reformatted on the way: the very values read (a DATETIME Magento 1 holds as zeros included).
    const [brand] = produced['vendor_brand'] ?? []
    const [content] = produced['vendor_brand_content'] ?? []
    for (const column of ['name', 'created_at', 'updated_at', 'is_active'] as const)
      expect(brand?.[column]).toBe(row[column])
    expect(content?.['description']).toBe(row['description'])
    // No content_id: Magento 2 assigns it, and an update on brand_id keeps it.
    expect(Object.keys(content ?? {})).not.toContain('content_id')
  })

  it('passes bytes through as bytes', () => {
    const description = Buffer.from([0x00, 0xff, 0xc3, 0x28, 0x41])
    const produced = step.transform('brand', brandRow({ description }))
    expect(produced['vendor_brand_content']?.[0]?.['description']).toBe(description)
  })

  it('derives a url key from the name where Magento 1 has none', () => {
    expect(urlKeyOf(brandRow({ url_key: null, name: 'Café Müller & Söhne' }))).toBe('cafe-muller-sohne')
    expect(urlKeyOf(brandRow({ url_key: '', name: '  ACME  Tools 2000 ' }))).toBe('acme-tools-2000')
    expect(urlKeyOf(brandRow({ url_key: '   ', name: 'Zoë' }))).toBe('zoe')
    expect(urlKeyOf(brandRow({ url_key: null, name: '日本 ✓' }))).toBe('brand-7')
    // A url key Magento 1 has is kept exactly.
    expect(urlKeyOf(brandRow({ url_key: 'Mixed_Case-Key' }))).toBe('Mixed_Case-Key')
    expect(
      step.transform('brand', brandRow({ url_key: '', name: 'Ünïcödé Brand' }))['vendor_brand_content']?.[0]?.[
        'url_key'
      ],
    ).toBe('unicode-brand')
  })

  it('moves the logo under brand/, and keeps no logo as none', () => {
    expect(logoPathOf('/a/c/acme.png')).toBe('brand/a/c/acme.png')
    expect(logoPathOf('acme.png')).toBe('brand/acme.png')
    expect(logoPathOf('')).toBeNull()
    expect(logoPathOf(null)).toBeNull()
  })

  it('keeps a store link as it is', () => {
    expect(step.transform('brand_store', { brand_id: 7, store_id: 3 })).toEqual({
      vendor_brand_store: [{ brand_id: 7, store_id: 3 }],
    })
  })

  it('refuses a row missing a column and a table it does not know, rather than writing guesses', () => {
    const { sort_order: _dropped, ...withoutSortOrder } = brandRow()
    expect(() => step.transform('brand', withoutSortOrder)).toThrow(/has no column sort_order/)
    expect(() => step.transform('brand_review', { review_id: 1 })).toThrow(/cannot transform brand_review/)
  })
})
