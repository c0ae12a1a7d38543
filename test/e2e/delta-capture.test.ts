import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { writeConfigXml } from '../support/config-file.js'
import { describeWithFixtures, fixturePath, MAGENTO1_DUMP } from '../support/fixtures.js'
import { loadDump } from '../support/load-dump.js'
import { runMig, startMig } from '../support/run-mig.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'

interface DeltalogRow {
  operation: string
  version: string
}

async function deltalogRows(db: Connection, table: string, where = '1'): Promise<DeltalogRow[]> {
  const [rows] = await db.query(`SELECT * FROM \`${table}\` WHERE ${where}`)
  return rows as DeltalogRow[]
}

async function ownTriggers(db: Connection, schema: string): Promise<string[]> {
  const [rows] = await db.query(
    `SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? AND TRIGGER_NAME LIKE 'm2\\_trg\\_%'`,
    [schema],
  )
  return (rows as { name: string }[]).map((row) => row.name)
}

async function migTables(db: Connection, schema: string): Promise<string[]> {
  const [rows] = await db.query(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_COMMENT LIKE 'mig:%'`,
    [schema],
  )
  return (rows as { name: string }[]).map((row) => row.name)
}

for (const prefix of ['', 'magev1_']) {
  describeWithFixtures(
    `delta setup / status / teardown on the Magento 1 dump${prefix ? ` with prefix ${prefix}` : ''}`,
    () => {
      const dbs = useTestDatabases()
      let m1: string
      let m2: string
      let db: Connection
      let config: string
      const t = (name: string): string => `${prefix}${name}`

      beforeAll(async () => {
        m1 = await dbs.create('cap_m1')
        m2 = await dbs.create('cap_m2')
        await loadDump(m1, fixturePath(MAGENTO1_DUMP), { tablePrefix: prefix })
        db = await openConnection(m1)
        // A third-party trigger that must survive setup and teardown byte for byte and keep firing.
        await db.query(`CREATE TABLE \`${t('vendor_audit')}\` (id INT AUTO_INCREMENT PRIMARY KEY, quote_id INT)`)
        await db.query(
          `CREATE TRIGGER vendor_quote_audit AFTER INSERT ON \`${t('sales_flat_quote')}\` FOR EACH ROW INSERT INTO \`${t('vendor_audit')}\` (quote_id) VALUES (NEW.entity_id)`,
        )
        // Extension tables with keys of unusual types and a name past the 64-character limit once prefixed.
        await db.query(
          `CREATE TABLE \`${t('ext_stock_qty')}\` (sku VARCHAR(64) NOT NULL, qty DECIMAL(12,4) NOT NULL, big BIGINT UNSIGNED NOT NULL, note TEXT, PRIMARY KEY (sku, qty, big))`,
        )
        await db.query(
          `CREATE TABLE \`${t('ext_a_really_long_extension_table_name_for_testing_limits')}\` (id INT PRIMARY KEY, v INT)`,
        )
        const dir = path.dirname(writeConfigXml({ source: m1, destination: m2 }))
        writeFileSync(
          path.join(dir, 'deltalog.xml'),
          `<groups>
  <group name="vendor">
    <document key="sku,qty,big">ext_stock_qty</document>
    <document>ext_a_really_long_extension_table_name_for_testing_limits</document>
    <document key="id">ext_missing_table</document>
    <document key="nope">vendor_audit</document>
  </group>
</groups>`,
        )
        config = writeConfigXml(
          {
            source: m1,
            destination: m2,
            options: { source_prefix: prefix, delta_document_groups_file: 'deltalog.xml' },
          },
          dir,
        )
      })

      afterAll(async () => {
        await db?.end()
      })

      it('installs capture while three connections write, and logs every change after it', async () => {
        const writers = await Promise.all([1, 2, 3].map(() => openConnection(m1)))
        let stop = false
        let written = 0
        const writing = writers.map(async (writer, index) => {
          while (!stop) {
            await writer.query(
              `INSERT INTO \`${t('sales_flat_quote')}\` (store_id, created_at, updated_at, customer_email) VALUES (1, NOW(), NOW(), ?)`,
              [`w${index}@example.com`],
            )
            written++
          }
        })
        const setup = await runMig(['delta', 'setup', config])
        stop = true
        await Promise.all(writing)
        await Promise.all(writers.map((writer) => writer.end()))
        expect(setup.stderr).not.toMatch(/at .*\.js:\d+/)
        expect(setup.code, setup.stderr).toBe(0)
        expect(written).toBeGreaterThan(0)
        expect(setup.stdout).toMatch(/capture installed on \d+ tables/)
        // The deltalog entries naming a missing table or key column are warned; the rest is installed.
        expect(setup.stderr).toContain(`${t('ext_missing_table')} (tracked by`)
        expect(setup.stderr).toMatch(/key column nope of .*vendor_audit/)

        const order = t('sales_flat_order')
        const cl = `${prefix}m2_cl_sales_flat_order`
        await db.query(`DELETE FROM \`${cl}\``)
        await db.query(
          `INSERT INTO \`${order}\` (entity_id, state, status, store_id, increment_id, created_at) VALUES (9001, 'new', 'pending', 1, '900000001', NOW())`,
        )
        expect(await deltalogRows(db, cl)).toMatchObject([{ entity_id: 9001, operation: 'INSERT', version: '1' }])
        await db.query(`UPDATE \`${order}\` SET status = 'processing' WHERE entity_id = 9001`)
        await db.query(`UPDATE \`${order}\` SET status = 'complete' WHERE entity_id = 9001`)
        expect(await deltalogRows(db, cl)).toMatchObject([{ entity_id: 9001, operation: 'UPDATE', version: '3' }])
        // A key change logs the old key as DELETE and the new one as UPDATE.
        await db.query(`UPDATE \`${order}\` SET entity_id = 9002 WHERE entity_id = 9001`)
        const afterKeyChange = await deltalogRows(db, cl, '1 ORDER BY entity_id')
        expect(afterKeyChange).toMatchObject([
          { entity_id: 9001, operation: 'DELETE', version: '4' },
          { entity_id: 9002, operation: 'UPDATE', version: '1' },
        ])
        await db.query(`DELETE FROM \`${order}\` WHERE entity_id = 9002`)
        expect(await deltalogRows(db, cl, 'entity_id = 9002')).toMatchObject([{ operation: 'DELETE', version: '2' }])
        const [changedAt] = await db.query(`SELECT changed_at FROM \`${cl}\` LIMIT 1`)
        expect((changedAt as { changed_at: string }[])[0]?.changed_at).toMatch(/\.\d{6}$/)
      })

      it('captures DECIMAL, BIGINT UNSIGNED and VARCHAR keys with their exact values', async () => {
        const cl = `${prefix}m2_cl_ext_stock_qty`
        const [columns] = await db.query(
          `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
          [m1, cl],
        )
        expect(columns).toEqual([
          { name: 'sku', type: 'varchar(64)' },
          { name: 'qty', type: 'decimal(12,4)' },
          { name: 'big', type: 'bigint(20) unsigned' },
          { name: 'operation', type: "enum('INSERT','UPDATE','DELETE')" },
          { name: 'version', type: 'bigint(20) unsigned' },
          { name: 'changed_at', type: 'timestamp(6)' },
        ])
        await db.query(
          `INSERT INTO \`${t('ext_stock_qty')}\` VALUES ('SKU-Ø', 1.5000, 18446744073709551615, 'x'), ('SKU-Ø', 2.2500, 1, 'y')`,
        )
        await db.query(`UPDATE \`${t('ext_stock_qty')}\` SET note = 'z' WHERE qty = 1.5`)
        expect(await deltalogRows(db, cl, '1 ORDER BY qty')).toMatchObject([
          { sku: 'SKU-Ø', qty: '1.5000', big: '18446744073709551615', operation: 'UPDATE', version: '2' },
          { sku: 'SKU-Ø', qty: '2.2500', big: '1', operation: 'INSERT', version: '1' },
        ])
      })

      it('shortens names over 64 characters deterministically and still captures', async () => {
        const tables = await migTables(db, m1)
        const long = tables.find((name) => name.includes('really_long'))
        expect(long).toBeDefined()
        expect(long!.length).toBeLessThanOrEqual(64)
        if (prefix) expect(long).toMatch(/_[0-9a-f]{8}$/)
        await db.query(
          `INSERT INTO \`${t('ext_a_really_long_extension_table_name_for_testing_limits')}\` VALUES (1, 1)`,
        )
        expect(await deltalogRows(db, long!)).toHaveLength(1)
        for (const name of await ownTriggers(db, m1)) expect(name.length).toBeLessThanOrEqual(64)
      })

      it('keeps the third-party trigger byte for byte, and it still fires', async () => {
        const [rows] = await db.query(
          `SELECT ACTION_STATEMENT AS body FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? AND TRIGGER_NAME = 'vendor_quote_audit'`,
          [m1],
        )
        expect((rows as { body: string }[])[0]?.body).toBe(
          `INSERT INTO \`${t('vendor_audit')}\` (quote_id) VALUES (NEW.entity_id)`,
        )
        const [before] = await db.query(`SELECT COUNT(*) AS n FROM \`${t('vendor_audit')}\``)
        await db.query(
          `INSERT INTO \`${t('sales_flat_quote')}\` (store_id, created_at, updated_at) VALUES (1, NOW(), NOW())`,
        )
        const [after] = await db.query(`SELECT COUNT(*) AS n FROM \`${t('vendor_audit')}\``)
        expect(Number((after as { n: number }[])[0]?.n)).toBe(Number((before as { n: number }[])[0]?.n) + 1)
      })

      it('is idempotent: a second setup keeps every pending change and creates nothing', async () => {
        const before = await runMig(['delta', 'status', '--json', config])
        expect(before.code, before.stderr).toBe(0)
        const pendingBefore = JSON.parse(before.stdout) as {
          pending: number
          tables: { table: string; pending: number }[]
        }
        expect(pendingBefore.pending).toBeGreaterThan(0)
        const triggersBefore = (await ownTriggers(db, m1)).sort()
        const again = await runMig(['delta', 'setup', config])
        expect(again.code, again.stderr).toBe(0)
        expect(again.stdout).toContain('0 new deltalogs, 0 triggers created')
        expect((await ownTriggers(db, m1)).sort()).toEqual(triggersBefore)
        const after = JSON.parse((await runMig(['delta', 'status', '--json', config])).stdout) as typeof pendingBefore
        const pendingOf = (list: { table: string; pending: number }[]): string[] =>
          list.map((table) => `${table.table}=${table.pending}`)
        expect(pendingOf(after.tables)).toEqual(pendingOf(pendingBefore.tables))
      })

      it('status reports the lag: the age of the oldest pending change per table and overall, in text and JSON', async () => {
        const deltalog = `${prefix}m2_cl_sales_flat_creditmemo`
        await db.query(
          `INSERT INTO \`${deltalog}\` (entity_id, operation, changed_at) VALUES (777001, 'UPDATE', NOW(6) - INTERVAL 95 SECOND)`,
        )
        try {
          const json = JSON.parse((await runMig(['delta', 'status', '--json', config])).stdout) as {
            oldestPendingSeconds: number | null
            tables: { table: string; pending: number; oldestPendingSeconds: number | null }[]
          }
          const creditmemos = json.tables.find((table) => table.table === t('sales_flat_creditmemo'))
          expect(creditmemos?.pending).toBe(1)
          expect(creditmemos?.oldestPendingSeconds).toBeGreaterThanOrEqual(95)
          expect(creditmemos?.oldestPendingSeconds).toBeLessThan(180)
          expect(json.oldestPendingSeconds).toBeGreaterThanOrEqual(95)
          const idle = json.tables.find((table) => table.table === t('sales_flat_shipment_track'))
          expect(idle).toMatchObject({ pending: 0, oldestPendingSeconds: null })
          const text = await runMig(['delta', 'status', config])
          expect(text.stdout).toMatch(
            new RegExp(`${t('sales_flat_creditmemo')}\\s+1\\s+0\\s+1\\s+0\\s+(1m3\\d|1m4\\d|1m5\\d|2m\\d+)s`),
          )
          expect(text.stdout).toMatch(/changes pending in \d+ tables; oldest (1m3\d|1m4\d|1m5\d|2m\d+)s/)
        } finally {
          await db.query(`DELETE FROM \`${deltalog}\` WHERE entity_id = 777001`)
        }
      })

      it('status reports pending changes per operation and the missing-capture trap with its repair command', async () => {
        const text = await runMig(['delta', 'status', config])
        expect(text.code, text.stderr).toBe(0)
        expect(text.stdout).toMatch(new RegExp(`${t('sales_flat_order')}\\s+2\\s+0\\s+0\\s+2`))
        const json = JSON.parse((await runMig(['delta', 'status', '--json', config])).stdout) as {
          tables: { table: string; pending: unknown; state: string }[]
        }
        for (const table of json.tables) expect(typeof table.pending).toBe('number')
        const [[trigger]] = (await db.query(
          `SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? AND EVENT_OBJECT_TABLE = ? AND EVENT_MANIPULATION = 'UPDATE' AND TRIGGER_NAME LIKE 'm2\\_trg\\_%'`,
          [m1, t('sales_flat_invoice')],
        )) as unknown as [{ name: string }[]]
        await db.query(`DROP TRIGGER \`${trigger!.name}\``)
        await db
          .query(`DROP TABLE \`${prefix}m2_cl_sales_flat_shipment\``.replace('m2_cl_', 'm2_cl_'))
          .catch(() => undefined)
        const broken = await runMig(['delta', 'status', config])
        expect(broken.stderr).toContain(`${t('sales_flat_invoice')} has no UPDATE trigger`)
        expect(broken.stderr).toContain(`mig delta setup ${config}`)
        const repaired = await runMig(['delta', 'setup', config])
        expect(repaired.code).toBe(0)
        expect((await runMig(['delta', 'status', config])).stderr).not.toContain('has no UPDATE trigger')
      })

      it('teardown removes every trigger and table mig installed and nothing else', async () => {
        const [tablesBefore] = await db.query(
          `SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`,
          [m1],
        )
        const ours = await migTables(db, m1)
        const result = await runMig(['delta', 'teardown', '--force', config])
        expect(result.code, result.stderr).toBe(0)
        expect(await ownTriggers(db, m1)).toEqual([])
        expect(await migTables(db, m1)).toEqual([])
        const [tablesAfter] = await db.query(
          `SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`,
          [m1],
        )
        expect(Number((tablesAfter as { n: number }[])[0]?.n)).toBe(
          Number((tablesBefore as { n: number }[])[0]?.n) - ours.length,
        )
        const [vendor] = await db.query(
          `SELECT COUNT(*) AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? AND TRIGGER_NAME = 'vendor_quote_audit'`,
          [m1],
        )
        expect(Number((vendor as { n: number }[])[0]?.n)).toBe(1)
        // The storefront still writes after teardown.
        await db.query(
          `INSERT INTO \`${t('sales_flat_order')}\` (state, status, store_id, created_at) VALUES ('new', 'pending', 1, NOW())`,
        )
      })

      it('waits for a metadata lock held by the store instead of blocking it, then installs', async () => {
        await runMig(['delta', 'teardown', '--force', config])
        const holder = await openConnection(m1)
        await holder.query('START TRANSACTION')
        await holder.query(`SELECT * FROM \`${t('sales_flat_order')}\` LIMIT 1`)
        const setup = startMig(['delta', 'setup', config])
        const deadline = Date.now() + 60_000
        while (!setup.output().stderr.includes('waiting for a metadata lock') && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
        expect(setup.output().stderr).toContain('waiting for a metadata lock')
        // While setup retries, a storefront write on the same table waits at most one short lock wait.
        const storefront = await openConnection(m1)
        const started = Date.now()
        await storefront.query(`UPDATE \`${t('sales_flat_order')}\` SET updated_at = NOW() WHERE entity_id = 0`)
        expect(Date.now() - started).toBeLessThan(4_000)
        await storefront.end()
        await holder.query('COMMIT')
        await holder.end()
        const result = await setup.result
        expect(result.code, result.stderr).toBe(0)
        expect(await ownTriggers(db, m1)).not.toEqual([])
      })
    },
  )
}
