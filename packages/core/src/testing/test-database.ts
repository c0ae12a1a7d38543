import { randomBytes } from 'node:crypto'
import mysql, { type Connection } from 'mysql2/promise'

/** Where a plugin's tests find their server: MIG_TEST_DB_HOST, _PORT, _USER, _PASSWORD (127.0.0.1:3306, root, no password). */
export function testDatabaseSettings(): { host: string; port: number; user: string; password: string } {
  return {
    host: process.env['MIG_TEST_DB_HOST'] ?? '127.0.0.1',
    port: Number(process.env['MIG_TEST_DB_PORT'] ?? '3306'),
    user: process.env['MIG_TEST_DB_USER'] ?? 'root',
    password: process.env['MIG_TEST_DB_PASSWORD'] ?? '',
  }
}

/** A connection that reads values as mig does: DATETIME, DECIMAL and BIGINT as strings, utf8mb4. */
export async function connectTestDatabase(
  database?: string,
  options: { multipleStatements?: boolean } = {},
): Promise<Connection> {
  return mysql.createConnection({
    ...testDatabaseSettings(),
    ...(database ? { database } : {}),
    charset: 'utf8mb4',
    timezone: 'Z',
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: options.multipleStatements ?? false,
  })
}

/** Fresh databases a test creates and drops. */
export interface TestDatabases {
  /** A new empty utf8mb4 database named `mig_t_<label>_<hint>_<pid>_<random>`; returns its name. */
  create(hint: string): Promise<string>
  /** Drops every database created here, unless MIG_TEST_KEEP_DATABASES=1 (then it names them). */
  dropAll(): Promise<void>
}

/** `label` tells a test's databases apart on a shared server (letters, digits, underscores). */
export function createTestDatabases(label: string): TestDatabases {
  if (!/^[a-z0-9_]{1,16}$/.test(label)) throw new Error(`test database label "${label}": use 1 to 16 of a-z, 0-9, _`)
  const names: string[] = []
  return {
    async create(hint) {
      const name = `mig_t_${label}_${hint}_${process.pid}_${randomBytes(4).toString('hex')}`.slice(0, 64)
      if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`test database hint "${hint}": use a-z, 0-9, _`)
      const server = await connectTestDatabase()
      try {
        await server.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`)
      } finally {
        await server.end()
      }
      names.push(name)
      return name
    },
    async dropAll() {
      if (process.env['MIG_TEST_KEEP_DATABASES'] === '1') {
        if (names.length > 0) console.warn(`MIG_TEST_KEEP_DATABASES=1: kept ${names.join(', ')}`)
        return
      }
      const server = await connectTestDatabase()
      try {
        for (const name of names.splice(0)) await server.query(`DROP DATABASE IF EXISTS \`${name}\``)
      } finally {
        await server.end()
      }
    },
  }
}

/** The rows a query returns, as the driver reads them. */
export async function queryRows(
  connection: Connection,
  sql: string,
  params: (string | number | null)[] = [],
): Promise<Record<string, unknown>[]> {
  const [result] = await connection.query(sql, params)
  return result as Record<string, unknown>[]
}
