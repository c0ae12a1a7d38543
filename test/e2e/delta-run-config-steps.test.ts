import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeConfigXml } from '../support/config-file.js'
import { runMig } from '../support/run-mig.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'

/**
 * A step named in config.xml that brings no @mig/core at all: it is recognised by the
 * Symbol.for brand and the contract's shape, the way a plugin with its own copy of core is.
 */
const STEP_MODULE = `
const BRAND = Symbol.for('@mig/core/delta-step')
export class NoteDelta {
  title = 'note delta'
  get [BRAND]() { return API }
  tables() { return ['ext_note'] }
  async prepare(environment) { this.source = environment.source; return [] }
  async load(changeSet) {
    const ids = changeSet.changes.map((change) => change.key[0])
    const rows = await this.source.query('SELECT id, body FROM ext_note WHERE id IN (' + ids.map(() => '?').join(',') + ')', ids)
    const byId = new Map(rows.map((row) => [String(row.id), row]))
    const upserts = [], deletes = []
    for (const change of changeSet.changes) {
      const row = byId.get(String(change.key[0]))
      if (row) upserts.push({ change, row: { id: row.id, text: row.body.toUpperCase() } })
      else deletes.push({ change, key: [...change.key] })
    }
    return { table: changeSet.table, destinationTable: 'ext_note_m2', upserts, deletes, derived: [], rejected: [] }
  }
  async applyDeletes(session, loaded) {
    for (const item of loaded.deletes) await session.execute('DELETE FROM ext_note_m2 WHERE id = ?', item.key)
    return []
  }
  async applyUpserts(session, loaded) {
    for (const item of loaded.upserts) await session.execute('INSERT INTO ext_note_m2 (id, text) VALUES (?, ?) ON DUPLICATE KEY UPDATE text = VALUES(text)', [item.row.id, item.row.text])
    return []
  }
  async afterRound() {}
}
`

describe('delta steps named in config.xml', () => {
  const dbs = useTestDatabases()
  let m1: string
  let m2: string
  let m1db: Connection
  let m2db: Connection
  let dir: string

  beforeAll(async () => {
    m1 = await dbs.create('cfgstep_m1')
    m2 = await dbs.create('cfgstep_m2')
    m1db = await openConnection(m1)
    m2db = await openConnection(m2)
    await m1db.query('CREATE TABLE ext_note (id INT UNSIGNED NOT NULL PRIMARY KEY, body VARCHAR(100) NOT NULL)')
    await m2db.query('CREATE TABLE ext_note_m2 (id INT UNSIGNED NOT NULL PRIMARY KEY, text VARCHAR(100) NOT NULL)')
    dir = path.dirname(writeConfigXml({ source: m1, destination: m2 }))
    writeFileSync(
      path.join(dir, 'deltalog.xml'),
      '<groups><group name="notes"><document key="id">ext_note</document></group></groups>',
    )
    writeFileSync(path.join(dir, 'note-delta.mjs'), STEP_MODULE.replace('return API', 'return 1'))
    writeFileSync(path.join(dir, 'future-delta.mjs'), STEP_MODULE.replace('return API', 'return 2'))
  })

  afterAll(async () => {
    await m1db?.end()
    await m2db?.end()
  })

  it('loads module#Export relative to config.xml, recognised by brand, and applies its table', async () => {
    const config = writeConfigXml(
      {
        source: m1,
        destination: m2,
        options: { delta_document_groups_file: 'deltalog.xml' },
        extraXml:
          '  <steps mode="delta"><step title="Notes"><delta>./note-delta.mjs#NoteDelta</delta></step><step title="Upstream"><delta>Migration\\Step\\SalesOrder\\Delta</delta></step></steps>',
      },
      dir,
    )
    expect((await runMig(['delta', 'setup', config])).code).toBe(0)
    await m1db.query("INSERT INTO ext_note VALUES (1, 'hello'), (2, 'bye')")
    await m1db.query('DELETE FROM ext_note WHERE id = 2')
    const run = await runMig(['delta', 'run', '--once', config])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain('upstream step classes (e.g. Migration\\Step\\SalesOrder\\Delta)')
    const [rows] = await m2db.query('SELECT id, text FROM ext_note_m2')
    expect(rows).toEqual([{ id: 1, text: 'HELLO' }])
  })

  it('refuses a step built for another contract version, and a missing export, with the config location', async () => {
    const future = writeConfigXml(
      {
        source: m1,
        destination: m2,
        options: { delta_document_groups_file: 'deltalog.xml' },
        extraXml: '  <steps mode="delta"><step title="F"><delta>./future-delta.mjs#NoteDelta</delta></step></steps>',
      },
      dir,
    )
    const refused = await runMig(['delta', 'run', '--once', future])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(
      /mig: \S*config\.xml:\d+:\d+: \.\/future-delta\.mjs#NoteDelta was built for mig step API 2, this mig speaks 1/,
    )
    const missing = writeConfigXml(
      {
        source: m1,
        destination: m2,
        options: { delta_document_groups_file: 'deltalog.xml' },
        extraXml: '  <steps mode="delta"><step title="M"><delta>./note-delta.mjs#Nope</delta></step></steps>',
      },
      dir,
    )
    const result = await runMig(['delta', 'run', '--once', missing])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/mig: \S*config\.xml:\d+:\d+: \.\/note-delta\.mjs exports no delta step named Nope/)
    const absent = writeConfigXml(
      {
        source: m1,
        destination: m2,
        options: { delta_document_groups_file: 'deltalog.xml' },
        extraXml: '  <steps mode="delta"><step title="A"><delta>@vendor/not-installed#X</delta></step></steps>',
      },
      dir,
    )
    const notInstalled = await runMig(['delta', 'run', '--once', absent])
    expect(notInstalled.code).toBe(2)
    expect(notInstalled.stderr).toContain(
      'package @vendor/not-installed is not installed; run `mig plugins install @vendor/not-installed`',
    )
  })
})
