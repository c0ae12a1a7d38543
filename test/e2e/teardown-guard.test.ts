/**
 * `mig delta teardown` removes what a running mig works with, and the changes it has not applied yet:
 * refused while a run holds the store, refused while changes are pending unless --force (which counts
 * what it gives up); a refusal leaves both databases as they were.
 */
import { schemaSubsetPath } from '@mig/demo'
import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { writeConfigXml } from '../support/config-file.js'
import { describeWithFixtures } from '../support/fixtures.js'
import { loadDump } from '../support/load-dump.js'
import { runMig, startMig } from '../support/run-mig.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'
import { DEFAULT_MIX, runWriter } from '../support/writer/index.js'

describeWithFixtures('mig delta teardown refuses to lose changes or pull capture from under a run', () => {
  const dbs = useTestDatabases()
  let config: string
  let m1db: Connection
  let m2db: Connection

  /** mig's triggers and tables on both sides, with every deltalog's pending count. */
  const migState = async (): Promise<unknown> => {
    const list = async (db: Connection, sql: string): Promise<unknown[]> =>
      ((await db.query(sql)) as unknown as [unknown[]])[0]
    const deltalogs = (await list(
      m1db,
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_COMMENT LIKE 'mig:deltalog%' ORDER BY 1",
    )) as { name: string }[]
    const pending: Record<string, number> = {}
    for (const { name } of deltalogs)
      pending[name] = Number(((await list(m1db, `SELECT COUNT(*) AS n FROM \`${name}\``)) as { n: string }[])[0]?.n)
    return {
      triggers: await list(
        m1db,
        'SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1',
      ),
      m1: await list(
        m1db,
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_COMMENT LIKE 'mig:%' ORDER BY 1",
      ),
      m2: await list(
        m2db,
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_COMMENT LIKE 'mig:%' ORDER BY 1",
      ),
      pending,
    }
  }

  beforeAll(async () => {
    const m1 = await dbs.create('teardown_m1')
    const m2 = await dbs.create('teardown_m2')
    await Promise.all([loadDump(m1, schemaSubsetPath('magento1')), loadDump(m2, schemaSubsetPath('magento2'))])
    m1db = await openConnection(m1)
    m2db = await openConnection(m2)
    config = writeConfigXml({ source: m1, destination: m2 })
    const data = await runMig(['data', 'run', config])
    expect(data.code, data.stderr).toBe(0)
    // Orders placed after the copy: captured, not applied yet.
    await runWriter({ connection: m1db, seed: 33, tablePrefix: '', operations: 30, mix: DEFAULT_MIX })
  })

  afterAll(async () => {
    await m1db?.end()
    await m2db?.end()
  })

  it('refuses while changes are pending (exit 2), naming how many and how to go on; nothing is dropped', async () => {
    const before = await migState()
    expect(Object.values((before as { pending: Record<string, number> }).pending).some((count) => count > 0)).toBe(true)
    const result = await runMig(['delta', 'teardown', config])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/\d+ captured changes are not applied to Magento 2 yet \(m2_cl_\w+ \d+/)
    expect(result.stderr).toContain('mig delta teardown --force')
    expect(result.stderr).not.toMatch(/\n\s+at /) // one line, no stack trace
    expect(await migState()).toEqual(before)
  })

  it('refuses while a delta run works on the store (exit 1); nothing is dropped', async () => {
    const runner = startMig(['delta', 'run', '--interval', '1', config])
    try {
      const deadline = Date.now() + 60_000
      while (!/cycle \d+:/.test(runner.output().stdout) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 200))
      const before = await migState()
      const result = await runMig(['delta', 'teardown', '--force', config])
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(
        /a mig run \(delta or data\) is working on \w+ .*; stop it before `mig delta teardown`/,
      )
      expect(((await migState()) as { triggers: unknown }).triggers).toEqual((before as { triggers: unknown }).triggers)
    } finally {
      runner.child.kill('SIGINT')
      expect((await runner.result).code).toBe(0)
    }
  })

  it('with --force, gives up the pending changes, says how many per deltalog, and removes capture', async () => {
    await runWriter({ connection: m1db, seed: 34, tablePrefix: '', operations: 10, mix: DEFAULT_MIX })
    const { pending } = (await migState()) as { pending: Record<string, number> }
    const givenUp = Object.entries(pending).filter(([, count]) => count > 0)
    expect(givenUp.length).toBeGreaterThan(0)
    const result = await runMig(['delta', 'teardown', '--force', config])
    expect(result.code, result.stderr).toBe(0)
    for (const [deltalog, count] of givenUp)
      expect(result.stderr).toContain(`${deltalog}: ${count} captured changes given up (--force)`)
    const after = (await migState()) as { triggers: unknown[]; m1: unknown[] }
    expect(after.triggers).toEqual([])
    expect(after.m1).toEqual([])
  })
})
