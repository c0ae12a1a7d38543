/**
 * @vendor/delta-brand end to end through the engine API (`@mig/core/engine`), against a real
 * server: capture, the full copy, delta with inserts, updates, deletes and a cascade, verify, and
 * `--reset` repairing what was changed in Magento 2 behind mig's back. Run twice: once with
 * Magento 2's foreign key on vendor_brand_store (its own cascade removes a deleted brand's store
 * links), once without it (mig must remove them itself, from Magento 1's foreign key).
 */
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import {
  DatabaseClient,
  collectTrackedTables,
  installCapture,
  loadConfig,
  logOnlyProgress,
  runData,
  runDelta,
  runVerify,
  type MigrationConfig,
  type PluginManifest,
  type VerifyReport,
} from '@mig/core/engine'
import type { Connection, ResultSetHeader } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildPlugin,
  connectTestDatabase as connect,
  createTestDatabases,
  loadMagentoTables,
  pluginUnderTest,
  queryRows as rows,
  recordingLogger,
  writeTestConfig,
} from '@mig/core/testing'

const pluginRoot = path.resolve(fileURLToPath(new URL('..', import.meta.url)))
type Row = Record<string, unknown>

/** What Magento 2 must hold for a brand besides the values it copies as they are: its url key and logo path. */
interface Brand {
  readonly urlKey: string
  readonly logoPath: string | null
}

const SEED = [
  {
    brand_id: 1,
    name: 'Acme',
    url_key: 'acme',
    description: '<p>Tools</p>',
    logo: '/a/c/acme.png',
    is_active: 1,
    sort_order: 10,
    expect: { urlKey: 'acme', logoPath: 'brand/a/c/acme.png' },
  },
  {
    brand_id: 2,
    name: 'Zoë & Co ✓',
    url_key: '',
    description: 'emoji 🎉 beyond the BMP 𝄞',
    logo: null,
    is_active: 0,
    sort_order: null,
    expect: { urlKey: 'zoe-co', logoPath: null },
  },
  {
    brand_id: 3,
    name: 'Ünïcödé Brand',
    url_key: null,
    description: null,
    logo: 'u.png',
    is_active: 1,
    sort_order: 2,
    expect: { urlKey: 'unicode-brand', logoPath: 'brand/u.png' },
  },
  {
    brand_id: 4,
    name: '日本',
    url_key: null,
    description: '日本語の説明',
    logo: '',
    is_active: 1,
    sort_order: -1,
    expect: { urlKey: 'brand-4', logoPath: null },
  },
  {
    brand_id: 5,
    name: 'Quote " and \\ backslash',
    url_key: 'quote',
    description: 'x'.repeat(60_000),
    logo: null,
    is_active: 1,
    sort_order: 0,
    expect: { urlKey: 'quote', logoPath: null },
  },
] as const
const SEED_STORES = [
  [1, 0],
  [1, 1],
  [2, 1],
  [3, 0],
  [3, 1],
  [3, 2],
  [5, 2],
] as const

