import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DatabaseClient } from '../../src/db/database-client.js'
import { runDdl } from '../../src/db/ddl-runner.js'
import { readDatabaseSchema } from '../../src/db/schema-reader.js'
import { findCaptureGaps } from '../../src/deltalog/capture-health.js'
import { installCapture } from '../../src/deltalog/deltalog-installer.js'
import { DELTALOG_MARKER } from '../../src/deltalog/deltalog-naming.js'
import type { TrackedTable } from '../../src/interfaces/deltalog.js'
import { openConnection, testDbSettings, useTestDatabases } from '../../../../test/support/index.js'

const tracked: TrackedTable[] = [
  { table: 'thing', keys: ['id'], group: 'test', origins: ['test'] },
  { table: 'other', keys: ['id'], group: 'test', origins: ['test'] },
]

describe('capture health: mig finds its triggers missing or altered, and its repairs restore them', () => {
  const dbs = useTestDatabases()
  let m1: Connection
  let client: DatabaseClient
  const gaps = async () =>
    (await findCaptureGaps(client, tracked, '', await readDatabaseSchema(client))).map(
      (gap) => `${gap.table}: ${gap.problems.join(', ')}`,
    )
  const triggerOf = async (event: string): Promise<string> => {
    const [found] = (await m1.query(
      "SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = 'thing' AND EVENT_MANIPULATION = ?",
      [event],
    )) as unknown as [{ name: string }[]]
    if (!found[0]) throw new Error(`no ${event} trigger on thing`)
    return found[0].name
  }

  beforeAll(async () => {
    const name = await dbs.create('capture_health')
    m1 = await openConnection(name)
    await m1.query('CREATE TABLE thing (id INT NOT NULL PRIMARY KEY, v VARCHAR(20))')
    await m1.query('CREATE TABLE other (id INT NOT NULL PRIMARY KEY)')
    const settings = testDbSettings()
    client = await DatabaseClient.connect({ role: 'source', database: { ...settings, name }, poolSize: 2 })
    await installCapture(client, tracked, { sourcePrefix: '' })
  })

  afterAll(async () => {
    await client?.close()
    await m1?.end()
  })

  it('a fresh install has no gap', async () => {
    expect(await gaps()).toEqual([])
  })

  it('names a dropped trigger and a trigger whose body was changed, and nothing on the healthy table', async () => {
    await m1.query(`DROP TRIGGER ${await triggerOf('DELETE')}`)
    const update = await triggerOf('UPDATE')
    await m1.query(`DROP TRIGGER ${update}`)
    // Still named and marked as mig's, but it no longer logs the change.
    await m1.query(
      `CREATE TRIGGER ${update} AFTER UPDATE ON thing FOR EACH ROW BEGIN /* ${DELTALOG_MARKER} x */ SET @x = 1; END`,
    )
    expect(await gaps()).toEqual(['thing: its UPDATE trigger was altered, its DELETE trigger is missing'])
  })

  it('the repairs restore capture: every change to the table is logged again', async () => {
    const [gap] = await findCaptureGaps(client, tracked, '', await readDatabaseSchema(client))
    await runDdl(client, gap?.repairs ?? [])
    expect(await gaps()).toEqual([])
    await m1.query("INSERT INTO thing VALUES (1, 'a'), (2, 'b')")
    await m1.query('DELETE FROM m2_cl_thing')
    await m1.query("UPDATE thing SET v = 'c' WHERE id = 1")
    await m1.query('DELETE FROM thing WHERE id = 2')
    const [logged] = (await m1.query('SELECT id, operation FROM m2_cl_thing ORDER BY id')) as unknown as [
      { id: number; operation: string }[],
    ]
    expect(logged).toEqual([
      { id: 1, operation: 'UPDATE' },
      { id: 2, operation: 'DELETE' },
    ])
  })
})
