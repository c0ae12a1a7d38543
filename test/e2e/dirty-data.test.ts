import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { compareCatalog } from '../support/catalog-checks.js'
import { compareMappedTables, describeDifferences } from '../support/compare-mapped.js'
import { writeConfigXml } from '../support/config-file.js'
import { expectCustomersConverged } from '../support/customer-checks.js'
import { describeWithFixtures, fixturePath, MAGENTO1_DUMP, MAGENTO2_DUMP } from '../support/fixtures.js'
import { loadDump } from '../support/load-dump.js'
import { tradeUnderDelta } from '../support/live-trading.js'
import { runMig } from '../support/run-mig.js'
import { salesTables } from '../support/sales-checks.js'
import { queryRows } from '../support/sql-rows.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'
import { DIRTY_MIX, phpUnserialize, runWriter, type PhpUnserialized } from '../support/writer/index.js'

/** Seconds the store trades (dirty data included) while delta runs. */
const TRADING_SECONDS = 30

/** What the simulator writes through a latin1 connection into the latin1 comment column: Magento 2 must read these. */
const LATIN1_TEXTS = ['Grüße aus Köln', 'Liefertermin: Mär', 'Zoë — déjà vu']

interface Status {
  tables: { table: string; pending: number }[]
  setAside?: { table: string; key: string; reason: string }[]
}

/** Serialized data with every string's length counted again from its bytes (the simulator's strings hold no `";`). */
function recounted(serialized: string): string {
  return serialized.replace(/s:\d+:"(.*?)";/gs, (_, text: string) => `s:${Buffer.byteLength(text, 'utf8')}:"${text}";`)
}

/** A PHP value as JSON.parse gives Magento 2's json_encode of it (arrays with keys 0..n-1 are lists). */
function asJson(value: PhpUnserialized): unknown {
  if (!(value instanceof Map)) return value
  const entries = [...value.entries()]
  if (entries.every(([key], index) => key === index)) return entries.map(([, item]) => asJson(item))
  return Object.fromEntries(entries.map(([key, item]) => [String(key), asJson(item)]))
}

