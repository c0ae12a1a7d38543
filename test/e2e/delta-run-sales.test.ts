import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { writeConfigXml } from '../support/config-file.js'
import { describeWithFixtures, fixturePath, MAGENTO1_DUMP, MAGENTO2_DUMP } from '../support/fixtures.js'
import { loadDump } from '../support/load-dump.js'
import { runMig, startMig } from '../support/run-mig.js'
import { expectSalesConverged, salesPending, waitFor, writeFromThreeConnections } from '../support/sales-checks.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'

for (const prefix of ['', 'magev1_']) {
  describeWithFixtures(`delta run keeps Magento 2's sales in sync${prefix ? ` (prefix ${prefix})` : ''}`, () => {
    const dbs = useTestDatabases()
    let m1: string
    let m2: string
    let config: string
    let m1db: Connection
    let m2db: Connection

    const expectConverged = (): Promise<void> => expectSalesConverged({ m1, m2, prefix, m1db, m2db })

    beforeAll(async () => {
      m1 = await dbs.create('run_m1')
      m2 = await dbs.create('run_m2')
      await Promise.all([
        loadDump(m1, fixturePath(MAGENTO1_DUMP), { tablePrefix: prefix }),
        loadDump(m2, fixturePath(MAGENTO2_DUMP)),
      ])
      // The plain store copies handler-free tables server-side (direct_document_copy, both databases on one
      // server); the prefixed one moves every row through mig. Both must converge identically.
      config = writeConfigXml({
        source: m1,
        destination: m2,
        options: { source_prefix: prefix, bulk_size: '200', ...(prefix === '' ? { direct_document_copy: '1' } : {}) },
      })
      const setup = await runMig(['delta', 'setup', config])
      expect(setup.code, setup.stderr).toBe(0)
      // Start from a full copy of everything Magento 1 already had.
      const baseline = await runMig(['data', 'run', config])
      expect(baseline.code, baseline.stderr).toBe(0)
      m1db = await openConnection(m1)
      m2db = await openConnection(m2)
    })

    afterAll(async () => {
      await m1db?.end()
      await m2db?.end()
    })

    it('applies a storefront and admin hammering from three connections: zero missing, stale or different rows; SIGINT exits 0', async () => {
      const runner = startMig(['delta', 'run', '--interval', '1', config])
      try {
        await writeFromThreeConnections(m1, prefix, 1, 120)
        await waitFor(async () => (await salesPending(config, prefix)) === 0, 120_000, 'the sales backlog to drain')
      } finally {
        runner.child.kill('SIGINT')
      }
      const result = await runner.result
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toMatch(/cycle \d+: \d+ changes applied/)
      expect(result.stdout).toContain('delta run stopped')
      if (prefix === '') expect(result.stdout).toMatch(/sales delta: ([1-9]\d*) tables are copied by the server itself/)
      await expectConverged()
    })

    it('refuses a second runner on the same source', async () => {
      const first = startMig(['delta', 'run', '--interval', '1', config])
      try {
        await waitFor(async () => first.output().stdout.includes('cycle 1:'), 120_000, 'the first runner to start')
        const second = await runMig(['delta', 'run', '--once', config])
        expect(second.code).toBe(1)
        expect(second.stderr).toContain('another mig run (delta or data) is already working on')
      } finally {
        first.child.kill('SIGTERM')
      }
      expect((await first.result).code).toBe(0)
    })

    it('converges after kill -9 of the runner mid-batch', async () => {
      const writing = writeFromThreeConnections(m1, prefix, 11, 100)
      const victim = startMig(['delta', 'run', '--interval', '1', config])
      try {
        await waitFor(
          async () => /cycle \d+: [1-9]/.test(victim.output().stdout) || victim.child.exitCode !== null,
          120_000,
          `a cycle that applied changes (runner output: ${JSON.stringify(victim.output())})`,
        )
        expect(victim.child.exitCode, victim.output().stderr).toBeNull()
      } finally {
        victim.child.kill('SIGKILL')
      }
      await victim.result
      await writing
      // The server frees a dead client's lock once it notices the closed socket.
      await waitFor(
        async () => {
          const [rows] = await m1db.query('SELECT IS_FREE_LOCK(?) AS free', [`mig:${m1}`])
          return Number((rows as { free: number }[])[0]?.free) === 1
        },
        30_000,
        'the killed runner lock to be freed',
      )
      const after = await runMig(['delta', 'run', '--once', config], { env: { MIG_DEBUG: '1' } })
      expect(after.code, after.stderr).toBe(0)
      expect(await salesPending(config, prefix)).toBe(0)
      await expectConverged()
    })

    it('--reset reconciles a tampered Magento 2 from the full Magento 1 state', async () => {
      await m2db.query('DELETE FROM sales_order_status_history ORDER BY entity_id LIMIT 5')
      await m2db.query(
        "UPDATE sales_order SET grand_total = grand_total + 1, customer_firstname = 'tampered' ORDER BY entity_id LIMIT 3",
      )
      await m2db.query(
        "INSERT INTO sales_order_status_history (parent_id, comment, status, entity_name, created_at) SELECT entity_id, 'extra row', status, 'order', NOW() FROM sales_order ORDER BY entity_id LIMIT 1",
      )
      const result = await runMig(['delta', 'run', '--reset', '--once', config])
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toMatch(/reset sales_flat_order_status_history: \d+ rows to reconcile, 1 to delete/)
      await expectConverged()
    })

    it('fails the integrity check on an unmapped Magento 1 column (exit 3), and migrates with --auto', async () => {
      await m1db.query(`ALTER TABLE \`${prefix}sales_flat_order\` ADD COLUMN vendor_flag INT NULL`)
      try {
        const strict = await runMig(['delta', 'run', '--once', config])
        expect(strict.code).toBe(3)
        expect(strict.stderr).toMatch(/integrity check failed/)
        expect(strict.stderr).toMatch(/sales_flat_order\.vendor_flag/)
        const auto = await runMig(['delta', 'run', '--once', '--auto', config])
        expect(auto.code, auto.stderr).toBe(0)
        expect(auto.stderr).toMatch(/warning: integrity: .*vendor_flag/)
      } finally {
        await m1db.query(`ALTER TABLE \`${prefix}sales_flat_order\` DROP COLUMN vendor_flag`)
      }
    })
  })
}
