/**
 * examples/delta-brand (@vendor/delta-brand), a step that extends AbstractDelta directly, through
 * the real `mig` binary in a Magento store beside the first-party plugins: linked, copied by
 * `mig data run`, kept in sync by `mig delta run` while two connections write brands and store
 * links (deletes cascading in Magento 1 without a trigger included), checked by `mig verify`, and
 * reconciled by `--reset`.
 *
 * direct_document_copy is left at its default: it only changes how MapDelta copies tables whose
 * columns map as they are (copiesServerSide / copyLines). An AbstractDelta implements neither, so
 * its rows always go through `transform` — the option cannot change anything for this plugin.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import type { Connection, ResultSetHeader } from 'mysql2/promise'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadMagentoTables } from '@mig/core/testing'
import { writeConfigXml } from '../support/config-file.js'
import { describeWithFixtures, fixturePath, MAGENTO1_DUMP, MAGENTO2_DUMP, repoRoot } from '../support/fixtures.js'
import { loadDump } from '../support/load-dump.js'
import { runMig, startMig, type MigResult } from '../support/run-mig.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'

const PLUGIN = '@vendor/delta-brand'
const pluginRoot = path.join(repoRoot(), 'examples', 'delta-brand')

type Row = Record<string, unknown>

interface StatusJson {
  pending: number
  setAside: { table: string; key: string; reason: string }[]
  tables: { table: string; state: string; pending: number }[]
}

/** Names the test writes, with the url key Magento 2 must derive from each ('' where nothing Latin is left: `brand-<id>`). */
const NAMES: readonly (readonly [string, string])[] = [
  ['Acme', 'acme'],
  ['Zoë & Co ✓', 'zoe-co'],
  ['Ünïcödé Brand', 'unicode-brand'],
  ['Café Müller & Söhne', 'cafe-muller-sohne'],
  ['日本のブランド', ''],
  ['emoji 🎉🚀 Brand 𝄞', 'emoji-brand'],
  ['Quote " and \' and \\ backslash', 'quote-and-and-backslash'],
  ['  Spaced   Out  ', 'spaced-out'],
]
/** Url keys Magento 1 may hold: blank ones make Magento 2 derive a key from the name, the others are kept exactly. */
const URL_KEYS: readonly (string | null)[] = [null, '', '   ', 'explicit-key', 'Mixed_Case-Key', 'ключ-бренда']
/** Logos as Magento 1 keeps them (relative to media/brand/), and Magento 2's logo_path. */
const LOGOS: readonly (readonly [string | null, string | null])[] = [
  [null, null],
  ['', null],
  ['/a/c/acme.png', 'brand/a/c/acme.png'],
  ['logo.jpg', 'brand/logo.jpg'],
  ['//z/o/zoe.gif', 'brand/z/o/zoe.gif'],
]
const TEXTS = [
  'Grüße aus Köln',
  '日本語の説明',
  'emoji 🎉🚀 beyond the BMP 𝄞',
  'quotes " and \' and a \\ backslash',
  'line\nbreak\tand tab',
  '<p>markup</p> & entities &amp;',
  null,
]

