import { Readable } from 'node:stream'
import { DataSource, type QueryRunner } from 'typeorm'
import type { DatabaseConfig } from '../interfaces/config.js'
import { toConnectionError } from './connection-errors.js'
import type { SqlRow, SqlValue } from './sql-value.js'

export type DatabaseRole = 'source' | 'destination'

export interface DatabaseClientOptions {
  readonly role: DatabaseRole
  readonly database: DatabaseConfig
  /** Run on every new connection (config option init_statements_*). */
  readonly initStatements?: readonly string[]
  readonly poolSize?: number
}

/** One pinned connection: needed for GET_LOCK, session variables and transactions. */
export interface Session {
  query<T = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]>
  execute(sql: string, params?: readonly SqlValue[]): Promise<{ affectedRows: number }>
  /** `LOAD DATA LOCAL INFILE` with `data` as the file; undefined where the driver connection is not reachable. */
  loadLocalData?(sql: string, data: Buffer): Promise<{ affectedRows: number; warnings: number }>
}

/**
 * A TypeORM DataSource over mysql2, configured so that values keep their exact text:
 * dates, DECIMAL and BIGINT arrive as strings. Every session reads committed data only,
 * which keeps InnoDB gap locks (and so waits for the storefront) to a minimum.
 */
export class DatabaseClient {
  readonly role: DatabaseRole
  readonly config: DatabaseConfig
  private readonly dataSource: DataSource
  private readonly initStatements: readonly string[]
  /** Physical connections already prepared: session state lives as long as the connection. */
  private readonly prepared = new WeakSet<object>()

  private constructor(options: DatabaseClientOptions, dataSource: DataSource) {
    this.role = options.role
    this.config = options.database
    this.dataSource = dataSource
    this.initStatements = options.initStatements ?? []
  }

  static async connect(options: DatabaseClientOptions): Promise<DatabaseClient> {
    const { database } = options
    const dataSource = new DataSource({
      type: 'mysql',
      host: database.host,
      port: database.port,
      username: database.user,
      password: database.password,
      database: database.name,
      charset: 'utf8mb4',
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      connectTimeout: 10_000,
      poolSize: options.poolSize ?? 4,
      logging: false,
      synchronize: false,
      // disableEval: mysql2's generated row parsers for Magento's 150-column tables cost V8 seconds
      // of background compilation that delays every exit; the static parser reads the same values.
      // jsonStrings: a JSON column's text as stored, not an object (which would be written back as "[object Object]").
      extra: { decimalNumbers: false, enableKeepAlive: true, disableEval: true, jsonStrings: true },
    })
    try {
      await dataSource.initialize()
    } catch (error) {
      throw toConnectionError(error, options.role, database)
    }
    const client = new DatabaseClient(options, dataSource)
    try {
      await client.query('SELECT 1')
    } catch (error) {
      await dataSource.destroy().catch(() => undefined)
      throw toConnectionError(error, options.role, database)
    }
    return client
  }

  get databaseName(): string {
    return this.config.name
  }

  async query<T = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.withSession((session) => session.query<T>(sql, params))
  }

  async execute(sql: string, params: readonly SqlValue[] = []): Promise<{ affectedRows: number }> {
    return this.withSession((session) => session.execute(sql, params))
  }

  /** Runs `work` on one connection taken from the pool, prepared with the session settings. */
  async withSession<T>(work: (session: Session) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner()
    try {
      await runner.connect()
      const session = sessionOf(runner)
      await this.prepareOnce(runner, session)
      return await work(session)
    } finally {
      await runner.release()
    }
  }

  /** A connection held until `release()`: for state that lives as long as the connection (GET_LOCK). */
  async openSession(): Promise<Session & { release(): Promise<void> }> {
    const runner = this.dataSource.createQueryRunner()
    await runner.connect()
    const session = sessionOf(runner)
    try {
      await this.prepareOnce(runner, session)
    } catch (error) {
      await runner.release()
      throw error
    }
    return { ...session, release: () => runner.release() }
  }

  /** A transaction on one connection: committed when `work` resolves, rolled back when it throws. */
  async transaction<T>(work: (session: Session) => Promise<T>): Promise<T> {
    return this.withSession(async (session) => {
      await session.execute('START TRANSACTION')
      try {
        const result = await work(session)
        await session.execute('COMMIT')
        return result
      } catch (error) {
        await session.execute('ROLLBACK').catch(() => undefined)
        throw error
      }
    })
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy()
  }

  /** Isolation level and init statements, once per physical connection (the pool may open new ones at any time). */
  private async prepareOnce(runner: QueryRunner, session: Session): Promise<void> {
    const connection = (runner as unknown as { databaseConnection?: object }).databaseConnection
    if (connection && this.prepared.has(connection)) return
    await session.execute('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED')
    for (const statement of this.initStatements) await session.execute(statement)
    if (connection) this.prepared.add(connection)
  }
}

function sessionOf(runner: QueryRunner): Session {
  return {
    async query<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
      const rows: unknown = await runner.query(sql, [...params])
      return Array.isArray(rows) ? (rows as T[]) : []
    },
    async execute(sql: string, params: readonly SqlValue[] = []): Promise<{ affectedRows: number }> {
      const result: unknown = await runner.query(sql, [...params])
      const affectedRows =
        typeof result === 'object' && result !== null && 'affectedRows' in result ? Number(result.affectedRows) : 0
      return { affectedRows }
    },
    async loadLocalData(sql: string, data: Buffer): Promise<{ affectedRows: number; warnings: number }> {
      // TypeORM has no way to hand mysql2 the file's stream: use the runner's own connection.
      const connection = (runner as unknown as { databaseConnection?: LocalDataConnection }).databaseConnection
      if (!connection)
        throw new Error('LOAD DATA LOCAL needs the driver connection, which this session does not expose')
      return new Promise((resolve, reject) => {
        connection.query({ sql, infileStreamFactory: () => Readable.from([data]) }, (error, result) => {
          if (error) reject(error)
          else
            resolve({ affectedRows: Number(result?.affectedRows ?? 0), warnings: Number(result?.warningStatus ?? 0) })
        })
      })
    },
  }
}

/** The part of a mysql2 connection LOAD DATA LOCAL needs. */
interface LocalDataConnection {
  query(
    options: { sql: string; infileStreamFactory: () => Readable },
    callback: (error: Error | null, result?: { affectedRows?: number; warningStatus?: number }) => void,
  ): void
}
