import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeConfigXml } from '../support/config-file.js'
import { runMig, startMig } from '../support/run-mig.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'

/** An extension's tables, named only in the merchant's own deltalog.xml, applied by the map-driven delta. */
describe('delta run on extension tables from the user deltalog.xml', () => {
  const dbs = useTestDatabases()
  let m1db: Connection
  let m2db: Connection
  let config: string
  let m1: string
  let m2: string

  beforeAll(async () => {
    m1 = await dbs.create('ext_m1')
    m2 = await dbs.create('ext_m2')
    m1db = await openConnection(m1)
    m2db = await openConnection(m2)
    for (const db of [m1db, m2db]) {
      await db.query(
        'CREATE TABLE ext_code (code VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY, label VARCHAR(40) NULL)',
      )
      await db.query(
        'CREATE TABLE ext_tag (tag VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL PRIMARY KEY, weight DECIMAL(12,4) NOT NULL)',
      )
    }
    // Magento 1 keys a link by (post_id, category_id); Magento 2 adds a surrogate id with a unique key,
    // and keeps a gallery-like table with no unique key over the Magento 1 key at all.
    await m1db.query(
      'CREATE TABLE ext_link (post_id INT UNSIGNED NOT NULL, category_id INT UNSIGNED NOT NULL, position INT NOT NULL, PRIMARY KEY (post_id, category_id))',
    )
    await m2db.query(
      'CREATE TABLE ext_link (entity_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, post_id INT UNSIGNED NOT NULL, category_id INT UNSIGNED NOT NULL, position INT NOT NULL, UNIQUE KEY (post_id, category_id))',
    )
    await m1db.query(
      'CREATE TABLE ext_media (value_id INT UNSIGNED NOT NULL, store_id SMALLINT UNSIGNED NOT NULL, label VARCHAR(40), PRIMARY KEY (value_id, store_id))',
    )
    await m2db.query(
      'CREATE TABLE ext_media (record_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, value_id INT UNSIGNED NOT NULL, store_id SMALLINT UNSIGNED NOT NULL, label VARCHAR(40), KEY (value_id, store_id))',
    )
    const dir = path.dirname(writeConfigXml({ source: m1, destination: m2 }))
    writeFileSync(
      path.join(dir, 'deltalog.xml'),
      '<groups><group name="ext"><document key="code">ext_code</document><document>ext_tag</document><document>ext_link</document><document>ext_media</document></group></groups>',
    )
    config = writeConfigXml(
      { source: m1, destination: m2, options: { delta_document_groups_file: 'deltalog.xml' } },
      dir,
    )
    const setup = await runMig(['delta', 'setup', config])
    expect(setup.code, setup.stderr).toBe(0)
  })

  afterAll(async () => {
    await m1db?.end()
    await m2db?.end()
  })

  it('keeps keys that differ only in case apart on a case-sensitive column', async () => {
    await m1db.query("INSERT INTO ext_code VALUES ('abc', 'lower'), ('ABC', 'upper')")
    const run = await runMig(['delta', 'run', '--once', config])
    expect(run.code, run.stderr).toBe(0)
    const [rows] = await m2db.query('SELECT code, label FROM ext_code ORDER BY label')
    expect(rows).toEqual([
      { code: 'abc', label: 'lower' },
      { code: 'ABC', label: 'upper' },
    ])
  })

  it("upserts on Magento 2's natural unique key where its primary key is a surrogate, and by key where no unique key exists", async () => {
    await m1db.query('INSERT INTO ext_link VALUES (1, 10, 1), (1, 11, 2)')
    await m1db.query("INSERT INTO ext_media VALUES (5, 0, 'first'), (5, 1, 'store one')")
    expect((await runMig(['delta', 'run', '--once', config])).code).toBe(0)
    const [[before]] = (await m2db.query(
      'SELECT entity_id FROM ext_link WHERE post_id = 1 AND category_id = 10',
    )) as unknown as [{ entity_id: number }[]]
    await m1db.query('UPDATE ext_link SET position = 7 WHERE post_id = 1 AND category_id = 10')
    await m1db.query('DELETE FROM ext_link WHERE post_id = 1 AND category_id = 11')
    await m1db.query("UPDATE ext_media SET label = 'renamed' WHERE value_id = 5 AND store_id = 0")
    const run = await runMig(['delta', 'run', '--once', config])
    expect(run.code, run.stderr).toBe(0)
    const [links] = await m2db.query('SELECT entity_id, post_id, category_id, position FROM ext_link')
    expect(links).toEqual([{ entity_id: before!.entity_id, post_id: 1, category_id: 10, position: 7 }])
    const [media] = await m2db.query('SELECT value_id, store_id, label FROM ext_media ORDER BY store_id')
    expect(media).toEqual([
      { value_id: 5, store_id: 0, label: 'renamed' },
      { value_id: 5, store_id: 1, label: 'store one' },
    ])
  })

  it('matches a case-insensitive key as the server does, and deletes what Magento 1 deleted', async () => {
    await m1db.query("INSERT INTO ext_tag VALUES ('Sale', 1.5000), ('new', 2.0000)")
    expect((await runMig(['delta', 'run', '--once', config])).code).toBe(0)
    await m1db.query("UPDATE ext_tag SET weight = 3.2500 WHERE tag = 'sale'")
    await m1db.query("DELETE FROM ext_tag WHERE tag = 'NEW'")
    const run = await runMig(['delta', 'run', '--once', config])
    expect(run.code, run.stderr).toBe(0)
    const [rows] = await m2db.query('SELECT tag, weight FROM ext_tag')
    expect(rows).toEqual([{ tag: 'Sale', weight: '3.2500' }])
  })

  it('prints one JSON object per line with --log-format json, with the cycle figures', async () => {
    await m1db.query("INSERT INTO ext_code VALUES ('json', 'line')")
    const run = await runMig(['delta', 'run', '--once', '--log-format', 'json', config])
    expect(run.code, run.stderr).toBe(0)
    const records = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    const cycle = records.find((record) => record['event'] === 'cycle')
    expect(cycle).toMatchObject({ level: 'info', cycle: 1, applied: 1, backlog: 0 })
    expect(typeof cycle?.['time']).toBe('string')
    expect(typeof cycle?.['rate']).toBe('number')
    expect(records.at(-1)).toMatchObject({ event: 'stopped' })
  })

  it('with --auto, leaves the changes of a table without a Magento 2 counterpart pending instead of failing every cycle', async () => {
    await m1db.query('CREATE TABLE ext_orphan (id INT UNSIGNED NOT NULL PRIMARY KEY, v INT)')
    const dir = path.dirname(config)
    writeFileSync(
      path.join(dir, 'deltalog.xml'),
      '<groups><group name="ext"><document key="code">ext_code</document><document>ext_tag</document><document>ext_link</document><document>ext_media</document><document>ext_orphan</document></group></groups>',
    )
    expect((await runMig(['delta', 'setup', config])).code).toBe(0)
    await m1db.query('INSERT INTO ext_orphan VALUES (1, 1)')
    await m1db.query("INSERT INTO ext_code VALUES ('after', 'orphan')")
    const strict = await runMig(['delta', 'run', '--once', config])
    expect(strict.code).toBe(3)
    expect(strict.stderr).toMatch(/ext_orphan/)
    const auto = await runMig(['delta', 'run', '--once', '--auto', config])
    expect(auto.code, auto.stderr).toBe(0)
    expect(auto.stderr).toContain('ext_orphan: Map delta cannot apply it')
    const [rows] = await m2db.query("SELECT label FROM ext_code WHERE code = 'after'")
    expect(rows).toEqual([{ label: 'orphan' }])
    const status = JSON.parse((await runMig(['delta', 'status', '--json', config])).stdout) as {
      tables: { table: string; pending: number }[]
    }
    expect(status.tables.find((table) => table.table === 'ext_orphan')?.pending).toBe(1)
  })

  it(
    'ends a cycle after six intervals even while the store keeps appending new keys, so progress is reported',
    { timeout: 180_000 },
    async () => {
      const dir = path.dirname(config)
      const small = writeConfigXml(
        { source: m1, destination: m2, options: { delta_document_groups_file: 'deltalog.xml', bulk_size: '20' } },
        mkdtempSync(path.join(dir, 'small-')),
      )
      writeFileSync(path.join(path.dirname(small), 'deltalog.xml'), readFileSync(path.join(dir, 'deltalog.xml')))
      const runner = startMig(['delta', 'run', '--interval', '1', '--auto', small])
      let next = 1
      // Writes never stop until two cycle lines are out (or a generous deadline, for a loaded machine):
      // without the bound, the first cycle would chase the new keys and never report.
      const until = Date.now() + 60_000
      const cycleLines = (): string[] => runner.output().stdout.match(/cycle \d+: /g) ?? []
      try {
        while (Date.now() < until && cycleLines().length < 2 && runner.child.exitCode === null) {
          // Ever higher keys, faster than 20-row pages can follow: each lands behind the runner's cursor.
          const keys = Array.from({ length: 200 }, () => `k${String(next++).padStart(7, '0')}`)
          await m1db.query(`INSERT INTO ext_tag VALUES ${keys.map(() => '(?, 1.0000)').join(', ')}`, keys)
        }
        const cycles = cycleLines()
        expect(cycles.length, runner.output().stdout + runner.output().stderr).toBeGreaterThanOrEqual(2)
      } finally {
        runner.child.kill('SIGINT')
      }
      expect((await runner.result).code).toBe(0)
    },
  )
})
