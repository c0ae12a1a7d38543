import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { compareMappedTables, describeDifferences } from '../support/compare-mapped.js'
import { writeConfigXml } from '../support/config-file.js'
import { describeWithFixtures, fixturePath, MAGENTO1_DUMP, MAGENTO2_DUMP, repoRoot } from '../support/fixtures.js'
import { loadDump } from '../support/load-dump.js'
import { runMig, startMig } from '../support/run-mig.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'
import { DEFAULT_MIX, runWriter } from '../support/writer/index.js'

/** The sales tables of the plugin's deltalog.xml, with their keys. */
function salesTables(): { table: string; keys: string[] }[] {
  const xml = readFileSync(path.join(repoRoot(), 'packages', 'plugin-sales', 'etc', 'deltalog.xml'), 'utf8')
  return [...xml.matchAll(/<document key="([^"]+)">([^<]+)<\/document>/g)].map((match) => ({ table: match[2]!.trim(), keys: match[1]!.split(',') }))
}

// Guests only: registered checkouts reference customers, which the customer plugin migrates.
const MIX = { ...DEFAULT_MIX, registeredCheckout: 0 }

async function salesPending(config: string, prefix: string): Promise<number> {
  const status = await runMig(['delta', 'status', '--json', config])
  const parsed = JSON.parse(status.stdout) as { tables: { table: string; pending: number }[] }
  const names = new Set(salesTables().map((table) => `${prefix}${table.table}`))
  return parsed.tables.filter((table) => names.has(table.table)).reduce((sum, table) => sum + table.pending, 0)
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

async function writeFromThreeConnections(database: string, prefix: string, seedBase: number, operations: number): Promise<void> {
  const connections: Connection[] = await Promise.all([0, 1, 2].map(() => openConnection(database)))
  try {
    await Promise.all(connections.map((connection, index) => runWriter({ connection, seed: seedBase + index, tablePrefix: prefix, operations, mix: MIX })))
  } finally {
    await Promise.all(connections.map((connection) => connection.end()))
  }
}

for (const prefix of ['', 'magev1_']) {
  describeWithFixtures(`delta run keeps Magento 2's sales in sync${prefix ? ` (prefix ${prefix})` : ''}`, () => {
    const dbs = useTestDatabases()
    let m1: string
    let m2: string
    let config: string
    let m1db: Connection
    let m2db: Connection

    const expectConverged = async (): Promise<void> => {
      const differences = await compareMappedTables({ source: m1, destination: m2, sourcePrefix: prefix, tables: salesTables() })
      expect(differences.length).toBeGreaterThan(20)
      expect(describeDifferences(differences)).toBe('')
      const [orders] = await m2db.query('SELECT COUNT(*) AS n FROM sales_order')
      const [grid] = await m2db.query('SELECT COUNT(*) AS n FROM sales_order_grid g JOIN sales_order o USING (entity_id) WHERE g.status <=> o.status AND g.increment_id <=> o.increment_id')
      expect(Number((grid as { n: number }[])[0]?.n)).toBe(Number((orders as { n: number }[])[0]?.n))
      const [strayGrid] = await m2db.query('SELECT COUNT(*) AS n FROM sales_order_grid g LEFT JOIN sales_order o USING (entity_id) WHERE o.entity_id IS NULL')
      expect(Number((strayGrid as { n: number }[])[0]?.n)).toBe(0)
      for (const [main, gridTable] of [
        ['sales_invoice', 'sales_invoice_grid'],
        ['sales_shipment', 'sales_shipment_grid'],
        ['sales_creditmemo', 'sales_creditmemo_grid'],
      ] as const) {
        const [rows] = await m2db.query(
          `SELECT (SELECT COUNT(*) FROM ${main}) AS main, (SELECT COUNT(*) FROM ${gridTable} g JOIN ${main} m USING (entity_id) WHERE g.increment_id <=> m.increment_id) AS grid, (SELECT COUNT(*) FROM ${gridTable}) AS total`,
        )
        const counts = (rows as { main: number; grid: number; total: number }[])[0]!
        expect({ table: gridTable, grid: Number(counts.grid), total: Number(counts.total) }).toEqual({ table: gridTable, grid: Number(counts.main), total: Number(counts.main) })
      }
      // Every Magento 2 sequence is above the last Magento 1 increment number of its store.
      const [stores] = await m1db.query(
        `SELECT t.entity_type_code AS code, s.store_id AS store, s.increment_last_id AS last FROM \`${prefix}eav_entity_store\` s JOIN \`${prefix}eav_entity_type\` t USING (entity_type_id)`,
      )
      for (const store of stores as { code: string; store: number; last: string }[]) {
        if (!['order', 'invoice', 'shipment', 'creditmemo'].includes(store.code)) continue
        const [sequence] = await m2db.query(`SELECT COALESCE(MAX(sequence_value), 0) AS top FROM sequence_${store.code}_${store.store}`)
        expect(Number((sequence as { top: number }[])[0]?.top), `${store.code} store ${store.store}`).toBeGreaterThanOrEqual(Number(String(store.last).slice(-8)))
      }
    }

    beforeAll(async () => {
      m1 = await dbs.create('run_m1')
      m2 = await dbs.create('run_m2')
      await Promise.all([loadDump(m1, fixturePath(MAGENTO1_DUMP), { tablePrefix: prefix }), loadDump(m2, fixturePath(MAGENTO2_DUMP))])
      // The plain store copies handler-free tables server-side (direct_document_copy, both databases on one
      // server); the prefixed one moves every row through mig. Both must converge identically.
      config = writeConfigXml({
        source: m1,
        destination: m2,
        options: { source_prefix: prefix, bulk_size: '200', ...(prefix === '' ? { direct_document_copy: '1' } : {}) },
      })
      const setup = await runMig(['delta', 'setup', config])
      expect(setup.code, setup.stderr).toBe(0)
      // Start from Magento 2 reconciled with everything Magento 1 already had (a data run's job).
      const baseline = await runMig(['delta', 'run', '--reset', '--once', config])
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
        expect(second.stderr).toContain('another mig delta run is already applying changes')
      } finally {
        first.child.kill('SIGTERM')
      }
      expect((await first.result).code).toBe(0)
    })

    it('converges after kill -9 of the runner mid-batch', async () => {
      const writing = writeFromThreeConnections(m1, prefix, 11, 100)
      const victim = startMig(['delta', 'run', '--interval', '1', config])
      try {
        await waitFor(async () => /cycle \d+: [1-9]/.test(victim.output().stdout) || victim.child.exitCode !== null, 120_000, `a cycle that applied changes (runner output: ${JSON.stringify(victim.output())})`)
        expect(victim.child.exitCode, victim.output().stderr).toBeNull()
      } finally {
        victim.child.kill('SIGKILL')
      }
      await victim.result
      await writing
      // The server frees a dead client's lock once it notices the closed socket.
      await waitFor(async () => {
        const [rows] = await m1db.query('SELECT IS_FREE_LOCK(?) AS free', [`mig:${m1}`])
        return Number((rows as { free: number }[])[0]?.free) === 1
      }, 30_000, 'the killed runner lock to be freed')
      const after = await runMig(['delta', 'run', '--once', config], { env: { MIG_DEBUG: '1' } })
      expect(after.code, after.stderr).toBe(0)
      expect(await salesPending(config, prefix)).toBe(0)
      await expectConverged()
    })

    it('--reset reconciles a tampered Magento 2 from the full Magento 1 state', async () => {
      await m2db.query('DELETE FROM sales_order_status_history ORDER BY entity_id LIMIT 5')
      await m2db.query("UPDATE sales_order SET grand_total = grand_total + 1, customer_firstname = 'tampered' ORDER BY entity_id LIMIT 3")
      await m2db.query("INSERT INTO sales_order_status_history (parent_id, comment, status, entity_name, created_at) SELECT entity_id, 'extra row', status, 'order', NOW() FROM sales_order ORDER BY entity_id LIMIT 1")
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
