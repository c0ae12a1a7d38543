import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DatabaseClient } from '../../src/db/database-client.js'
import { testDbSettings, useTestDatabases } from '../../../../test/support/test-database.js'

describe('DatabaseClient', () => {
  const dbs = useTestDatabases()
  let client: DatabaseClient

  beforeAll(async () => {
    const name = await dbs.create('client')
    const settings = testDbSettings()
    client = await DatabaseClient.connect({
      role: 'source',
      database: { host: settings.host, port: settings.port, user: settings.user, password: settings.password, name },
      initStatements: ["SET @mig_init = 'ran'"],
      poolSize: 3,
    })
    await client.execute('CREATE TABLE v (d DATETIME NULL, n DECIMAL(20,4), b BIGINT UNSIGNED, t TEXT)')
  })

  afterAll(async () => {
    await client?.close()
  })

  it('prepares every pooled connection: READ COMMITTED and the init statements', async () => {
    const seen = await Promise.all(
      Array.from({ length: 6 }, () =>
        client.withSession(async (session) => {
          const [row] = await session.query<{ iso: string; init: string | null; id: string }>(
            'SELECT @@tx_isolation AS iso, @mig_init AS init, CONNECTION_ID() AS id',
          )
          await session.query('SELECT SLEEP(0.05)')
          return row
        }),
      ),
    )
    expect(new Set(seen.map((row) => row?.id)).size).toBeGreaterThan(1)
    for (const row of seen) expect(row).toMatchObject({ iso: 'READ-COMMITTED', init: 'ran' })
  })

  it('returns dates, DECIMAL and BIGINT as the exact text the server holds', async () => {
    await client.withSession(async (session) => {
      await session.execute("SET SESSION sql_mode = ''")
      await session.execute(
        "INSERT INTO v VALUES ('0000-00-00 00:00:00', '12345678901234.5000', 18446744073709551615, 'Zoë 🎁')",
      )
    })
    expect(await client.query('SELECT * FROM v')).toEqual([
      { d: '0000-00-00 00:00:00', n: '12345678901234.5000', b: '18446744073709551615', t: 'Zoë 🎁' },
    ])
  })
})
