import mysql, { type Connection, type ConnectionOptions } from 'mysql2/promise'
import { MigError, UsageError, mysqlErrorInfo } from '@mig/core/engine'

/** The MySQL/MariaDB server the demo creates its two databases on. */
export interface DemoServer {
  readonly host: string
  readonly port: number
  readonly user: string
  /** Never printed. */
  readonly password: string
}

const HOW_TO_FIX =
  'pass --host/--port/--user/--password (or MIG_DEMO_HOST, MIG_DEMO_PORT, MIG_DEMO_USER, MIG_DEMO_PASSWORD)'

/** `user@host:port` for messages; never the password. */
export function describeServer(server: DemoServer): string {
  return `${server.user}@${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}`
}

/**
 * A connection configured like the product's own (DatabaseClient): BIGINT, DECIMAL and dates as
 * text, utf8mb4, UTC. The storefront writer relies on ids arriving as strings.
 */
export async function connectServer(
  server: DemoServer,
  database?: string,
  extra: Pick<ConnectionOptions, 'multipleStatements'> = {},
): Promise<Connection> {
  try {
    return await mysql.createConnection({
      host: server.host,
      port: server.port,
      user: server.user,
      password: server.password,
      ...(database === undefined ? {} : { database }),
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      decimalNumbers: false,
      jsonStrings: true,
      charset: 'utf8mb4',
      timezone: 'Z',
      connectTimeout: 10_000,
      ...extra,
    })
  } catch (error) {
    throw connectError(error, server)
  }
}

/** An unreachable server or a refused login is a usage problem (exit 2), named with what to change. */
function connectError(error: unknown, server: DemoServer): MigError {
  const info = mysqlErrorInfo(error)
  const where = describeServer(server)
  if (info.errno === 1045) return new UsageError(`cannot log in to ${where}: access denied; ${HOW_TO_FIX}`)
  if (
    info.code !== undefined &&
    /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET)$/.test(info.code)
  ) {
    return new UsageError(
      `cannot reach a MySQL/MariaDB server at ${where} (${info.code}); start one (on Debian: apt-get install mariadb-server) or ${HOW_TO_FIX}`,
    )
  }
  return new MigError(`cannot connect to ${where}: ${info.sqlMessage ?? info.message}`, { cause: error })
}
