import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { compareMappedTables, describeDifferences } from '../support/compare-mapped.js'
import { writeConfigXml } from '../support/config-file.js'
import { describeWithFixtures, fixturePath, MAGENTO1_DUMP, MAGENTO2_DUMP } from '../support/fixtures.js'
import { loadDump } from '../support/load-dump.js'
import { runMig, startMig } from '../support/run-mig.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'
import { DEFAULT_MIX, runWriter } from '../support/writer/index.js'

const MIX = { ...DEFAULT_MIX, registeredCheckout: 0 }
const SALES = [
  { table: 'sales_flat_order', keys: ['entity_id'] },
  { table: 'sales_flat_order_item', keys: ['item_id'] },
  { table: 'sales_flat_order_address', keys: ['entity_id'] },
  { table: 'sales_flat_order_payment', keys: ['entity_id'] },
  { table: 'sales_flat_order_status_history', keys: ['entity_id'] },
  { table: 'sales_flat_invoice', keys: ['entity_id'] },
  { table: 'sales_flat_shipment', keys: ['entity_id'] },
  { table: 'sales_flat_creditmemo', keys: ['entity_id'] },
  { table: 'sales_flat_quote', keys: ['entity_id'] },
  { table: 'sales_flat_quote_item', keys: ['item_id'] },
]

interface StatusJson {
  pending: number
  setAside: { table: string; key: string; reason: string }[]
  tables: { table: string; pending: number }[]
}

