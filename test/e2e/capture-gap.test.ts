/**
 * Capture must not stop silently: a DBA, an extension's setup script or an interrupted `mig delta setup`
 * can drop a trigger on a live store. `mig delta run` finds the gap at its next cycle, reinstalls the
 * triggers, reconciles the table as --reset does, and says so; the writes made during the gap arrive.
 */
import { schemaSubsetPath } from '@mig/demo'
import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { writeConfigXml } from '../support/config-file.js'
import { describeWithFixtures } from '../support/fixtures.js'
import { loadDump } from '../support/load-dump.js'
import { runMig, startMig } from '../support/run-mig.js'
import { expectSalesConverged, waitFor } from '../support/sales-checks.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'
import { DEFAULT_MIX, runWriter } from '../support/writer/index.js'

const GAP_TABLES = ['sales_flat_order', 'sales_flat_order_item'] as const

describeWithFixtures('a trigger dropped while the store trades is found, reinstalled and its gap closed', () => {
  const dbs = useTestDatabases()
  let m1: string
  let m2: string
  let config: string
  let m1db: Connection
  let m2db: Connection

  const triggersOn = async (table: string): Promise<string[]> => {
    const [rows] = (await m1db.query(
      'SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = ?',
      [table],
    )) as unknown as [{ name: string }[]]
    return rows.map((row) => row.name)
  }

  beforeAll(async () => {
    m1 = await dbs.create('gap_m1')
    m2 = await dbs.create('gap_m2')
    await Promise.all([loadDump(m1, schemaSubsetPath('magento1')), loadDump(m2, schemaSubsetPath('magento2'))])
    m1db = await openConnection(m1)
    m2db = await openConnection(m2)
    await runWriter({ connection: m1db, seed: 71, tablePrefix: '', operations: 40, mix: DEFAULT_MIX })
    config = writeConfigXml({ source: m1, destination: m2, options: { bulk_size: '0' } })
    const data = await runMig(['data', 'run', config])
    expect(data.code, data.stderr).toBe(0)
  })

  afterAll(async () => {
    await m1db?.end()
    await m2db?.end()
  })

  it('orders written while their triggers were gone reach Magento 2; the warning names the tables; verify is clean', async () => {
    const runner = startMig(['delta', 'run', '--interval', '1', config])
    const writers = await Promise.all([openConnection(m1), openConnection(m1)])
    const stop = new AbortController()
    try {
      const trading = Promise.all(
        writers.map((connection, index) =>
          runWriter({
            connection,
            seed: 80 + index,
            tablePrefix: '',
            operations: 1_000_000,
            mix: DEFAULT_MIX,
            opsPerSecond: 10,
            signal: stop.signal,
          }),
        ),
      )
      await new Promise((resolve) => setTimeout(resolve, 4_000))
      // Every trigger of two tables, dropped mid-trade: until delta notices, their changes are not captured.
      for (const table of GAP_TABLES)
        for (const name of await triggersOn(table)) await m1db.query(`DROP TRIGGER ${name}`)
      await new Promise((resolve) => setTimeout(resolve, 8_000))
      stop.abort()
      const stats = await trading
      expect(stats.reduce((sum, writer) => sum + writer.executed, 0)).toBeGreaterThan(100)
      const pending = async (): Promise<boolean> => {
        const status = JSON.parse((await runMig(['delta', 'status', '--json', config])).stdout) as {
          tables: { pending: number }[]
          setAside?: unknown[]
        }
        return status.tables.reduce((sum, table) => sum + table.pending, 0) === (status.setAside ?? []).length
      }
      await waitFor(pending, 180_000, 'delta to apply everything')
    } finally {
      stop.abort()
      await Promise.all(writers.map((connection) => connection.end()))
      runner.child.kill('SIGINT')
    }
    const result = await runner.result
    expect(result.code, result.stderr).toBe(0)
    const output = result.stdout + result.stderr
    for (const table of GAP_TABLES) {
      expect(output).toMatch(new RegExp(`capture of ${table} had a gap \\(its INSERT trigger is missing`))
      expect(await triggersOn(table)).toHaveLength(3)
    }
    const verify = await runMig(['verify', config])
    expect(verify.code, verify.stdout).toBe(0)
    await expectSalesConverged({ m1, m2, prefix: '', destPrefix: '', m1db, m2db })
  })
})
