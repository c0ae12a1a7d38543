import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeConfigXml } from '../support/config-file.js'
import { runMig, type MigResult } from '../support/run-mig.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'

/** One line on stderr, no stack trace, the documented exit code. */
function expectOneLineError(result: MigResult, code: number, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(code)
  const lines = result.stderr.trim().split('\n')
  expect(lines[0]).toMatch(/^mig: /)
  expect(lines[0]).toMatch(pattern)
  expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
}

function tempFile(name: string, content: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'mig-bad-')), name)
  writeFileSync(file, content)
  return file
}

describe('bad input gets one line and exit code 2', () => {
  const dbs = useTestDatabases()
  let m1: string
  let m2: string

  beforeAll(async () => {
    m1 = await dbs.create('bad_m1')
    m2 = await dbs.create('bad_m2')
    const db = await openConnection(m1)
    await db.query('CREATE TABLE sales_flat_order (entity_id INT UNSIGNED NOT NULL PRIMARY KEY, status VARCHAR(32))')
    await db.end()
  })

  it('a missing config file', async () => {
    expectOneLineError(
      await runMig(['delta', 'setup', '/nonexistent/config.xml']),
      2,
      /\/nonexistent\/config\.xml.*no such file/,
    )
  })

  it('an unreadable config file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mig-bad-'))
    expectOneLineError(await runMig(['delta', 'setup', dir + '/']), 2, /cannot read|directory/)
  })

  it('malformed XML, with file:line:column', async () => {
    const file = tempFile(
      'config.xml',
      '<config>\n  <source>\n    <database host="x" name="m1" user="u"/>\n  </sourc>\n</config>\n',
    )
    expectOneLineError(await runMig(['delta', 'setup', file]), 2, /config\.xml:4:\d+: malformed XML/)
  })

  it('an unknown mode, with its location', async () => {
    const file = writeConfigXml({
      source: m1,
      destination: m2,
      extraXml: '  <steps mode="turbo"><step title="x"><delta>A</delta></step></steps>',
    })
    const result = await runMig(['delta', 'setup', file])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/config\.xml:\d+:\d+: .*turbo/)
  })

  it('an unknown command-line option', async () => {
    const file = writeConfigXml({ source: m1, destination: m2 })
    expectOneLineError(await runMig(['delta', 'setup', '--turbo', file]), 2, /turbo/)
  })

  it('a run that cannot start says so in the JSON log and in log_file too, not only on stderr', async () => {
    const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'mig-bad-')), 'mig.log')
    const file = writeConfigXml({ source: m1, destination: m2, options: { log_file: logFile } })
    // This Magento 2 has none of the tables the mapping needs: delta cannot start (exit 3).
    const result = await runMig(['delta', 'run', '--once', '--log-format', 'json', file])
    expect(result.code, result.stderr).toBe(3)
    expect(result.stderr).toMatch(/^mig: integrity check failed: \d+ problems/)
    const fatal = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((record) => record['event'] === 'fatal')
    expect(fatal).toEqual([
      expect.objectContaining({
        level: 'error',
        exitCode: 3,
        message: expect.stringMatching(/^integrity check failed/),
      }),
    ])
    expect(readFileSync(logFile, 'utf8')).toMatch(
      / ERROR integrity check failed: .* \{"event":"fatal","exitCode":3\}\n$/,
    )
  })

  it('source and destination the same database: every run is refused (exit 2) before it writes anything', async () => {
    const file = writeConfigXml({ source: m1, destination: m1 })
    const db = await openConnection(m1)
    try {
      const tables = async (): Promise<unknown> =>
        (
          await db.query('SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1')
        )[0]
      const before = await tables()
      for (const args of [
        ['data', 'run'],
        ['delta', 'run', '--once'],
        ['delta', 'run', '--reset', '--once'],
        ['verify'],
      ])
        expectOneLineError(
          await runMig([...args, file]),
          2,
          /source and destination are the same database \(\w+ on one server\): mig would write Magento 2 into Magento 1; point <destination> in config\.xml at the Magento 2 database/,
        )
      expect(await tables()).toEqual(before)
    } finally {
      await db.end()
    }
  })

  it('an unknown config option is warned, and the command goes on', async () => {
    const file = writeConfigXml({ source: m1, destination: m2, options: { bulk_sise: '100' } })
    const result = await runMig(['delta', 'setup', file])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/warning: .*config\.xml:\d+:\d+: .*bulk_sise/)
    await runMig(['delta', 'teardown', file])
  })

  it('an unreachable database names host:port and never the password', async () => {
    const file = tempFile(
      'config.xml',
      `<config><source><database host="127.0.0.1" port="1" name="${m1}" user="root" password="s3cr3t-pw"/></source>` +
        `<destination><database host="127.0.0.1" name="${m2}" user="root"/></destination></config>`,
    )
    const result = await runMig(['delta', 'setup', file])
    expectOneLineError(result, 2, /127\.0\.0\.1:1/)
    expect(result.stderr + result.stdout).not.toContain('s3cr3t-pw')
  })

  it('a wrong password is refused without printing it', async () => {
    const file = writeConfigXml({ source: m1, destination: m2 })
    const result = await runMig(['delta', 'status', file], { env: { MIG_SOURCE_PASSWORD: 'wrong-pw-123' } })
    expectOneLineError(result, 2, /access denied/)
    expect(result.stderr).not.toContain('wrong-pw-123')
  })

  it('identifiers that are not plain MySQL names are rejected, never interpolated', async () => {
    const file = writeConfigXml({
      source: 'm1`; DROP DATABASE mysql; --',
      destination: m2,
      options: { source_prefix: "x'; DROP" },
    })
    const result = await runMig(['delta', 'setup', file])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/not a plain MySQL name|letters, digits/)
    const deltalog = tempFile(
      'deltalog.xml',
      '<groups><group name="g"><document key="id`x">bad`table</document></group></groups>',
    )
    const withDeltalog = writeConfigXml({
      source: m1,
      destination: m2,
      options: { delta_document_groups_file: deltalog },
    })
    const second = await runMig(['delta', 'setup', withDeltalog])
    expect(second.code).toBe(2)
    expect(second.stderr).toMatch(/deltalog\.xml:1:\d+/)
  })

  it('a table claimed twice with different keys names both sources', async () => {
    const deltalog = tempFile(
      'deltalog.xml',
      '<groups><group name="g"><document key="status">sales_flat_order</document></group></groups>',
    )
    const file = writeConfigXml({ source: m1, destination: m2, options: { delta_document_groups_file: deltalog } })
    const result = await runMig(['delta', 'setup', file])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('@mig/plugin-sales')
    expect(result.stderr).toContain(deltalog)
  })
})

