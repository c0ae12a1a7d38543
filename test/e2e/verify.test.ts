import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { writeConfigXml } from '../support/config-file.js'
import { describeWithFixtures, fixturePath, MAGENTO1_DUMP, MAGENTO2_DUMP } from '../support/fixtures.js'
import { loadDump } from '../support/load-dump.js'
import { runMig, startMig } from '../support/run-mig.js'
import { writeFromThreeConnections } from '../support/sales-checks.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'

interface VerifyJson {
  clean: boolean
  tables: {
    table: string
    rows: number
    chunks: number
    chunksCompared: number
    differences: number
    pending: number
  }[]
  differences: {
    table: string
    destinationTable: string
    key: string
    kind: string
    columns: { column: string; expected: string; actual: string }[]
  }[]
  pending: { table: string; key: string; kind: string }[]
  setAside: { table: string; key: string; kind: string }[]
}

describeWithFixtures('mig verify', () => {
  const dbs = useTestDatabases()
  let m1db: Connection
  let m2db: Connection
  let config: string
  let m2: string

  const verify = async (...flags: string[]): Promise<{ code: number | null; report: VerifyJson; stderr: string }> => {
    const result = await runMig(['verify', '--json', ...flags, config])
    return { code: result.code, report: JSON.parse(result.stdout) as VerifyJson, stderr: result.stderr }
  }

  beforeAll(async () => {
    const m1 = await dbs.create('verify_m1')
    m2 = await dbs.create('verify_m2')
    await Promise.all([loadDump(m1, fixturePath(MAGENTO1_DUMP)), loadDump(m2, fixturePath(MAGENTO2_DUMP))])
    await writeFromThreeConnections(m1, '', 70, 150)
    config = writeConfigXml({ source: m1, destination: m2 })
    const copy = await runMig(['data', 'run', config])
    expect(copy.code, copy.stderr).toBe(0)
    m1db = await openConnection(m1)
    m2db = await openConnection(m2)
  })

  afterAll(async () => {
    await m1db?.end()
    await m2db?.end()
  })

  it('passes a freshly migrated store (exit 0), in small chunks too', async () => {
    const text = await runMig(['verify', config])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/^verify: clean — 94 tables, [\d,]+ rows$/m)
    expect(text.stdout).toContain(
      'skipped catalog_product_entity_tier_price: Magento 2 merges group prices into tier prices',
    )
    const { code, report } = await verify('--chunk-size', '25')
    expect(code).toBe(0)
    expect(report.clean).toBe(true)
    const orders = report.tables.find((table) => table.table === 'sales_flat_order')!
    expect(orders.chunks).toBeGreaterThan(3)
    // Untouched chunks of handler-free tables are settled by the two servers' checksums alone.
    expect(orders.chunksCompared).toBe(0)
  })

  it('reports a tampered, a missing and an extra row with table, key and columns (exit 1); a change pending in Magento 1 is not a difference', async () => {
    const [[order]] = (await m2db.query(
      'SELECT entity_id FROM sales_order ORDER BY entity_id LIMIT 1 OFFSET 3',
    )) as unknown as [{ entity_id: number }[]]
    const [[address]] = (await m2db.query(
      'SELECT entity_id FROM sales_order_address ORDER BY entity_id LIMIT 1 OFFSET 5',
    )) as unknown as [{ entity_id: number }[]]
    const [[top]] = (await m2db.query('SELECT MAX(entity_id) AS id FROM sales_order_status_history')) as unknown as [
      { id: number }[],
    ]
    await m2db.query(
      "UPDATE sales_order SET customer_email = 'tampered@example.com', updated_at = updated_at WHERE entity_id = ?",
      [order!.entity_id],
    )
    await m2db.query('DELETE FROM sales_order_address WHERE entity_id = ?', [address!.entity_id])
    const extraId = Number(top!.id) + 1000
    await m2db.query(
      "INSERT INTO sales_order_status_history (entity_id, parent_id, comment, status, entity_name) VALUES (?, ?, 'extra', 'pending', 'order')",
      [extraId, order!.entity_id],
    )
    // The store keeps working: a comment edited in Magento 1 is captured, not yet applied.
    const [[history]] = (await m1db.query(
      'SELECT entity_id FROM sales_flat_order_status_history ORDER BY entity_id LIMIT 1',
    )) as unknown as [{ entity_id: number }[]]
    await m1db.query(
      "UPDATE sales_flat_order_status_history SET comment = 'edited on the live store' WHERE entity_id = ?",
      [history!.entity_id],
    )

    const { code, report } = await verify('--chunk-size', '25')
    expect(code).toBe(1)
    expect(report.clean).toBe(false)
    const found = report.differences.map((item) => [
      item.table,
      item.key,
      item.kind,
      item.columns.map((column) => column.column),
    ])
    expect(found).toEqual(
      expect.arrayContaining([
        ['sales_flat_order', `entity_id=${order!.entity_id}`, 'different', ['customer_email']],
        ['sales_flat_order_address', `entity_id=${address!.entity_id}`, 'missing', []],
        ['sales_flat_order_status_history', `entity_id=${extraId}`, 'extra', []],
      ]),
    )
    expect(report.differences).toHaveLength(3)
    expect(report.differences.find((item) => item.kind === 'different')?.columns[0]).toMatchObject({
      expected: expect.stringContaining('@'),
      actual: 'tampered@example.com',
    })
    expect(report.pending).toEqual([
      expect.objectContaining({
        table: 'sales_flat_order_status_history',
        key: `entity_id=${history!.entity_id}`,
        kind: 'different',
      }),
    ])

    const text = await runMig(['verify', '--tables', 'sales_flat_order,sales_flat_order_address', config])
    expect(text.code).toBe(1)
    expect(text.stdout).toContain(
      `different sales_flat_order entity_id=${order!.entity_id} (sales_order): customer_email expected`,
    )
    expect(text.stdout).toContain(
      `missing sales_flat_order_address entity_id=${address!.entity_id} (sales_order_address): in Magento 1, not in Magento 2`,
    )
    expect(text.stdout).toMatch(/^verify: 2 differences in 2 tables/m)

    // delta --reset reconciles; verify is clean again.
    const reset = await runMig(['delta', 'run', '--reset', '--once', config])
    expect(reset.code, reset.stderr).toBe(0)
    const after = await verify()
    expect(after.code, JSON.stringify(after.report.differences)).toBe(0)
    expect(after.report.pending).toEqual([])
  })

  it('lists a row whose change delta set aside apart from the differences (its reason is in delta status): verify stays clean', async () => {
    // This Magento 2 refuses one comment (a rule of its own); the comment is added in Magento 1.
    await m2db.query(
      "ALTER TABLE sales_order_status_history ADD CONSTRAINT mig_test_refused CHECK (comment IS NULL OR comment <> 'refused by Magento 2')",
    )
    try {
      const [[order]] = (await m1db.query(
        'SELECT entity_id FROM sales_flat_order ORDER BY entity_id LIMIT 1',
      )) as unknown as [{ entity_id: number }[]]
      const [inserted] = (await m1db.query(
        "INSERT INTO sales_flat_order_status_history (parent_id, comment, status, entity_name) VALUES (?, 'refused by Magento 2', 'pending', 'order')",
        [order!.entity_id],
      )) as unknown as [{ insertId: number }]
      const delta = await runMig(['delta', 'run', '--once', '--auto', config])
      expect(delta.stdout + delta.stderr).toMatch(
        new RegExp(`set aside sales_flat_order_status_history: 1 row \\(entity_id=${inserted.insertId}\\)`),
      )
      const { code, report } = await verify()
      expect(code, JSON.stringify(report.differences)).toBe(0)
      expect(report.differences).toEqual([])
      expect(report.pending).toEqual([])
      expect(report.setAside).toEqual([
        expect.objectContaining({
          table: 'sales_flat_order_status_history',
          key: `entity_id=${inserted.insertId}`,
          kind: 'missing',
        }),
      ])
      const text = await runMig(['verify', '--tables', 'sales_flat_order_status_history', config])
      expect(text.stdout).toContain(
        `set aside (its reason is in \`mig delta status\`): missing sales_flat_order_status_history entity_id=${inserted.insertId}`,
      )
      expect(text.stdout).toMatch(
        /^verify: clean — 1 tables, [\d,]+ rows, 1 rows set aside \(see `mig delta status`\)$/m,
      )
    } finally {
      await m2db.query('ALTER TABLE sales_order_status_history DROP CONSTRAINT mig_test_refused')
    }
  })

  it('verifies a table again when its connection is lost mid-way (exit 0, said on stderr)', async () => {
    const [[own]] = (await m2db.query('SELECT CONNECTION_ID() AS id')) as unknown as [{ id: number }[]]
    const running = startMig(['verify', '--chunk-size', '5', config])
    let killed = 0
    const deadline = Date.now() + 30_000
    while (killed === 0 && Date.now() < deadline && running.child.exitCode === null) {
      const [rows] = (await m2db.query(
        "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> ? AND COMMAND = 'Query'",
        [m2, own!.id],
      )) as unknown as [{ id: number }[]]
      for (const { id } of rows) {
        await m2db.query(`KILL CONNECTION ${Number(id)}`).catch(() => undefined)
        killed++
      }
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const result = await running.result
    expect(killed).toBeGreaterThan(0)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/Connection lost.*; verifying again/)
    expect(result.stdout).toMatch(/^verify: clean/m)
  })

  it('refuses an unknown table with one line (exit 2)', async () => {
    const result = await runMig(['verify', '--tables', 'no_such_table', config])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /^mig: --tables names no_such_table, which no installed plugin or deltalog.xml tracks/,
    )
  })
})
