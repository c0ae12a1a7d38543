import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { writeConfigXml } from '../support/config-file.js'
import { describeWithFixtures, fixturePath, MAGENTO1_DUMP, MAGENTO2_DUMP } from '../support/fixtures.js'
import { loadDump } from '../support/load-dump.js'
import { runMig, startMig, type MigResult } from '../support/run-mig.js'
import {
  expectSalesConverged,
  salesPending,
  salesTables,
  waitFor,
  writeFromThreeConnections,
} from '../support/sales-checks.js'
import { schemaSnapshot } from '../support/schema-snapshot.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'

/** Magento 2 tables the sales plugin writes, for checksums. */
const M2_SALES_TABLES = [
  'sales_order',
  'sales_order_item',
  'sales_order_address',
  'sales_order_payment',
  'sales_invoice',
  'sales_shipment',
  'sales_creditmemo',
  'quote',
  'quote_item',
  'sales_order_grid',
  'sales_invoice_grid',
]

// The plain stores copy handler-free tables server-side; the prefixed ones (on both sides) move every row through mig.
for (const [prefix, destPrefix] of [
  ['', ''],
  ['magev1_', 'm2p_'],
] as const) {
  describeWithFixtures(
    `mig data run copies the sales history${prefix ? ` (prefixes ${prefix} → ${destPrefix})` : ''}`,
    () => {
      const dbs = useTestDatabases()
      let m1: string
      let m2: string
      let config: string
      let slowConfig: string
      let m1db: Connection
      let m2db: Connection
      /** Magento 2's tables before any run: indexes a run builds after its copy must come back exactly. */
      let schemaBefore: Record<string, string>
      const expectConverged = (): Promise<void> => expectSalesConverged({ m1, m2, prefix, destPrefix, m1db, m2db })

      const checksums = async (): Promise<string> => {
        const [rows] = await m2db.query(
          `CHECKSUM TABLE ${M2_SALES_TABLES.map((table) => `${destPrefix}${table}`).join(', ')} EXTENDED`,
        )
        return JSON.stringify(rows)
      }
      const lockFreed = (): Promise<void> =>
        waitFor(
          async () => {
            const [rows] = await m1db.query('SELECT IS_FREE_LOCK(?) AS free', [`mig:${m1}`])
            return Number((rows as { free: number }[])[0]?.free) === 1
          },
          30_000,
          'the killed run lock to be freed',
        )

      /** Rows of mig's record of indexes dropped and not built yet, for one Magento 2 table or all. */
      const deferredIndexes = async (table?: string): Promise<number> => {
        const [rows] = await m2db.query(
          `SELECT COUNT(*) AS n FROM ${destPrefix}m2_mig_deferred_index${table === undefined ? '' : ' WHERE table_name = ?'}`,
          table === undefined ? [] : [table],
        )
        return Number((rows as { n: number }[])[0]?.n)
      }

      /**
       * A `data run --reset` stopped by `signal` in the middle of the orders copy, with sales_order's
       * indexes dropped. As soon as the orders entry exists (polled every 20 ms: the copy takes dozens of
       * chunks at bulk_size 40), a READ COMMITTED transaction here locks that one row and the copy waits
       * at its next progress save until the signal is sent. Polling every 500 ms for the state alone
       * raced the copy under load.
       */
      const stopDuringOrdersCopy = async (
        signal: 'SIGKILL' | 'SIGINT' | 'SIGINT twice',
      ): Promise<MigResult & { secondSignalMs?: number }> => {
        const run = startMig(['data', 'run', '--reset', slowConfig])
        const progressTable = `${destPrefix}m2_mig_data_progress`
        const holder = await openConnection(m2)
        let released = false
        const release = async (): Promise<void> => {
          if (released) return
          released = true
          await holder.rollback().catch(() => undefined)
          await holder.end()
        }
        try {
          await holder.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED')
          const deadline = Date.now() + 120_000
          // The previous run's entry says done until this run's --reset removes it.
          let reset = false
          for (;;) {
            if (run.child.exitCode !== null)
              throw new Error(
                `the run ended (${run.child.exitCode}) before its orders copy could be held: ${run.output().stderr}`,
              )
            if (Date.now() > deadline) throw new Error('timed out waiting for the orders copy')
            await holder.beginTransaction()
            const [held] = await holder.query(
              `SELECT state, rows_done FROM ${progressTable} WHERE name = 'copy:sales_flat_order' FOR UPDATE`,
            )
            const state = (held as { state: string; rows_done: number }[])[0]
            if (reset && state?.state === 'running') break
            await holder.rollback()
            if (state === undefined) reset = true
            if (reset && state?.state === 'done')
              throw new Error('the orders copy finished before the test could hold it')
            await new Promise((resolve) => setTimeout(resolve, 20))
          }
          expect(await deferredIndexes(`${destPrefix}sales_order`)).toBeGreaterThan(0)
          expect(run.child.exitCode, run.output().stderr).toBeNull()
        } finally {
          run.child.kill(signal === 'SIGINT twice' ? 'SIGINT' : signal)
          // Ctrl-C: the chunk in flight finishes once it may save its progress, then the run stops; kill -9: nothing finishes.
          if (signal === 'SIGINT') await release()
        }
        if (signal === 'SIGINT twice') {
          // The chunk in flight cannot save its progress while it is held here: only the second Ctrl-C ends the run.
          await new Promise((resolve) => setTimeout(resolve, 500))
          const second = Date.now()
          run.child.kill('SIGINT')
          const result = await run.result
          const secondSignalMs = Date.now() - second
          await release()
          return { ...result, secondSignalMs }
        }
        const result = await run.result
        await release()
        return result
      }

      beforeAll(async () => {
        m1 = await dbs.create('data_m1')
        m2 = await dbs.create('data_m2')
        await Promise.all([
          loadDump(m1, fixturePath(MAGENTO1_DUMP), { tablePrefix: prefix }),
          loadDump(m2, fixturePath(MAGENTO2_DUMP), { tablePrefix: destPrefix }),
        ])
        // A store history: thousands of storefront and admin operations (checkouts, invoices,
        // shipments, refunds, cancels, edits, deletes) before the migration starts.
        await writeFromThreeConnections(m1, prefix, 500, 1200)
        const options = {
          source_prefix: prefix,
          dest_prefix: destPrefix,
          ...(prefix === '' ? { direct_document_copy: '1' } : {}),
        }
        // The prefixed store builds every table's indexes after its copy (far below the size where auto would); the plain one keeps them.
        config = writeConfigXml({
          source: m1,
          destination: m2,
          options: { ...options, bulk_size: '0', ...(prefix === '' ? {} : { defer_indexes: '1' }) },
        })
        slowConfig = writeConfigXml({
          source: m1,
          destination: m2,
          options: { ...options, bulk_size: '40', defer_indexes: '1' },
        })
        m1db = await openConnection(m1)
        m2db = await openConnection(m2)
        schemaBefore = await schemaSnapshot(m2db, m2)
      })

      afterAll(async () => {
        await m1db?.end()
        await m2db?.end()
      })

      it('copies every sales table: zero missing, extra or different rows; grids, sequences and stores; volume check clean', async () => {
        const [before] = await m1db.query(`SELECT COUNT(*) AS n FROM \`${prefix}sales_flat_order\``)
        expect(Number((before as { n: number }[])[0]?.n)).toBeGreaterThan(1000)
        const result = await runMig(['data', 'run', config])
        expect(result.code, result.stderr).toBe(0)
        expect(result.stdout).toMatch(/capture installed on \d+ tables before copying/)
        expect(result.stdout).toMatch(/stores: \d+ websites, \d+ store groups, \d+ store views/)
        expect(result.stdout).toMatch(/sales_flat_order: [\d,]+ in/)
        // 28 sales tables (with download rights), 17 customer tables (customers of guest-only orders: the dump's one customer) and
        // 51 catalog tables (with downloadable products and ratings) into 50 (group prices land in the tier price table)
        expect(result.stdout).toMatch(/volume check: 95 Magento 2 tables match Magento 1/)
        expect(result.stdout).toMatch(/data run finished in .*: \d+ tables, [\d,]+ rows copied/)
        // No live traffic here: every child found its parent (tables run concurrently, parents first).
        expect(result.stdout).not.toContain('rows wait for another row')
        if (prefix === '') expect(result.stdout).toMatch(/tables are copied by the server itself/)
        if (prefix === '') expect(result.stdout).not.toContain('indexes built after the copy')
        else
          expect(result.stdout).toMatch(
            new RegExp(`^${destPrefix}sales_order: \\d+ indexes built after the copy in`, 'm'),
          )
        if (prefix !== '')
          expect(result.stdout).toMatch(
            new RegExp(`^${destPrefix}sales_order_grid: \\d+ indexes built after the copy in`, 'm'),
          )
        expect(await schemaSnapshot(m2db, m2)).toEqual(schemaBefore)
        await expectConverged()
        const status = await runMig(['delta', 'status', '--json', config])
        const dataRun = (
          JSON.parse(status.stdout) as {
            dataRun: { state: string; tablesCopied: number; rowsCopied: number; unfinished: unknown[] }
          }
        ).dataRun
        expect(dataRun).toMatchObject({ state: 'complete', tablesCopied: 96, unfinished: [] })
        expect(dataRun.rowsCopied).toBeGreaterThan(10_000)
        const [stores] = await m1db.query(
          `SELECT store_id, code, website_id, group_id, name FROM \`${prefix}core_store\` ORDER BY store_id`,
        )
        const [copied] = await m2db.query(
          `SELECT store_id, code, website_id, group_id, name FROM ${destPrefix}store ORDER BY store_id`,
        )
        expect(copied).toEqual(stores)
      })

      it('a second run copies nothing and changes nothing', async () => {
        const before = await checksums()
        const again = await runMig(['data', 'run', config])
        expect(again.code, again.stderr).toBe(0)
        expect(again.stdout).toContain('the data run is already complete')
        expect(again.stdout).toMatch(/0 tables, 0 rows copied/)
        expect(await checksums()).toBe(before)
      })

      it('kill -9 in the middle of the copy: the rerun continues where it stopped and converges', async () => {
        // The small catalog tables are copied first (parents) and finish in a blink: the kill waits for a sales table under way.
        const sales = salesTables().map((table) => `copy:${table.table}`)
        await stopDuringOrdersCopy('SIGKILL')
        // Killed with indexes dropped: only their records in Magento 2 know them.
        expect(await deferredIndexes()).toBeGreaterThan(0)
        expect(await schemaSnapshot(m2db, m2)).not.toEqual(schemaBefore)
        const [left] = await m2db.query(
          `SELECT COUNT(*) AS n FROM ${destPrefix}m2_mig_data_progress WHERE name IN (${sales.map(() => '?').join(', ')}) AND state = 'done'`,
          sales,
        )
        expect(Number((left as { n: number }[])[0]?.n)).toBeLessThan(salesTables().length - 6)
        await lockFreed()
        const status = await runMig(['delta', 'status', config])
        expect(status.stdout).toMatch(
          /^data run: in progress or interrupted \(\d+ tables, [\d,]+ rows copied, .*; unfinished: \w+ at [\d,]+ rows.*; indexes to build: \d+ of \w+.*\); `mig data run` continues it$/m,
        )
        const rerun = await runMig(['data', 'run', config])
        expect(rerun.code, rerun.stderr).toBe(0)
        expect(rerun.stdout).toContain('resuming the earlier data run where it stopped')
        expect(rerun.stdout).toMatch(/indexes built after the copy/)
        expect(await schemaSnapshot(m2db, m2)).toEqual(schemaBefore)
        await expectConverged()
      })

      it('Ctrl-C in the middle of the copy: the run builds the indexes it dropped on its way out, and the rerun converges', async () => {
        const stopped = await stopDuringOrdersCopy('SIGINT')
        expect(stopped.code).toBe(1)
        expect(stopped.stderr).toContain(
          'data run stopped before the copy finished; run `mig data run` again to continue where it stopped',
        )
        expect(stopped.stdout).toMatch(/: \d+ indexes built after the copy in/)
        expect(await deferredIndexes()).toBe(0)
        expect(await schemaSnapshot(m2db, m2)).toEqual(schemaBefore)
        const rerun = await runMig(['data', 'run', config])
        expect(rerun.code, rerun.stderr).toBe(0)
        expect(await schemaSnapshot(m2db, m2)).toEqual(schemaBefore)
        await expectConverged()
      })

      it('a second Ctrl-C stops at once (exit 130, within 2 s, while a chunk waits), and the rerun resumes and converges', async () => {
        const stopped = await stopDuringOrdersCopy('SIGINT twice')
        expect(stopped.code, stopped.stderr).toBe(130)
        expect(stopped.secondSignalMs).toBeLessThan(2_000)
        expect(stopped.stderr).toContain('SIGINT again: stopping now; the open transaction is rolled back')
        await lockFreed()
        const rerun = await runMig(['data', 'run', config])
        expect(rerun.code, rerun.stderr).toBe(0)
        expect(rerun.stdout).toContain('resuming the earlier data run where it stopped')
        expect(await deferredIndexes()).toBe(0)
        expect(await schemaSnapshot(m2db, m2)).toEqual(schemaBefore)
        await expectConverged()
      })

      it('kill -9 with indexes dropped, then `delta run` instead of a rerun: delta builds them before it applies anything', async () => {
        await stopDuringOrdersCopy('SIGKILL')
        await lockFreed()
        expect(await schemaSnapshot(m2db, m2)).not.toEqual(schemaBefore)
        const delta = await runMig(['delta', 'run', '--once', config])
        expect(delta.code, delta.stderr).toBe(0)
        expect(delta.stdout).toMatch(/: \d+ indexes an interrupted data run left to build are built/)
        expect(await deferredIndexes()).toBe(0)
        expect(await schemaSnapshot(m2db, m2)).toEqual(schemaBefore)
        const rerun = await runMig(['data', 'run', config])
        expect(rerun.code, rerun.stderr).toBe(0)
        expect(await schemaSnapshot(m2db, m2)).toEqual(schemaBefore)
        await expectConverged()
      })

      it('under live traffic: data run --reset while the store writes, then delta run converges', async () => {
        const writing = writeFromThreeConnections(m1, prefix, 900, 150)
        const copy = await runMig(['data', 'run', '--reset', config])
        expect(copy.code, copy.stderr).toBe(0)
        const runner = startMig(['delta', 'run', '--interval', '1', config])
        try {
          await writing
          await waitFor(async () => (await salesPending(config, prefix)) === 0, 120_000, 'the sales backlog to drain')
        } finally {
          runner.child.kill('SIGINT')
        }
        const result = await runner.result
        expect(result.code, result.stderr).toBe(0)
        await expectConverged()
      })

      it('refuses to run while a delta run holds the source', async () => {
        const delta = startMig(['delta', 'run', '--interval', '1', config])
        try {
          await waitFor(async () => delta.output().stdout.includes('cycle 1:'), 120_000, 'the delta runner to start')
          const data = await runMig(['data', 'run', config])
          expect(data.code).toBe(1)
          expect(data.stderr).toMatch(/^mig: another mig run is already working on .*; stop it before `mig data run`$/m)
        } finally {
          delta.child.kill('SIGTERM')
        }
        expect((await delta.result).code).toBe(0)
      })

      it('says which Magento 2 table cannot be emptied, and why, when a table outside the migration refers to its rows (exit 1)', async () => {
        const orders = `${destPrefix}sales_order`
        await m2db.query(
          `CREATE TABLE vendor_order_note (order_id INT UNSIGNED NOT NULL, note TEXT, CONSTRAINT vendor_order_note_order FOREIGN KEY (order_id) REFERENCES \`${orders}\` (entity_id))`,
        )
        try {
          await m2db.query(
            `INSERT INTO vendor_order_note SELECT entity_id, 'kept by an extension' FROM \`${orders}\` ORDER BY entity_id LIMIT 1`,
          )
          const result = await runMig(['data', 'run', '--reset', config])
          expect(result.code).toBe(1)
          expect(result.stderr).toMatch(
            new RegExp(
              `^mig: cannot empty ${orders} in Magento 2 before copying into it: Cannot delete or update a parent row: .*; a table outside the migration refers to its rows`,
              'm',
            ),
          )
          expect(result.stderr).not.toMatch(/\n\s+at /)
        } finally {
          await m2db.query('DROP TABLE vendor_order_note')
        }
      })
    },
  )
}
