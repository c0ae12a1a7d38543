import { MysqlErrno, mysqlErrorInfo } from './mysql-error.js'
import type { DatabaseClient, Session } from './database-client.js'

export interface DdlOptions {
  /** Seconds a DDL statement may wait for a metadata lock before it gives up and retries. */
  readonly lockWaitSeconds?: number
  readonly attempts?: number
  readonly onRetry?: (attempt: number, statement: string) => void
}

/**
 * DDL on a live store: each statement waits at most a couple of seconds for its metadata lock,
 * then backs off and retries. A long wait would queue every storefront query behind it.
 * Triggers are created with an empty sql_mode so a trigger never rejects a storefront write
 * the table itself would have accepted.
 */
export async function runDdl(
  client: DatabaseClient,
  statements: readonly string[],
  options: DdlOptions = {},
): Promise<void> {
  const lockWaitSeconds = options.lockWaitSeconds ?? 2
  const attempts = options.attempts ?? 15
  await client.withSession(async (session) => {
    await session.execute(`SET SESSION lock_wait_timeout = ${Math.max(1, Math.floor(lockWaitSeconds))}`)
    await session.execute(`SET SESSION sql_mode = ''`)
    for (const statement of statements) await executeWithRetry(session, statement, attempts, options.onRetry)
  })
}

async function executeWithRetry(
  session: Session,
  statement: string,
  attempts: number,
  onRetry?: (attempt: number, statement: string) => void,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await session.execute(statement)
      return
    } catch (error) {
      const { errno } = mysqlErrorInfo(error)
      const waitedForLock = errno === MysqlErrno.lockWaitTimeout || errno === MysqlErrno.deadlock
      if (!waitedForLock || attempt >= attempts) throw error
      onRetry?.(attempt, statement)
      await sleep(Math.min(200 * 2 ** (attempt - 1), 5_000))
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