describeWithFixtures(`${PLUGIN}: an AbstractDelta plugin through the mig binary`, () => {
  const dbs = useTestDatabases()
  const home = mkdtempSync(path.join(os.tmpdir(), 'mig-brand-plugin-'))
  // A fresh oclif data folder: the link is recorded there, for every mig call of this suite only.
  const env = {
    MIG_DATA_DIR: path.join(home, 'data'),
    MIG_CACHE_DIR: path.join(home, 'cache'),
    MIG_CONFIG_DIR: path.join(home, 'config'),
  }
  const mig = (args: readonly string[]): Promise<MigResult> => runMig(args, { env })
  let m1: string
  let m1db: Connection
  let m2db: Connection
  let config: string
  let runner: ReturnType<typeof startMig> | undefined

  const status = async (): Promise<StatusJson> => {
    const result = await mig(['delta', 'status', '--json', config])
    expect(result.code, result.stderr).toBe(0)
    return JSON.parse(result.stdout) as StatusJson
  }
  const verify = async (): Promise<MigResult> => mig(['verify', config])

  beforeAll(async () => {
    buildPlugin()
    m1 = await dbs.create('brand_m1')
    const m2 = await dbs.create('brand_m2')
    await Promise.all([loadDump(m1, fixturePath(MAGENTO1_DUMP)), loadDump(m2, fixturePath(MAGENTO2_DUMP))])
    for (const [database, file] of [
      [m1, 'magento1.sql'],
      [m2, 'magento2.sql'],
    ] as const) {
      const loader = await openConnection(database, { multipleStatements: true })
      try {
        await loader.query(readFileSync(path.join(pluginRoot, 'sql', file), 'utf8'))
      } finally {
        await loader.end()
      }
    }
    m1db = await openConnection(m1)
    m2db = await openConnection(m2)
    // The store's brands before mig: 150, most with store links.
    const seed = new BrandWriter(m1db, 1)
    for (let i = 0; i < 150; i++) await seed.createBrand()
    config = writeConfigXml({
      source: m1,
      destination: m2,
      extraXml: `  <steps mode="delta">\n    <step title="Brands"><delta>${PLUGIN}#BrandDelta</delta></step>\n  </steps>`,
    })
    const linked = await mig(['plugins', 'link', '--no-install', pluginRoot])
    expect(linked.code, linked.stderr).toBe(0)
    const list = await mig(['plugins'])
    expect(list.stdout).toMatch(/@vendor\/delta-brand 1\.0\.0 \(link\)/)
  })

  afterAll(async () => {
    if (runner && runner.child.exitCode === null && runner.child.signalCode === null) runner.child.kill('SIGKILL')
    await m1db?.end()
    await m2db?.end()
    rmSync(home, { recursive: true, force: true })
  })

  it('`mig data run` copies every brand into vendor_brand and vendor_brand_content and every store link, beside the store’s own tables; `mig verify` exits 0', async () => {
    // A brand Magento 1 never had: the copy empties vendor_brand first, its content goes by Magento 2's cascade.
    await m2db.query("INSERT INTO vendor_brand (brand_id, name) VALUES (999999, 'stale')")
    await m2db.query("INSERT INTO vendor_brand_content (brand_id, url_key) VALUES (999999, 'stale')")
    const [[{ brands, links }]] = (await m1db.query(
      'SELECT (SELECT COUNT(*) FROM brand) AS brands, (SELECT COUNT(*) FROM brand_store) AS links',
    )) as unknown as [[{ brands: string; links: string }]]
    const result = await mig(['data', 'run', config])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(new RegExp(`^brand: ${brands} in `, 'm'))
    expect(result.stdout).toMatch(new RegExp(`^brand_store: ${links} in `, 'm'))
    expect(result.stdout).toMatch(/volume check: \d+ Magento 2 tables match Magento 1/)
    // Magento 1's cascade from brand to brand_store is known: by Magento 2's own foreign key here.
    expect(result.stderr).not.toMatch(/brand_store/)
    await expectConverged(m1db, m2db)
    const checked = await verify()
    expect(checked.code, checked.stdout + checked.stderr).toBe(0)
    expect(checked.stdout).toMatch(
      /^brand → vendor_brand: 150 rows in \d+ chunks \(\d+ compared row by row\), 0 differences$/m,
    )
    expect(checked.stdout).toMatch(/^verify: clean — /m)
  }, 300_000)

  it('`mig delta setup`, then `mig delta run` keeps both tables and the store links in sync while two connections write; drains; SIGINT exits 0; verify exits 0', async () => {
    const setup = await mig(['delta', 'setup', config])
    expect(setup.code, setup.stderr).toBe(0)
    const [triggers] = (await m1db.query(
      "SELECT event_object_table AS tbl, COUNT(*) AS n FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND event_object_table IN ('brand', 'brand_store') GROUP BY event_object_table ORDER BY tbl",
    )) as unknown as [{ tbl: string; n: number }[]]
    expect(triggers.map((row) => [row.tbl, Number(row.n)])).toEqual([
      ['brand', 3],
      ['brand_store', 3],
    ])
    expect(
      (await status()).tables
        .filter((table) => table.table.startsWith('brand'))
        .map((table) => [table.table, table.state]),
    ).toEqual([
      ['brand', 'installed'],
      ['brand_store', 'installed'],
    ])

    runner = startMig(['delta', 'run', '--interval', '1', config], { env })
    const second = await openConnection(m1)
    const writers = [new BrandWriter(m1db, 2), new BrandWriter(second, 3)]
    try {
      const done = await Promise.all(writers.map((writer) => writer.run(4_000)))
      expect(done.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(100)
      // Deletes whose store links went by Magento 1's cascade, with no trigger to capture them.
      expect(writers.reduce((sum, writer) => sum + writer.cascadedLinks, 0)).toBeGreaterThan(0)
    } finally {
      await second.end()
    }
    await waitFor(async () => (await status()).pending === 0, 90_000, 'the backlog to drain', runner)
    runner.child.kill('SIGINT')
    const result = await runner.result
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/cycle \d+: [1-9]\d* changes applied/)
    expect(result.stdout).toContain('delta run stopped')
    expect((await status()).setAside).toEqual([])
    await expectConverged(m1db, m2db)
    const checked = await verify()
    expect(checked.code, checked.stdout + checked.stderr).toBe(0)
  }, 300_000)

  it('`mig delta run --reset` removes Magento 2 rows Magento 1 does not have and repairs edited ones; verify exits 1 before, 0 after', async () => {
    const [[kept]] = (await m1db.query('SELECT brand_id FROM brand ORDER BY brand_id LIMIT 1')) as unknown as [
      [{ brand_id: number }],
    ]
    await m2db.query("INSERT INTO vendor_brand (brand_id, name) VALUES (999999, 'only in Magento 2')")
    await m2db.query("INSERT INTO vendor_brand_content (brand_id, url_key) VALUES (999999, 'only-in-magento-2')")
    await m2db.query('INSERT INTO vendor_brand_store (brand_id, store_id) VALUES (999999, 1), (?, 77)', [kept.brand_id])
    await m2db.query("UPDATE vendor_brand_content SET description = 'edited in Magento 2' WHERE brand_id = ?", [
      kept.brand_id,
    ])
    const before = await verify()
    expect(before.code).toBe(1)
    expect(before.stdout).toMatch(/^verify: [1-9]\d* differences in 2 tables/m)
    const reset = await mig(['delta', 'run', '--reset', '--once', config])
    expect(reset.code, reset.stderr).toBe(0)
    expect(reset.stdout).toMatch(/reset brand: \d+ rows to reconcile, 1 to delete/)
    expect(reset.stdout).toMatch(/reset brand_store: \d+ rows to reconcile, 2 to delete/)
    const [gone] = await m2db.query(
      'SELECT brand_id FROM vendor_brand WHERE brand_id = 999999 UNION ALL SELECT brand_id FROM vendor_brand_content WHERE brand_id = 999999 UNION ALL SELECT brand_id FROM vendor_brand_store WHERE brand_id = 999999 OR store_id = 77',
    )
    expect(gone).toEqual([])
    await expectConverged(m1db, m2db)
    const after = await verify()
    expect(after.code, after.stdout + after.stderr).toBe(0)
  }, 300_000)

  it('a store of the extension tables alone (no EAV, no sales or catalog tables): `mig data run` and `mig verify` exit 0 with the first-party plugins installed', async () => {
    // The first-party catalog and customer steps carry EAV ids, but apply no table this store has: no EAV alignment is asked for.
    const [bare1, bare2] = [await dbs.create('brand_bare_m1'), await dbs.create('brand_bare_m2')]
    // The store tables every Magento has (mig aligns stores first), and the extension's own.
    await loadMagentoTables(bare1, 'magento1', [path.join(pluginRoot, 'sql', 'magento1.sql')])
    await loadMagentoTables(bare2, 'magento2', [path.join(pluginRoot, 'sql', 'magento2.sql')])
    const bare = await openConnection(bare1)
    try {
      const writer = new BrandWriter(bare, 7)
      for (let i = 0; i < 20; i++) await writer.createBrand()
    } finally {
      await bare.end()
    }
    const bareConfig = writeConfigXml({ source: bare1, destination: bare2 })
    const copied = await mig(['data', 'run', bareConfig])
    expect(copied.code, copied.stderr).toBe(0)
    expect(copied.stdout).toMatch(/^brand: 20 in /m)
    const checked = await mig(['verify', bareConfig])
    expect(checked.code, checked.stdout + checked.stderr).toBe(0)
  })
})

