import { randomBytes } from 'node:crypto'
import mysql from 'mysql2/promise'
import type { Connection, ConnectionOptions } from 'mysql2/promise'
import { afterAll } from 'vitest'

/** Where the test MariaDB/MySQL server is; read from MIG_TEST_DB_* on every call. */
export interface TestDbSettings {
  readonly host: string
  readonly port: number
  readonly user: string
  readonly password: string
}

export function testDbSettings(env: NodeJS.ProcessEnv = process.env): TestDbSettings {
  const rawPort = env['MIG_TEST_DB_PORT'] ?? '3306'
  const port = Number(rawPort)
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`MIG_TEST_DB_PORT=${JSON.stringify(rawPort)} is not a TCP port`)
  }
  return {
    host: env['MIG_TEST_DB_HOST'] ?? '127.0.0.1',
    port,
    user: env['MIG_TEST_DB_USER'] ?? 'root',
    password: env['MIG_TEST_DB_PASSWORD'] ?? '',
  }
}

/** Extra mysql2 options; connection target (host, port, user, password, database) always comes from the settings. */
export type OpenConnectionOptions = Omit<ConnectionOptions, 'host' | 'port' | 'user' | 'password' | 'database'>

/**
 * A mysql2/promise connection configured like the product's (packages/core DatabaseClient): big numbers and
 * DECIMALs as strings, DATE/DATETIME/TIMESTAMP as strings, utf8mb4, timezone 'Z', and no multi-statement queries
 * unless asked for.
 */
export async function openConnection(database?: string, opts: OpenConnectionOptions = {}): Promise<Connection> {
  const settings = testDbSettings()
  const options: ConnectionOptions = {
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    decimalNumbers: false,
    jsonStrings: true,
    charset: 'utf8mb4',
    timezone: 'Z',
    connectTimeout: 10_000,
    multipleStatements: false,
    ...opts,
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
  }
  if (database !== undefined) options.database = database
  return mysql.createConnection(options)
}

const NAME_PREFIX = 'mig_t_'
const MAX_NAME_LENGTH = 64

/** `mig_t_<hint>_<pid>_<random>`, at most 64 characters, only [a-z0-9_]. */
export function testDatabaseName(hint: string): string {
  const suffix = `_${process.pid}_${randomBytes(4).toString('hex')}`
  const room = MAX_NAME_LENGTH - NAME_PREFIX.length - suffix.length
  const cleaned = hint
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, room)
    .replace(/_$/, '')
  return `${NAME_PREFIX}${cleaned === '' ? 'db' : cleaned}${suffix}`
}

function quoteName(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`'
}

/** Creates an empty utf8mb4 database with a unique name and returns the name. */
export async function createTestDatabase(hint: string): Promise<string> {
  const name = testDatabaseName(hint)
  const connection = await openConnection()
  try {
    await connection.query(`CREATE DATABASE ${quoteName(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`)
  } finally {
    await connection.end()
  }
  return name
}

/** Drops a database if it exists. */
export async function dropTestDatabase(name: string): Promise<void> {
  const connection = await openConnection()
  try {
    await connection.query(`DROP DATABASE IF EXISTS ${quoteName(name)}`)
  } finally {
    await connection.end()
  }
}

/** Keeps track of the databases a suite creates so it can drop every one of them. */
export interface TestDatabases {
  /** Creates a fresh database (see createTestDatabase) and remembers it. */
  create(hint: string): Promise<string>
  /** Remembers a database created some other way so dropAll() drops it too. */
  track(name: string): string
  /** Drops every remembered database; keeps them when MIG_TEST_KEEP_DATABASES=1 (for debugging). */
  dropAll(): Promise<void>
  readonly names: readonly string[]
}

/** A tracker without any test-runner hooks (for the benchmark and scripts). */
export function testDatabases(): TestDatabases {
  const names: string[] = []
  return {
    names,
    async create(hint) {
      const name = await createTestDatabase(hint)
      names.push(name)
      return name
    },
    track(name) {
      names.push(name)
      return name
    },
    async dropAll() {
      const pending = names.splice(0, names.length)
      if (process.env['MIG_TEST_KEEP_DATABASES'] === '1') {
        if (pending.length > 0) console.warn(`MIG_TEST_KEEP_DATABASES=1: kept ${pending.join(', ')}`)
        return
      }
      const failures: unknown[] = []
      for (const name of pending) {
        try {
          await dropTestDatabase(name)
        } catch (error) {
          // MariaDB sometimes leaves a half-written trigger file (`<table>.TRG-`) when a client is killed
          // mid-statement, and then cannot remove the folder (errno 1010). Its name is unique: warn, go on.
          if ((error as { errno?: number }).errno === 1010)
            console.warn(`could not drop ${name} completely: ${(error as Error).message}`)
          else failures.push(error)
        }
      }
      if (failures.length > 0) throw new AggregateError(failures, `could not drop ${failures.length} test database(s)`)
    },
  }
}

/**
 * For vitest suites: call at the top of a test file or inside a describe(); every database created through the
 * returned tracker is dropped in afterAll, whether the tests passed or not.
 *
 *     const dbs = useTestDatabases()
 *     let m1: string
 *     beforeAll(async () => { m1 = await dbs.create('m1'); await loadDump(m1, fixturePath(MAGENTO1_DUMP)) })
 */
export function useTestDatabases(): TestDatabases {
  const tracker = testDatabases()
  afterAll(() => tracker.dropAll())
  return tracker
}

/** Runs `fn` with freshly created databases (one per hint) and drops them afterwards, even when `fn` throws. */
export async function withTestDatabases<T>(hints: readonly string[], fn: (names: string[]) => Promise<T>): Promise<T> {
  const tracker = testDatabases()
  let result: T
  try {
    const names: string[] = []
    for (const hint of hints) names.push(await tracker.create(hint))
    result = await fn(names)
  } catch (error) {
    // the callback's failure is the one worth reporting; a failing drop must not hide it
    await tracker.dropAll().catch(() => undefined)
    throw error
  }
  await tracker.dropAll()
  return result
}
