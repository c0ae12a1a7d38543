import type { Connection } from 'mysql2/promise'
import { MigError, UsageError, mysqlErrorInfo, quoteIdentifier } from '@mig/core/engine'

export interface DemoDatabases {
  readonly magento1: string
  readonly magento2: string
}

/** Every database a demo creates starts with this, so leftovers are easy to find (`SHOW DATABASES LIKE 'mig\_demo\_%'`). */
export const DEMO_DATABASE_PREFIX = 'mig_demo_'

/** Unique per process on one machine; a clash with another machine's demo is refused, never dropped. */
export function demoDatabaseNames(pid: number = process.pid): DemoDatabases {
  return { magento1: `${DEMO_DATABASE_PREFIX}${pid}_m1`, magento2: `${DEMO_DATABASE_PREFIX}${pid}_m2` }
}

/**
 * Creates both databases. One that already exists is refused rather than reused or dropped: it may
 * be another demo's, still running, or one kept with --keep.
 */
export async function createDemoDatabases(server: Connection, names: DemoDatabases): Promise<void> {
  const [rows] = await server.query(
    'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?, ?)',
    [names.magento1, names.magento2],
  )
  const existing = (rows as { name: string }[]).map((row) => row.name)
  if (existing.length > 0) {
    throw new UsageError(
      `database ${existing.join(' and ')} already exists (another demo, or one kept with --keep); drop it (DROP DATABASE ${quoteIdentifier(existing[0] ?? '')}) or run the demo again`,
    )
  }
  for (const name of [names.magento1, names.magento2]) {
    try {
      await server.query(`CREATE DATABASE ${quoteIdentifier(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`)
    } catch (error) {
      const info = mysqlErrorInfo(error)
      if (info.errno === 1044 || info.errno === 1227) {
        throw new UsageError(
          `the demo may not create databases (${info.sqlMessage ?? info.message}); it needs a user with CREATE, DROP, TRIGGER and the usual data privileges, such as root on a local server`,
        )
      }
      throw new MigError(`cannot create database ${name}: ${info.sqlMessage ?? info.message}`, { cause: error })
    }
  }
}

/** Drops what the demo created; errors are returned, not thrown, so cleanup never hides the run's own outcome. */
export async function dropDemoDatabases(server: Connection, names: DemoDatabases): Promise<string[]> {
  const problems: string[] = []
  for (const name of [names.magento1, names.magento2]) {
    try {
      await server.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`)
    } catch (error) {
      const info = mysqlErrorInfo(error)
      problems.push(`could not drop ${name}: ${info.sqlMessage ?? info.message}`)
    }
  }
  return problems
}