describeWithFixtures('delta run sets bad rows aside and survives database errors', () => {
  const dbs = useTestDatabases()
  let m1: string
  let m2: string
  let config: string
  let m1db: Connection
  let m2db: Connection

  const status = async (): Promise<StatusJson> =>
    JSON.parse((await runMig(['delta', 'status', '--json', config])).stdout) as StatusJson
  const salesPending = async (): Promise<number> =>
    (await status()).tables
      .filter((table) => SALES.some((sales) => sales.table === table.table))
      .reduce((sum, table) => sum + table.pending, 0)

  beforeAll(async () => {
    m1 = await dbs.create('res_m1')
    m2 = await dbs.create('res_m2')
    await Promise.all([loadDump(m1, fixturePath(MAGENTO1_DUMP)), loadDump(m2, fixturePath(MAGENTO2_DUMP))])
    config = writeConfigXml({ source: m1, destination: m2 })
    expect((await runMig(['delta', 'setup', config])).code).toBe(0)
    expect((await runMig(['delta', 'run', '--reset', '--once', config])).code).toBe(0)
    m1db = await openConnection(m1)
    m2db = await openConnection(m2)
    await runWriter({ connection: m1db, seed: 7, operations: 5, mix: { guestCheckout: 1 } })
    const first = await runMig(['delta', 'run', '--once', config])
    expect(first.code, first.stderr).toBe(0)
  })

  afterAll(async () => {
    await m1db?.end()
    await m2db?.end()
  })

  it('sets aside a row Magento 2 refuses: stops without --auto naming table and key, goes on with --auto, retries when the row changes', async () => {
    // This Magento 2 refuses one comment (a rule of its own).
    await m2db.query(
      "ALTER TABLE sales_order_status_history ADD CONSTRAINT mig_test_refused CHECK (comment IS NULL OR comment <> 'refused by Magento 2')",
    )
    try {
      const [[order]] = (await m1db.query(
        'SELECT entity_id FROM sales_flat_order ORDER BY entity_id LIMIT 1',
      )) as unknown as [{ entity_id: number }[]]
      const insert = async (comment: string): Promise<number> => {
        const [result] = await m1db.query(
          "INSERT INTO sales_flat_order_status_history (parent_id, comment, status, entity_name, created_at) VALUES (?, ?, 'pending', 'order', NOW())",
          [order!.entity_id, comment],
        )
        return (result as { insertId: number }).insertId
      }
      const refused = await insert('refused by Magento 2')
      const accepted = await insert('short')

      const strict = await runMig(['delta', 'run', '--once', config])
      expect(strict.code).toBe(1)
      expect(strict.stderr).toContain(
        `mig: sales_flat_order_status_history entity_id=${refused} cannot be applied: CONSTRAINT \`mig_test_refused\` failed`,
      )
      const listed = await status()
      expect(listed.setAside).toEqual([
        expect.objectContaining({
          table: 'sales_flat_order_status_history',
          reason: expect.stringContaining('mig_test_refused'),
        }),
      ])
      const text = await runMig(['delta', 'status', config])
      expect(text.stdout).toContain('1 changes set aside')
      expect(text.stdout).toContain(
        `  set aside sales_flat_order_status_history: 1 row (entity_id=${refused}): CONSTRAINT \`mig_test_refused\` failed`,
      )

      const auto = await runMig(['delta', 'run', '--once', '--auto', config])
      expect(auto.code, auto.stderr).toBe(0)
      const [shortRows] = await m2db.query('SELECT comment FROM sales_order_status_history WHERE entity_id = ?', [
        accepted,
      ])
      expect(shortRows).toEqual([{ comment: 'short' }])
      const [refusedRows] = await m2db.query('SELECT comment FROM sales_order_status_history WHERE entity_id = ?', [
        refused,
      ])
      expect(refusedRows).toEqual([])
      expect((await status()).setAside).toHaveLength(1)

      await m2db.query('ALTER TABLE sales_order_status_history DROP CONSTRAINT mig_test_refused')
      await m1db.query('UPDATE sales_flat_order_status_history SET is_customer_notified = 0 WHERE entity_id = ?', [
        refused,
      ])
      const retried = await runMig(['delta', 'run', '--once', config])
      expect(retried.code, retried.stderr).toBe(0)
      const [fixed] = await m2db.query('SELECT comment FROM sales_order_status_history WHERE entity_id = ?', [refused])
      expect(fixed).toEqual([{ comment: 'refused by Magento 2' }])
      expect((await status()).setAside).toEqual([])
    } finally {
      await m2db.query('ALTER TABLE sales_order_status_history DROP CONSTRAINT IF EXISTS mig_test_refused')
    }
  })

  it("a value longer than Magento 2's column costs only itself: the row is applied with the value cut, the original kept, and the whole value arrives once the column is wide enough", async () => {
    await m2db.query('ALTER TABLE sales_order_status_history MODIFY comment VARCHAR(20) NULL')
    try {
      const [[order]] = (await m1db.query(
        'SELECT entity_id FROM sales_flat_order ORDER BY entity_id LIMIT 1',
      )) as unknown as [{ entity_id: number }[]]
      const [inserted] = (await m1db.query(
        "INSERT INTO sales_flat_order_status_history (parent_id, comment, status, entity_name, created_at) VALUES (?, 'far too long for twenty characters', 'pending', 'order', NOW())",
        [order!.entity_id],
      )) as unknown as [{ insertId: number }]
      const run = await runMig(['delta', 'run', '--once', config])
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout).toMatch(/^cycle \d+: .*, 1 values lost \(kept in Magento 2\)/m)
      expect(run.stderr).toContain(
        `lost (written empty, the original kept in Magento 2) sales_flat_order_status_history.comment: 1 value (entity_id=${inserted.insertId}): longer than Magento 2's varchar(20) (34 characters): cut to 20`,
      )
      const [cut] = await m2db.query('SELECT comment FROM sales_order_status_history WHERE entity_id = ?', [
        inserted.insertId,
      ])
      expect(cut).toEqual([{ comment: 'far too long for twe' }])
      const [kept] = await m2db.query(
        "SELECT CAST(original AS CHAR) AS original FROM m2_mig_dirty_value WHERE source_table = 'sales_flat_order_status_history'",
      )
      expect(kept).toEqual([{ original: 'far too long for twenty characters' }])
      expect((await status()).setAside).toEqual([])

      await m2db.query('ALTER TABLE sales_order_status_history MODIFY comment TEXT NULL')
      await m1db.query('UPDATE sales_flat_order_status_history SET is_customer_notified = 0 WHERE entity_id = ?', [
        inserted.insertId,
      ])
      const again = await runMig(['delta', 'run', '--once', config])
      expect(again.code, again.stderr).toBe(0)
      const [whole] = await m2db.query('SELECT comment FROM sales_order_status_history WHERE entity_id = ?', [
        inserted.insertId,
      ])
      expect(whole).toEqual([{ comment: 'far too long for twenty characters' }])
      const [left] = await m2db.query('SELECT COUNT(*) AS n FROM m2_mig_dirty_value')
      expect(left).toEqual([{ n: '0' }])
    } finally {
      await m2db.query('ALTER TABLE sales_order_status_history MODIFY comment TEXT NULL')
    }
  })

  it("rebuilds an order's grid row when only its address is deleted", async () => {
    const [[order]] = (await m1db.query(
      "SELECT o.entity_id AS id FROM sales_flat_order o JOIN sales_flat_order_address a ON a.parent_id = o.entity_id AND a.address_type = 'shipping' ORDER BY o.entity_id LIMIT 1",
    )) as unknown as [{ id: number }[]]
    const [[before]] = (await m2db.query('SELECT shipping_name FROM sales_order_grid WHERE entity_id = ?', [
      order!.id,
    ])) as unknown as [{ shipping_name: string | null }[]]
    expect(before!.shipping_name).not.toBeNull()
    await m1db.query("DELETE FROM sales_flat_order_address WHERE parent_id = ? AND address_type = 'shipping'", [
      order!.id,
    ])
    const run = await runMig(['delta', 'run', '--once', config])
    expect(run.code, run.stderr).toBe(0)
    const [[after]] = (await m2db.query('SELECT shipping_name FROM sales_order_grid WHERE entity_id = ?', [
      order!.id,
    ])) as unknown as [{ shipping_name: string | null }[]]
    // Rebuilt without a shipping address: the name is gone (empty or NULL, as the grid column allows).
    expect(after!.shipping_name ?? '').toBe('')
  })

  it('logs a cycle that fails on a lock wait timeout, survives killed connections, retries with backoff and converges', async () => {
    const writers = await Promise.all([0, 1, 2].map(() => openConnection(m1)))
    const [[self]] = (await m1db.query('SELECT CONNECTION_ID() AS id')) as unknown as [{ id: number }[]]
    const spared = new Set<number>([Number(self!.id)])
    for (const writer of writers) {
      const [[row]] = (await writer.query('SELECT CONNECTION_ID() AS id')) as unknown as [{ id: number }[]]
      spared.add(Number(row!.id))
    }
    const [[m2self]] = (await m2db.query('SELECT CONNECTION_ID() AS id')) as unknown as [{ id: number }[]]
    spared.add(Number(m2self!.id))

    // The destination gives up on a row lock after 1 s (init_statements_destination), so a lock held by
    // "Magento 2" below makes a cycle fail deterministically with a lock wait timeout.
    const lockConfig = writeConfigXml({
      source: m1,
      destination: m2,
      options: { init_statements_destination: 'SET SESSION innodb_lock_wait_timeout = 1' },
    })
    await m2db.query('START TRANSACTION')
    await m2db.query('SELECT entity_id FROM sales_order FOR UPDATE')
    await m1db.query('UPDATE sales_flat_order SET updated_at = NOW() ORDER BY entity_id LIMIT 1')
    const runner = startMig(['delta', 'run', '--interval', '1', lockConfig])
    const lockDeadline = Date.now() + 60_000
    while (!/cycle \d+ failed: Lock wait timeout/.test(runner.output().stderr) && Date.now() < lockDeadline)
      await new Promise((resolve) => setTimeout(resolve, 200))
    await m2db.query('COMMIT')
    expect(runner.output().stderr).toMatch(/cycle \d+ failed: Lock wait timeout exceeded.*next try in \d+s/)
    const writing = Promise.all(
      writers.map((connection, index) => runWriter({ connection, seed: 40 + index, operations: 80, mix: MIX })),
    )
    const killMig = async (): Promise<number> => {
      const [rows] = await m1db.query('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB IN (?, ?)', [
        m1,
        m2,
      ])
      let killed = 0
      for (const { id } of rows as { id: number }[]) {
        if (spared.has(Number(id))) continue
        await m1db.query(`KILL CONNECTION ${Number(id)}`).catch(() => undefined)
        killed++
      }
      return killed
    }
    const deadline = Date.now() + 60_000
    while (!/cycle \d+:/.test(runner.output().stdout) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200))
    let killed = 0
    // Kill mig's connections again and again for a few seconds, so some die mid-cycle.
    const killUntil = Date.now() + 4_000
    while (Date.now() < killUntil) {
      killed += await killMig()
      await new Promise((resolve) => setTimeout(resolve, 150))
    }
    await writing
    await Promise.all(writers.map((writer) => writer.end()))
    expect(killed).toBeGreaterThan(0)
    const drained = Date.now() + 120_000
    while ((await salesPending()) > 0 && Date.now() < drained)
      await new Promise((resolve) => setTimeout(resolve, 1_000))
    runner.child.kill('SIGTERM')
    const result = await runner.result
    expect(result.code, result.stderr).toBe(0)
    expect(await salesPending()).toBe(0)
    const differences = await compareMappedTables({ source: m1, destination: m2, tables: SALES })
    expect(describeDifferences(differences)).toBe('')
  })
})
