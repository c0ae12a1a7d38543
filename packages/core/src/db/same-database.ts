import { randomBytes } from 'node:crypto'
import { ExitCode, MigError } from '../errors/mig-error.js'
import type { DatabaseClient } from './database-client.js'

/**
 * Refuses a run whose source and destination are one database: a data run empties Magento 2's tables
 * and `--reset` deletes what Magento 1 lacks, so pointing both at one database would wipe the store.
 * Same server is decided by a named lock (locks are server-wide and need no privilege): one side takes
 * a random lock, the other asks whether it is in use. Host names and ports cannot decide it (proxies,
 * aliases, 127.0.0.1 vs localhost).
 */
export async function assertDifferentDatabases(source: DatabaseClient, destination: DatabaseClient): Promise<void> {
  const lock = `mig-identity-${randomBytes(8).toString('hex')}`
  await source.withSession(async (session) => {
    await session.query('SELECT GET_LOCK(?, 0)', [lock])
    try {
      const [row] = await destination.query<{ holder: string | number | null; db: string | null }>(
        'SELECT IS_USED_LOCK(?) AS holder, DATABASE() AS db',
        [lock],
      )
      const sameServer = row?.holder !== null && row?.holder !== undefined
      const sameName = (row?.db ?? '').toLowerCase() === source.databaseName.toLowerCase()
      if (sameServer && sameName) {
        throw new MigError(
          `source and destination are the same database (${source.databaseName} on one server): mig would write Magento 2 into Magento 1; point <destination> in config.xml at the Magento 2 database`,
          { exitCode: ExitCode.usage },
        )
      }
    } finally {
      await session.query('SELECT RELEASE_LOCK(?)', [lock])
    }
  })
}
