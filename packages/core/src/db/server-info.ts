import type { DatabaseClient } from './database-client.js'

export interface ServerInfo {
  readonly version: string
  readonly isMariaDb: boolean
  /** MySQL 5.7.2+ and MariaDB 10.2.3+ allow several triggers for one table, event and timing. */
  readonly multipleTriggersPerEvent: boolean
  readonly binaryLogging: boolean
  readonly trustFunctionCreators: boolean
}

export async function readServerInfo(client: DatabaseClient): Promise<ServerInfo> {
  const rows = await client.query<{ version: string; logBin: string | number; trust: string | number }>(
    'SELECT VERSION() AS version, @@GLOBAL.log_bin AS logBin, @@GLOBAL.log_bin_trust_function_creators AS trust',
  )
  const row = rows[0] ?? { version: '0.0.0', logBin: 0, trust: 0 }
  return {
    version: row.version,
    isMariaDb: /mariadb/i.test(row.version),
    multipleTriggersPerEvent: allowsMultipleTriggersPerEvent(row.version),
    binaryLogging: Number(row.logBin) === 1,
    trustFunctionCreators: Number(row.trust) === 1,
  }
}

/** MySQL 5.7.2+ and MariaDB 10.2.3+ accept several triggers for one table, event and timing. */
export function allowsMultipleTriggersPerEvent(version: string): boolean {
  const isMariaDb = /mariadb/i.test(version)
  const [major = 0, minor = 0, patch = 0] = version
    .split(/[.-]/)
    .slice(0, 3)
    .map((part) => Number.parseInt(part, 10) || 0)
  const atLeast = (a: number, b: number, c: number): boolean =>
    major > a || (major === a && (minor > b || (minor === b && patch >= c)))
  return isMariaDb ? atLeast(10, 2, 3) : atLeast(5, 7, 2)
}