describe('a missing privilege is named', () => {
  const dbs = useTestDatabases()
  const user = `mig_nopriv_${process.pid}`
  let m1: string
  let m2: string

  beforeAll(async () => {
    m1 = await dbs.create('priv_m1')
    m2 = await dbs.create('priv_m2')
    const root = await openConnection(m1)
    await root.query('CREATE TABLE sales_flat_order (entity_id INT UNSIGNED NOT NULL PRIMARY KEY, status VARCHAR(32))')
    await root.query(`CREATE USER IF NOT EXISTS '${user}'@'%' IDENTIFIED BY 'pw-${process.pid}'`)
    await root.query(`CREATE USER IF NOT EXISTS '${user}'@'localhost' IDENTIFIED BY 'pw-${process.pid}'`)
    for (const host of ['%', 'localhost']) {
      await root.query(
        `GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER ON \`${m1}\`.* TO '${user}'@'${host}'`,
      )
      await root.query(`GRANT SELECT ON \`${m2}\`.* TO '${user}'@'${host}'`)
    }
    await root.end()
  })

  afterAll(async () => {
    const root = await openConnection()
    await root.query(`DROP USER IF EXISTS '${user}'@'%'`)
    await root.query(`DROP USER IF EXISTS '${user}'@'localhost'`)
    await root.end()
  })

  it('setup without the TRIGGER privilege says so and what to grant', async () => {
    const file = tempFile(
      'config.xml',
      `<config><source><database host="127.0.0.1" name="${m1}" user="${user}"/></source>` +
        `<destination><database host="127.0.0.1" name="${m2}" user="${user}"/></destination></config>`,
    )
    const result = await runMig(['delta', 'setup', file], { env: { MIG_SOURCE_PASSWORD: `pw-${process.pid}` } })
    expectOneLineError(result, 2, /lacks the TRIGGER privilege/)
    expect(result.stderr).toContain('GRANT TRIGGER')
    expect(result.stderr).not.toContain(`pw-${process.pid}`)
  })
})