for (const variant of [
  { storeForeignKey: true, title: 'Magento 2 keeps the store links’ cascade by its own foreign key' },
  {
    storeForeignKey: false,
    title: 'Magento 2 has no foreign key on vendor_brand_store, so mig repeats the cascade itself',
  },
]) {
  describe(`@vendor/delta-brand through the engine API (${variant.title})`, () => {
    const databases = createTestDatabases('brand')
    const log = recordingLogger()
    const progress = logOnlyProgress(log)
    const signal = new AbortController().signal
    const brands = new Map<number, Brand>()
    let plugins: PluginManifest[]
    let config: MigrationConfig
    let m1db: Connection
    let m2db: Connection

    const data = (): ReturnType<typeof runData> =>
      runData(config, plugins, { reset: false, auto: false, signal, log, progress })
    const delta = (reset: boolean): Promise<void> =>
      runDelta(config, plugins, { reset, auto: false, once: true, intervalSeconds: 1, signal, log })
    const verify = (): Promise<VerifyReport> => runVerify(config, plugins, { log, progress, chunkSize: 2 })
    /** What mig said at warn or error level: nothing, in a run of this plugin's own tables. */
    const complaints = (): string[] =>
      log.records
        .filter((record) => record.level === 'warn' || record.level === 'error')
        .map((record) => record.message)

    beforeAll(async () => {
      buildPlugin(pluginRoot)
      plugins = [pluginUnderTest(pluginRoot)]
      const m1 = await databases.create('m1')
      const m2 = await databases.create('m2')
      await loadMagentoTables(m1, 'magento1', [path.join(pluginRoot, 'sql', 'magento1.sql')])
      await loadMagentoTables(m2, 'magento2', [path.join(pluginRoot, 'sql', 'magento2.sql')])
      m1db = await connect(m1)
      m2db = await connect(m2)
      if (!variant.storeForeignKey)
        await m2db.query(
          'ALTER TABLE vendor_brand_store DROP FOREIGN KEY VENDOR_BRAND_STORE_BRAND_ID_VENDOR_BRAND_BRAND_ID',
        )
      for (const { expect: expected, ...brand } of SEED) {
        await m1db.query('INSERT INTO brand SET ?, created_at = ?, updated_at = ?', [
          brand,
          `2014-0${brand.brand_id}-02 03:04:05`,
          null,
        ])
        brands.set(brand.brand_id, expected)
      }
      await m1db.query('INSERT INTO brand_store (brand_id, store_id) VALUES ?', [SEED_STORES.map((pair) => [...pair])])
      const file = writeTestConfig({
        source: m1,
        destination: m2,
        steps: [{ title: 'Brands', delta: '@vendor/delta-brand#BrandDelta' }],
      })
      config = await loadConfig(file, { cwd: path.dirname(file), env: {} })
    }, 300_000)

    afterAll(async () => {
      await m1db?.end()
      await m2db?.end()
      await databases.dropAll()
    }, 60_000)

    /** Magento 2 holds exactly the rows of Magento 1's brands and store links, split and converted. */
    const expectConverged = async (): Promise<void> => {
      const m1brands = await rows(m1db, 'SELECT * FROM brand ORDER BY brand_id')
      expect(m1brands.map((row) => row['brand_id'])).toEqual([...brands.keys()].sort((a, b) => a - b))
      const expected = (row: Row): Brand => brands.get(row['brand_id'] as number) as Brand
      expect(await rows(m2db, 'SELECT * FROM vendor_brand ORDER BY brand_id')).toEqual(
        m1brands.map((row) => ({
          brand_id: row['brand_id'],
          name: row['name'],
          is_active: row['is_active'],
          sort_order: row['sort_order'],
          created_at: row['created_at'],
          updated_at: row['updated_at'],
        })),
      )
      expect(
        await rows(
          m2db,
          'SELECT brand_id, url_key, description, logo_path FROM vendor_brand_content ORDER BY brand_id',
        ),
      ).toEqual(
        m1brands.map((row) => ({
          brand_id: row['brand_id'],
          url_key: expected(row).urlKey,
          description: row['description'],
          logo_path: expected(row).logoPath,
        })),
      )
      expect(await rows(m2db, 'SELECT brand_id, store_id FROM vendor_brand_store ORDER BY brand_id, store_id')).toEqual(
        await rows(m1db, 'SELECT brand_id, store_id FROM brand_store ORDER BY brand_id, store_id'),
      )
    }

    it('installCapture puts a deltalog and three triggers on brand and brand_store', async () => {
      const source = await DatabaseClient.connect({ role: 'source', database: config.source })
      try {
        const report = await installCapture(source, collectTrackedTables(plugins, config), {
          sourcePrefix: config.options.sourcePrefix,
        })
        expect(report.skipped).toEqual([])
        expect(
          report.installed.map((table) => [table.table, table.deltalog, table.keys, table.triggersCreated]),
        ).toEqual([
          ['brand', 'm2_cl_brand', ['brand_id'], 3],
          ['brand_store', 'm2_cl_brand_store', ['brand_id', 'store_id'], 3],
        ])
      } finally {
        await source.close()
      }
    }, 60_000)

    it('runData empties the Magento 2 tables and copies every brand into both, every store link into one; verify finds nothing', async () => {
      // Rows Magento 1 never had: the copy empties vendor_brand first (and its children by Magento 2's cascade).
      await m2db.query("INSERT INTO vendor_brand (brand_id, name) VALUES (999, 'stale')")
      await m2db.query("INSERT INTO vendor_brand_content (brand_id, url_key) VALUES (999, 'stale')")
      const report = await data()
      expect(report.copied).toEqual([
        { table: 'brand', rows: SEED.length },
        { table: 'brand_store', rows: SEED_STORES.length },
      ])
      expect(report.setAside).toEqual([])
      expect(
        report.volume.map((result) => [
          result.destinationTable,
          result.sourceRows,
          result.destinationRows,
          result.unexplained,
        ]),
      ).toEqual([
        ['vendor_brand', SEED.length, SEED.length, false],
        ['vendor_brand_store', SEED_STORES.length, SEED_STORES.length, false],
      ])
      await expectConverged()
      const result = await verify()
      expect(result.differences).toEqual([])
      expect(result.skipped).toEqual([])
      expect(result.tables.map((table) => [table.table, table.destinationTable, table.rows])).toEqual([
        ['brand', 'vendor_brand', SEED.length],
        ['brand_store', 'vendor_brand_store', SEED_STORES.length],
      ])
      expect(result.clean).toBe(true)
      expect(complaints()).toEqual([])
    }, 120_000)

    it('runDelta --once applies inserts, updates and deletes to both tables; a deleted brand’s store links go by cascade; verify stays clean', async () => {
      const [contentBefore] = (await rows(m2db, 'SELECT content_id FROM vendor_brand_content WHERE brand_id = 1')) as [
        { content_id: number },
      ]
      await m1db.query('START TRANSACTION')
      const [inserted] = await m1db.query<ResultSetHeader>(
        "INSERT INTO brand (name, url_key, description, logo, is_active, sort_order, created_at) VALUES ('New Brand', '', 'fresh', 'n/new.png', 1, 3, NOW())",
      )
      await m1db.query('INSERT INTO brand_store (brand_id, store_id) VALUES (?, 1), (?, 2)', [
        inserted.insertId,
        inserted.insertId,
      ])
      await m1db.query('COMMIT')
      brands.set(inserted.insertId, { urlKey: 'new-brand', logoPath: 'brand/n/new.png' })
      await m1db.query(
        "UPDATE brand SET name = 'Acme Corp', description = 'Tools & more', logo = NULL, updated_at = NOW() WHERE brand_id = 1",
      )
      brands.set(1, { urlKey: 'acme', logoPath: null })
      await m1db.query("UPDATE brand SET url_key = 'zoe-and-co', is_active = 1 WHERE brand_id = 2")
      brands.set(2, { urlKey: 'zoe-and-co', logoPath: null })
      await m1db.query('DELETE FROM brand WHERE brand_id = 3') // its three store links go by Magento 1's ON DELETE CASCADE
      brands.delete(3)
      await m1db.query('DELETE FROM brand_store WHERE brand_id = 5 AND store_id = 2')
      await m1db.query('INSERT INTO brand_store (brand_id, store_id) VALUES (4, 0)')
      await m1db.query('UPDATE brand_store SET store_id = 3 WHERE brand_id = 1 AND store_id = 1') // a key change: a delete and an insert
      // No trigger fires for a cascade: brand 3's store links are not in their deltalog.
      expect(await rows(m1db, 'SELECT brand_id FROM brand_store WHERE brand_id = 3')).toEqual([])
      expect(await rows(m1db, 'SELECT brand_id FROM m2_cl_brand_store WHERE brand_id = 3')).toEqual([])
      expect(await rows(m2db, 'SELECT store_id FROM vendor_brand_store WHERE brand_id = 3 ORDER BY store_id')).toEqual([
        { store_id: 0 },
        { store_id: 1 },
        { store_id: 2 },
      ])

      await delta(false)
      await expectConverged()
      expect(await rows(m2db, 'SELECT * FROM vendor_brand_store WHERE brand_id = 3')).toEqual([])
      expect(await rows(m2db, 'SELECT * FROM vendor_brand_content WHERE brand_id = 3')).toEqual([])
      // Updated in place on its unique brand_id: the content row keeps the id Magento 2 gave it.
      expect(await rows(m2db, 'SELECT content_id FROM vendor_brand_content WHERE brand_id = 1')).toEqual([
        contentBefore,
      ])
      // Every captured change applied and acknowledged: the deltalogs are empty.
      expect([
        ...(await rows(m1db, 'SELECT brand_id FROM m2_cl_brand')),
        ...(await rows(m1db, 'SELECT brand_id FROM m2_cl_brand_store')),
      ]).toEqual([])
      const result = await verify()
      expect(result.differences).toEqual([])
      expect(result.clean).toBe(true)
      expect(complaints()).toEqual([])
    }, 120_000)

    it('verify reports rows changed in Magento 2 behind mig’s back; runDelta with reset repairs them', async () => {
      await m2db.query("UPDATE vendor_brand_content SET description = 'edited in Magento 2' WHERE brand_id = 1")
      await m2db.query("UPDATE vendor_brand SET name = 'Renamed in Magento 2' WHERE brand_id = 2")
      await m2db.query("INSERT INTO vendor_brand (brand_id, name) VALUES (999, 'only in Magento 2')")
      await m2db.query("INSERT INTO vendor_brand_content (brand_id, url_key) VALUES (999, 'only-in-magento-2')")
      await m2db.query('INSERT INTO vendor_brand_store (brand_id, store_id) VALUES (5, 9)')
      const tampered = await verify()
      expect(tampered.clean).toBe(false)
      expect(tampered.pending).toEqual([])
      const found = tampered.differences.map(
        (difference) =>
          `${difference.destinationTable} ${difference.key} ${difference.kind} ${difference.columns.map((column) => column.column).join(',')}`,
      )
      // A content row is matched on brand_id, its unique key (Magento 2 assigns its content_id): the edited one is one difference.
      expect(found.sort()).toEqual(
        [
          'vendor_brand brand_id=2 different name',
          'vendor_brand brand_id=999 extra ',
          'vendor_brand_content brand_id=1 different description',
          'vendor_brand_content brand_id=999 extra ',
          'vendor_brand_store brand_id=5,store_id=9 extra ',
        ].sort(),
      )

      await delta(true)
      await expectConverged()
      const result = await verify()
      expect(result.differences).toEqual([])
      expect(result.clean).toBe(true)
      expect(complaints()).toEqual([])
    }, 120_000)
  })
}