for (const [prefix, destPrefix] of [
  ['', ''],
  ['magev1_', 'm2p_'],
] as const) {
  const variant = prefix ? ` (prefixes ${prefix} → ${destPrefix})` : ''
  describeWithFixtures(`a store's dirty data never costs its row${variant}`, () => {
    const dbs = useTestDatabases()
    let m1: string
    let m2: string
    let config: string
    let m1db: Connection
    let m2db: Connection
    const status = async (): Promise<Status> =>
      JSON.parse((await runMig(['delta', 'status', '--json', config])).stdout) as Status

    beforeAll(async () => {
      m1 = await dbs.create('dirty_m1')
      m2 = await dbs.create('dirty_m2')
      await Promise.all([
        loadDump(m1, fixturePath(MAGENTO1_DUMP), { tablePrefix: prefix }),
        loadDump(m2, fixturePath(MAGENTO2_DUMP), { tablePrefix: destPrefix }),
      ])
      m1db = await openConnection(m1)
      m2db = await openConnection(m2)
      // A store whose order comments were created latin1 (its server's default when the table was made).
      await m1db.query(
        `ALTER TABLE \`${prefix}sales_flat_order_status_history\` MODIFY comment TEXT CHARACTER SET latin1 COLLATE latin1_swedish_ci NULL`,
      )
      await runWriter({ connection: m1db, seed: 801, tablePrefix: prefix, operations: 200, mix: DIRTY_MIX })
      config = writeConfigXml({
        source: m1,
        destination: m2,
        options: {
          source_prefix: prefix,
          dest_prefix: destPrefix,
          bulk_size: '0',
          ...(prefix === '' ? { direct_document_copy: '1' } : {}),
        },
      })
    })

    afterAll(async () => {
      await m1db?.end()
      await m2db?.end()
    })

    it('mig data run, without --auto, copies every row and keeps what it repaired or could not convert', async () => {
      const result = await runMig(['data', 'run', config])
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout + result.stderr).toMatch(
        /data run finished in .*, [\d,]+ values repaired, [\d,]+ values lost \(written empty, originals kept in Magento 2\)/,
      )
      // One line per table, column and kind, not one per row.
      expect(result.stderr).toMatch(
        /^warning: repaired sales_flat_order_item\.product_options: [\d,]+ values? \(item_id=\d+/m,
      )
    })

    it(`mig delta run, without --auto, under ${TRADING_SECONDS}s of dirty trading from three writers: exit 0; nothing missing but Magento 1's own orphans; repaired values equal; lost ones kept; verify clean`, async () => {
      const { delta: result } = await tradeUnderDelta({
        config,
        database: m1,
        prefix,
        mix: DIRTY_MIX,
        seeds: [810, 811, 812],
        seconds: TRADING_SECONDS,
        opsPerSecond: 6,
      })
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0)
      expect(result.stdout + result.stderr).toMatch(/orphans of Magento 1 left out/)

      // Only rows whose parent Magento 1 itself lacks are held out, each with that reason.
      const aside = (await status()).setAside ?? []
      expect(aside.length).toBeGreaterThan(0)
      for (const row of aside)
        expect(`${row.table}: ${row.reason}`).toMatch(
          /^sales_flat_order_status_history: orphan in Magento 1: its sales_flat_order entity_id=\d+ does not exist in Magento 1/,
        )
      // Keys as the set-aside store and the comparison both name them (key identity).
      const orphanKeys = new Set(aside.map((row) => row.key))

      // Every other mapped row is in Magento 2, equal as the mapping (with its repairs and fits) says.
      const differences = await compareMappedTables({
        source: m1,
        destination: m2,
        sourcePrefix: prefix,
        destPrefix,
        tables: salesTables(),
      })
      const unexplained = differences.map((difference) => ({
        ...difference,
        missing: difference.missing.filter((key) => !orphanKeys.has(key)),
      }))
      expect(describeDifferences(unexplained)).toBe('')
      await expectCustomersConverged({ m1, m2, prefix, destPrefix, m1db, m2db })
      const catalog = await compareCatalog({ m1db, m2db, prefix, destPrefix })
      expect(catalog.differences, catalog.differences.join('\n')).toEqual([])

      const kept = (await queryRows(
        m2db,
        `SELECT source_table AS tableName, row_key AS rowKey, source_column AS columnName, kind, reason, original FROM \`${destPrefix}m2_mig_dirty_value\``,
      )) as {
        tableName: string
        rowKey: string
        columnName: string
        kind: 'repaired' | 'lost'
        reason: string
        original: Buffer | null
      }[]
      const valueIn = async (db: Connection, table: string, column: string, rowKey: string): Promise<unknown> => {
        const [name, id] = rowKey.split('=') as [string, string]
        const [row] = await queryRows(db, `SELECT \`${column}\` AS v FROM \`${table}\` WHERE \`${name}\` = ?`, [id])
        return row?.['v']
      }
      const repairedSerialized = kept.filter(
        (note) => note.kind === 'repaired' && note.reason.startsWith('PHP-serialized'),
      )
      const repairedLatin1 = kept.filter(
        (note) => note.kind === 'repaired' && note.reason.startsWith('UTF-8 text stored in a latin1 column'),
      )
      const lost = kept.filter((note) => note.kind === 'lost')
      console.info(
        `dirty data${variant}: ${repairedSerialized.length} serialized values repaired, ${repairedLatin1.length} latin1 texts read as UTF-8, ${lost.length} values lost (originals kept), ${aside.length} orphans left out`,
      )
      expect(repairedSerialized.length).toBeGreaterThan(0)
      expect(repairedLatin1.length).toBeGreaterThan(0)
      expect(lost.length).toBeGreaterThan(0)
      const m2Table = (table: string): string =>
        `${destPrefix}${table.replace(/^sales_flat_quote/, 'quote').replace(/^sales_flat_/, 'sales_')}`
      // Notes speak of rows Magento 2 holds: one removed by a cascade from its parent (no change of its own says so) drops its note.
      for (const note of repairedSerialized)
        expect(
          await valueIn(m2db, m2Table(note.tableName), note.columnName, note.rowKey),
          `${note.tableName} ${note.rowKey}`,
        ).not.toBeUndefined()
      // A repaired value is exactly the text Magento 1 holds, as JSON: checked with lengths counted again and the simulator's own reader.
      for (const note of repairedSerialized) {
        const original = note.original?.toString('utf8') ?? ''
        const written = await valueIn(m2db, m2Table(note.tableName), note.columnName, note.rowKey)
        expect(JSON.parse(String(written)), `${note.tableName} ${note.rowKey}`).toEqual(
          asJson(phpUnserialize(recounted(original))),
        )
      }
      for (const note of repairedLatin1)
        expect(LATIN1_TEXTS).toContain(await valueIn(m2db, m2Table(note.tableName), note.columnName, note.rowKey))
      // A lost value's original is kept byte for byte as Magento 1 holds it.
      for (const note of lost) {
        const inMagento1 = await valueIn(m1db, `${prefix}${note.tableName}`, note.columnName, note.rowKey)
        expect(note.original?.toString('utf8'), `${note.tableName} ${note.rowKey} ${note.columnName}`).toBe(
          inMagento1 === null ? undefined : String(inMagento1),
        )
      }

      // delta status shows them per table and column, in text and JSON.
      const text = await runMig(['delta', 'status', config])
      expect(text.stdout).toMatch(
        /^[\d,]+ values repaired or lost \(their rows are applied; the original values are kept in Magento 2's m2_mig_dirty_value\):$/m,
      )
      expect(text.stdout).toMatch(
        /^ {2}lost \(written empty, the original kept in Magento 2\) sales_flat_order\.remote_ip: [\d,]+ values? \(entity_id=\d+/m,
      )
      expect(text.stdout).toMatch(
        /^ {2}lost \(written empty, the original kept in Magento 2\) sales_flat_order\.email_sent: [\d,]+ values? \(entity_id=\d+.*\): 40000 is outside Magento 2's smallint\(6\): written as 32767$/m,
      )
      const json = JSON.parse((await runMig(['delta', 'status', '--json', config])).stdout) as {
        dirtyValues: { table: string; column: string; kind: string; count: number }[]
      }
      expect(json.dirtyValues.reduce((sum, count) => sum + count.count, 0)).toBe(kept.length)

      const verify = await runMig(['verify', config])
      expect(verify.code, verify.stdout).toBe(0)
      expect(verify.stdout).toMatch(/^known, not a difference: repaired sales_flat_order_item\.product_options: /m)
      expect(verify.stdout).toMatch(
        /^known, not a difference: lost \(written empty, the original kept in Magento 2\) /m,
      )
    })

    it("a repaired value's note goes when Magento 1's cascade takes its row (the cart is deleted): no change of the row's own says so", async () => {
      const t = (table: string): string => `\`${prefix}${table}\``
      const insertId = async (sql: string, params: unknown[]): Promise<string> => {
        const [result] = (await m1db.query(sql, params)) as unknown as [{ insertId: number }]
        return String(result.insertId)
      }
      const quote = await insertId(
        `INSERT INTO ${t('sales_flat_quote')} (store_id, created_at, updated_at, is_active) VALUES (1, NOW(), NOW(), 1)`,
        [],
      )
      const item = await insertId(
        `INSERT INTO ${t('sales_flat_quote_item')} (quote_id, store_id, sku, name, qty, price, base_price, row_total, base_row_total, product_type, created_at, updated_at) VALUES (?, 1, 'n', 'N', 1, 1, 1, 1, 1, 'simple', NOW(), NOW())`,
        [quote],
      )
      // An emoji stored as ? in a buy request whose length still counts its 4 bytes.
      const option = await insertId(
        `INSERT INTO ${t('sales_flat_quote_item_option')} (item_id, product_id, code, value) VALUES (?, 0, 'info_buyRequest', 'a:1:{s:4:"note";s:9:"Gift ? Z";}')`,
        [item],
      )
      const noted = async (): Promise<number> =>
        Number(
          (
            await queryRows(
              m2db,
              `SELECT COUNT(*) AS n FROM \`${destPrefix}m2_mig_dirty_value\` WHERE source_table = 'sales_flat_quote_item_option' AND row_key = ?`,
              [`option_id=${option}`],
            )
          )[0]?.['n'],
        )
      expect((await runMig(['delta', 'run', '--once', config])).code).toBe(0)
      expect(await noted()).toBe(1)
      await m1db.query(`DELETE FROM ${t('sales_flat_quote')} WHERE entity_id = ?`, [quote])
      expect((await runMig(['delta', 'run', '--once', config])).code).toBe(0)
      expect(await noted()).toBe(0)
    })
  })
}
