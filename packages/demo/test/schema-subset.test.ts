import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSchemaSubset, schemaSubsetPath, type SchemaSide } from '../src/index.js'
import { writeConfigXml } from '../../../test/support/config-file.js'
import { describeWithRealDumps, fixturesDir } from '../../../test/support/fixtures.js'
import { runMig } from '../../../test/support/run-mig.js'
import { openConnection, useTestDatabases } from '../../../test/support/test-database.js'
import { CUSTOMER_MIX, DEFAULT_MIX, runWriter, type WriterStats } from '../../../test/support/writer/index.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const script = path.resolve(here, '..', 'scripts', 'extract-schema-subset.mjs')
const SIDES: readonly SchemaSide[] = ['magento1', 'magento2']

const createdTables = (side: SchemaSide): string[] =>
  [...readFileSync(schemaSubsetPath(side), 'utf8').matchAll(/^CREATE TABLE `([^`]+)`/gm)].map((match) => match[1] ?? '')

async function count(db: Connection, sql: string): Promise<number> {
  const [rows] = await db.query(sql)
  return Number((rows as { n: number | string }[])[0]?.n)
}

describe('the schema subset files', () => {
  it('are plain DDL plus metadata rows: no triggers, DEFINERs, LOCK TABLES, DROP TABLE, customers or orders; under 600 KB', () => {
    for (const side of SIDES) {
      const text = readFileSync(schemaSubsetPath(side), 'utf8')
      expect(text.length).toBeLessThan(600 * 1024)
      expect(text).toMatch(/^-- mig schema subset, Magento [12] side/)
      expect(text).not.toMatch(/\bTRIGGER\b|\bDEFINER\b|^LOCK TABLES|^DROP TABLE|^DELIMITER/m)
      for (const table of [
        'customer_entity',
        'customer_address_entity',
        side === 'magento1' ? 'sales_flat_order' : 'sales_order',
        side === 'magento1' ? 'sales_flat_quote' : 'quote',
      ]) {
        expect(text).toContain(`CREATE TABLE \`${table}\``)
        expect(text).not.toContain(`INSERT INTO \`${table}\``)
      }
    }
  })
})

// Plain, and with a prefix on each side: the loader prefixes every table and every foreign key's target.
for (const [sourcePrefix, destPrefix] of [
  ['', ''],
  ['magev1_', 'm2p_'],
] as const) {
  describe(`the schema subset as a store to migrate${sourcePrefix ? ` (prefixes ${sourcePrefix} → ${destPrefix})` : ''}`, () => {
    const dbs = useTestDatabases()
    const home = mkdtempSync(path.join(os.tmpdir(), 'mig-subset-'))
    let m1: string
    let m2: string
    let m1db: Connection
    let m2db: Connection

    beforeAll(async () => {
      m1 = await dbs.create('subset_m1')
      m2 = await dbs.create('subset_m2')
      m1db = await openConnection(m1)
      m2db = await openConnection(m2)
      await loadSchemaSubset(m1db, 'magento1', { tablePrefix: sourcePrefix })
      await loadSchemaSubset(m2db, 'magento2', { tablePrefix: destPrefix })
    })

    afterAll(async () => {
      await m1db?.end()
      await m2db?.end()
      rmSync(home, { recursive: true, force: true })
    })

    it('loads every table of the files, prefixed, foreign keys pointing inside the subset; the session is restored', async () => {
      for (const [side, db, database, prefix] of [
        ['magento1', m1db, m1, sourcePrefix],
        ['magento2', m2db, m2, destPrefix],
      ] as const) {
        const [tables] = await db.query(
          'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME',
          [database],
        )
        const expected = createdTables(side).map((table) => `${prefix}${table}`)
        expect((tables as { name: string }[]).map((row) => row.name).sort()).toEqual(expected.sort())
        const [targets] = await db.query(
          'SELECT DISTINCT REFERENCED_TABLE_NAME AS name FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?',
          [database],
        )
        expect((targets as { name: string }[]).length).toBeGreaterThan(10)
        for (const { name } of targets as { name: string }[]) expect(expected).toContain(name)
        const [[session]] = (await db.query(
          'SELECT @@SESSION.foreign_key_checks AS fk, @@SESSION.time_zone AS tz',
        )) as unknown as [{ fk: number | string; tz: string }[]]
        expect(Number(session?.fk)).toBe(1)
        expect(session?.tz).not.toBe('+00:00')
      }
      expect(await count(m1db, `SELECT COUNT(*) AS n FROM \`${sourcePrefix}core_store\` WHERE store_id = 0`)).toBe(1)
    })

    it('takes the seeded writer: store and customer traffic without errors or columns the schema lacks', async () => {
      const runs: WriterStats[] = []
      for (const [seed, mix] of [
        [11, DEFAULT_MIX],
        [12, CUSTOMER_MIX],
      ] as const) {
        runs.push(await runWriter({ connection: m1db, seed, tablePrefix: sourcePrefix, operations: 250, mix }))
      }
      for (const stats of runs) {
        expect(stats.executed).toBe(250)
        expect(stats.missingColumns).toEqual({})
        expect(stats.warnings).toEqual([])
      }
      const [sales, customers] = runs
      expect(sales?.done.guestCheckout).toBeGreaterThan(20)
      expect(sales?.done.invoice).toBeGreaterThan(5)
      expect(customers?.done.registerCustomer).toBeGreaterThan(5)
      expect(customers?.done.addToWishlist).toBeGreaterThan(0)
      expect(await count(m1db, `SELECT COUNT(*) AS n FROM \`${sourcePrefix}sales_flat_order\``)).toBeGreaterThan(50)
    })

    it('migrates: mig data run and mig verify exit 0, every order and customer in Magento 2', async () => {
      const config = writeConfigXml({
        source: m1,
        destination: m2,
        options: { source_prefix: sourcePrefix, dest_prefix: destPrefix, log_file: path.join(home, 'mig.log') },
      })
      const data = await runMig(['data', 'run', config])
      expect(data.code, data.stderr).toBe(0)
      expect(data.stdout).toMatch(/stores: 2 websites, 2 store groups, 2 store views/)
      const verify = await runMig(['verify', config])
      expect(verify.code, verify.stdout + verify.stderr).toBe(0)
      expect(verify.stdout).toMatch(/^verify: clean/m)
      for (const [source, destination] of [
        ['sales_flat_order', 'sales_order'],
        ['sales_flat_invoice', 'sales_invoice'],
        ['customer_entity', 'customer_entity'],
        ['wishlist_item', 'wishlist_item'],
      ] as const) {
        const expected = await count(m1db, `SELECT COUNT(*) AS n FROM \`${sourcePrefix}${source}\``)
        expect(expected, source).toBeGreaterThan(0)
        expect(await count(m2db, `SELECT COUNT(*) AS n FROM \`${destPrefix}${destination}\``), destination).toBe(
          expected,
        )
      }
    })
  })
}

// Regenerating from the same dumps must give the same bytes: the committed files are the script's output.
describeWithRealDumps('extract-schema-subset.mjs', () => {
  it('writes exactly the committed files when run again on the dumps', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'mig-subset-out-'))
    try {
      const run = spawnSync(process.execPath, [script, '--fixtures', fixturesDir(), '--out-dir', out], {
        encoding: 'utf8',
      })
      expect(run.status, run.stderr).toBe(0)
      const digest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex')
      for (const side of SIDES) expect(digest(path.join(out, `${side}.sql`)), side).toBe(digest(schemaSubsetPath(side)))
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  })
})