/** Builds the plugin as its vendor would (`tsc -b`) when dist/ is missing or older than a file of src/. */
function buildPlugin(): void {
  const built = path.join(pluginRoot, 'dist', 'index.js')
  const sources = readdirSync(path.join(pluginRoot, 'src')).map((file) => path.join(pluginRoot, 'src', file))
  if (existsSync(built) && sources.every((source) => statSync(source).mtimeMs <= statSync(built).mtimeMs)) return
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  execFileSync(process.execPath, [tsc, '-b', pluginRoot], { stdio: 'inherit' })
}

async function waitFor(
  condition: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  runner: ReturnType<typeof startMig>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (runner.child.exitCode !== null)
      throw new Error(
        `mig delta run exited (${runner.child.exitCode}) while waiting for ${what}: ${runner.output().stderr}`,
      )
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; runner stderr: ${runner.output().stderr}`)
}

// ---------------------------------------------------------------------------------------------
// The Magento 1 admin: brands created, edited and deleted, store links added, removed and moved.

class BrandWriter {
  private readonly random: () => number
  static readonly brands = new Set<number>()
  /** Store links that went with their brand by Magento 1's ON DELETE CASCADE. */
  cascadedLinks = 0

  constructor(
    readonly connection: Connection,
    seed: number,
  ) {
    let state = seed >>> 0
    this.random = () => {
      state = (state + 0x6d2b79f5) >>> 0
      let t = state
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }

  /** Writes until `ms` have passed; returns how many operations succeeded. */
  async run(ms: number): Promise<number> {
    const until = Date.now() + ms
    let done = 0
    while (Date.now() < until) {
      const roll = this.random()
      try {
        if (roll < 0.22 || BrandWriter.brands.size < 10) await this.createBrand()
        else if (roll < 0.45) await this.updateBrand()
        else if (roll < 0.55) await this.changeUrlKey()
        else if (roll < 0.65) await this.deleteBrand()
        else if (roll < 0.85) await this.toggleStore()
        else await this.moveStore()
        done++
      } catch (error) {
        await this.connection.query('ROLLBACK').catch(() => undefined)
        // The other connection deleted the brand meanwhile, or the two collided: the admin retries.
        const errno = (error as { errno?: number }).errno
        if (errno !== 1452 && errno !== 1213 && errno !== 1205) throw error
      }
    }
    return done
  }

  async createBrand(): Promise<void> {
    const db = this.connection
    await db.query('START TRANSACTION')
    const [result] = await db.query<ResultSetHeader>(
      'INSERT INTO brand (name, url_key, description, logo, is_active, sort_order, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, NOW())',
      [
        this.pick(NAMES)[0],
        this.pick(URL_KEYS),
        this.pick(TEXTS),
        this.pick(LOGOS)[0],
        this.int(0, 1),
        this.chance(0.2) ? null : this.int(-5, 100),
        this.date(),
      ],
    )
    for (const store of this.sample([0, 1, 2, 3], this.int(0, 3)))
      await db.query('INSERT INTO brand_store (brand_id, store_id) VALUES (?, ?)', [result.insertId, store])
    await db.query('COMMIT')
    BrandWriter.brands.add(result.insertId)
  }

  private async updateBrand(): Promise<void> {
    const brand = this.pickId()
    if (this.chance(0.5)) {
      await this.connection.query('UPDATE brand SET name = ?, description = ?, updated_at = NOW() WHERE brand_id = ?', [
        this.pick(NAMES)[0],
        this.pick(TEXTS),
        brand,
      ])
    } else {
      await this.connection.query('UPDATE brand SET logo = ?, is_active = ?, sort_order = ? WHERE brand_id = ?', [
        this.pick(LOGOS)[0],
        this.int(0, 1),
        this.int(0, 50),
        brand,
      ])
    }
  }

  private async changeUrlKey(): Promise<void> {
    await this.connection.query('UPDATE brand SET url_key = ? WHERE brand_id = ?', [this.pick(URL_KEYS), this.pickId()])
  }

  private async deleteBrand(): Promise<void> {
    const brand = this.pickId()
    const db = this.connection
    await db.query('START TRANSACTION')
    const [links] = (await db.query('SELECT COUNT(*) AS n FROM brand_store WHERE brand_id = ? FOR UPDATE', [
      brand,
    ])) as unknown as [[{ n: string }]]
    await db.query('DELETE FROM brand WHERE brand_id = ?', [brand]) // its store links go by ON DELETE CASCADE: no trigger fires
    await db.query('COMMIT')
    this.cascadedLinks += Number(links[0].n)
    BrandWriter.brands.delete(brand)
  }

  private async toggleStore(): Promise<void> {
    const brand = this.pickId()
    const store = this.int(0, 3)
    if (this.chance(0.5))
      await this.connection.query('INSERT IGNORE INTO brand_store (brand_id, store_id) VALUES (?, ?)', [brand, store])
    else await this.connection.query('DELETE FROM brand_store WHERE brand_id = ? AND store_id = ?', [brand, store])
  }

  /** An UPDATE of the key: captured as a delete of the old key and an upsert of the new one. */
  private async moveStore(): Promise<void> {
    await this.connection.query('UPDATE IGNORE brand_store SET store_id = ? WHERE brand_id = ? AND store_id = ?', [
      this.int(0, 3),
      this.pickId(),
      this.int(0, 3),
    ])
  }

  private date(): string {
    const pad = (n: number): string => String(n).padStart(2, '0')
    return `20${pad(this.int(10, 15))}-${pad(this.int(1, 12))}-${pad(this.int(1, 28))} ${pad(this.int(0, 23))}:${pad(this.int(0, 59))}:${pad(this.int(0, 59))}`
  }
  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1))
  }
  private chance(p: number): boolean {
    return this.random() < p
  }
  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!
  }
  private pickId(): number {
    return this.pick([...BrandWriter.brands])
  }
  private sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items]
    const out: T[] = []
    while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(this.random() * pool.length), 1)[0]!)
    return out
  }
}

// ---------------------------------------------------------------------------------------------
// The check, independent of the plugin's code: every Magento 1 brand is one vendor_brand row and one
// vendor_brand_content row (url key and logo path as the tables above say), every store link one
// vendor_brand_store row; Magento 2 has nothing else.

async function expectConverged(m1db: Connection, m2db: Connection): Promise<void> {
  const slugs = new Map(NAMES)
  const logos = new Map(LOGOS)
  const read = async (connection: Connection, sql: string): Promise<Row[]> =>
    ((await connection.query(sql)) as unknown as [Row[]])[0]
  const m1brands = await read(m1db, 'SELECT * FROM brand')
  expect(m1brands.length).toBeGreaterThan(0)
  const urlKey = (row: Row): string => {
    const given = row['url_key'] as string | null
    if (given !== null && given.trim() !== '') return given
    const slug = slugs.get(row['name'] as string)
    if (slug === undefined)
      throw new Error(`brand ${String(row['brand_id'])}: name not written by this test: ${String(row['name'])}`)
    return slug || `brand-${String(row['brand_id'])}`
  }
  const logoPath = (row: Row): string | null => {
    const path = logos.get(row['logo'] as string | null)
    if (path === undefined)
      throw new Error(`brand ${String(row['brand_id'])}: logo not written by this test: ${String(row['logo'])}`)
    return path
  }
  const results = [
    compare(
      'vendor_brand',
      m1brands.map(({ brand_id, name, is_active, sort_order, created_at, updated_at }) => ({
        brand_id,
        name,
        is_active,
        sort_order,
        created_at,
        updated_at,
      })),
      await read(m2db, 'SELECT * FROM vendor_brand'),
      ['brand_id'],
    ),
    compare(
      'vendor_brand_content',
      m1brands.map((row) => ({
        brand_id: row['brand_id'],
        url_key: urlKey(row),
        description: row['description'],
        logo_path: logoPath(row),
      })),
      await read(m2db, 'SELECT brand_id, url_key, description, logo_path FROM vendor_brand_content'),
      ['brand_id'],
    ),
    compare(
      'vendor_brand_store',
      await read(m1db, 'SELECT * FROM brand_store'),
      await read(m2db, 'SELECT * FROM vendor_brand_store'),
      ['brand_id', 'store_id'],
    ),
  ]
  for (const result of results) {
    // Counts, and the first few of each, so a failure stays readable.
    expect({
      table: result.table,
      missing: result.missing.length,
      extra: result.extra.length,
      different: result.different.length,
      examples: [
        ...result.missing.slice(0, 5).map((key) => `missing ${key}`),
        ...result.extra.slice(0, 5).map((key) => `extra ${key}`),
        ...result.different.slice(0, 5),
      ],
    }).toEqual({ table: result.table, missing: 0, extra: 0, different: 0, examples: [] })
  }
}

function compare(
  table: string,
  expectedRows: readonly Row[],
  actualRows: readonly Row[],
  keys: readonly string[],
): { table: string; missing: string[]; extra: string[]; different: string[] } {
  const keyOf = (row: Row): string => keys.map((key) => String(row[key])).join('/')
  const actual = new Map(actualRows.map((row) => [keyOf(row), row]))
  const missing: string[] = []
  const different: string[] = []
  for (const expected of expectedRows) {
    const key = keyOf(expected)
    const row = actual.get(key)
    actual.delete(key)
    if (!row) {
      missing.push(key)
      continue
    }
    for (const column of new Set([...Object.keys(expected), ...Object.keys(row)])) {
      if (!Object.is(expected[column], row[column]))
        different.push(
          `${key} ${column}: expected ${JSON.stringify(expected[column])}, got ${JSON.stringify(row[column])}`,
        )
    }
  }
  return { table, missing, extra: [...actual.keys()], different }
}
