import { existsSync, rmSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runMig, type MigResult } from '../support/run-mig.js'
import { openConnection, testDbSettings, useTestDatabases } from '../support/test-database.js'

/** The demo on the test server (MIG_TEST_DB_* honoured through the demo's own MIG_DEMO_* variables). */
function demoEnv(): NodeJS.ProcessEnv {
  const db = testDbSettings()
  return {
    MIG_DEMO_HOST: db.host,
    MIG_DEMO_PORT: String(db.port),
    MIG_DEMO_USER: db.user,
    MIG_DEMO_PASSWORD: db.password,
  }
}

/** The two databases a run announced on stderr. */
function demoDatabases(result: MigResult): [string, string] {
  const match = /Magento 1 store (mig_demo_\w+_m1), Magento 2 target (mig_demo_\w+_m2)/.exec(result.stderr)
  expect(match, result.stderr).not.toBeNull()
  return [match![1]!, match![2]!]
}

async function existingDatabases(names: readonly string[]): Promise<string[]> {
  const db = await openConnection()
  try {
    const [rows] = await db.query(
      'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?)',
      [names],
    )
    return (rows as { name: string }[]).map((row) => row.name).sort()
  } finally {
    await db.end()
  }
}

describe('mig demo', () => {
  const dbs = useTestDatabases()

  it('runs the whole product on a throwaway store through 30s of trading, verifies it clean, exits 0 and drops its databases', async () => {
    const result = await runMig(['demo', '--seconds', '30'], { env: demoEnv() })
    expect(result.code, result.stderr).toBe(0)
    const [m1, m2] = demoDatabases(result)
    // The product's own steps, as a merchant runs them.
    expect(result.stderr).toMatch(/mig demo: mig data run .*config\.xml/)
    expect(result.stderr).toMatch(/volume check: \d+ Magento 2 tables match Magento 1/)
    expect(result.stderr).toMatch(/mig demo: mig delta run .*config\.xml/)
    // Live figures while the store trades: orders, customers and products Magento 1 → Magento 2, backlog, lag.
    expect(result.stderr).toMatch(
      /^\s+\d+s trading\s+orders [\d,]+ → [\d,]+\s+customers [\d,]+ → [\d,]+\s+products [\d,]+ → [\d,]+\s+backlog [\d,]+\s+lag [\d.]+s/m,
    )
    expect(result.stderr).toMatch(
      /^\s+\d+s caught up\s+orders ([\d,]+) → \1\s+customers ([\d,]+) → \2\s+products ([\d,]+) → \3\s+backlog 0 /m,
    )
    expect(result.stderr).toMatch(/mig demo: mig verify /)
    expect(result.stdout).toMatch(
      /^demo: [\d,]+ storefront and admin operations in 30s \(\d+ checkouts, \d+ registrations\); delta applied [1-9][\d,]* changes/m,
    )
    expect(result.stdout).toMatch(
      /^verify: [1-9]\d* tables, [\d,]+ rows, 0 differences — Magento 2 matches Magento 1$/m,
    )
    expect(result.stderr).toContain(`mig demo: dropped ${m1} and ${m2}`)
    expect(await existingDatabases([m1, m2])).toEqual([])
    expect(result.stdout + result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
  })

  it('--keep keeps both databases and a config.xml that the other commands accept', async () => {
    const result = await runMig(['demo', '--seconds', '3', '--keep'], { env: demoEnv() })
    const [m1, m2] = demoDatabases(result)
    dbs.track(m1)
    dbs.track(m2)
    const kept = /^kept: Magento 1 (\S+), Magento 2 (\S+), config (\S+config\.xml)$/m.exec(result.stdout)
    try {
      expect(result.code, result.stderr).toBe(0)
      expect(kept?.slice(1, 3)).toEqual([m1, m2])
      expect(await existingDatabases([m1, m2])).toEqual([m1, m2].sort())
      const config = kept![3]!
      expect(existsSync(path.join(path.dirname(config), 'mig.log'))).toBe(true)
      // The merchant's next step on what the demo left: a clean verify.
      const verify = await runMig(['verify', config], {
        env: { MIG_SOURCE_PASSWORD: testDbSettings().password, MIG_DESTINATION_PASSWORD: testDbSettings().password },
      })
      expect(verify.code, verify.stderr).toBe(0)
      expect(verify.stdout).toMatch(/^verify: clean/m)
    } finally {
      if (kept?.[3]) rmSync(path.dirname(kept[3]), { recursive: true, force: true })
    }
  })

  it('an unreachable server is one line and exit 2', async () => {
    const result = await runMig(['demo', '--port', '1'], { env: { ...demoEnv(), MIG_DEMO_PORT: '1' } })
    expect(result.code, result.stderr).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/^mig: cannot reach a MySQL\/MariaDB server at .+:1 \(ECONNREFUSED\)/)
  })
})
