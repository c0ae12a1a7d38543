import type { Pool, PoolConnection } from 'mysql2/promise'
import { Rng } from './prng.js'
import type { Conn, Db } from './types.js'

/** Magento 1 connects with SET SQL_MODE=''; the writer also pins the time zone so dates are exact. */
export const SESSION_SETUP = "SET SESSION sql_mode = '', time_zone = '+00:00'"

/** MariaDB errors a storefront answers by running the whole transaction again. */
export const RETRYABLE_ERRNOS: ReadonlySet<number> = new Set([1213 /* deadlock */, 1205 /* lock wait timeout */])

export function isRetryable(err: unknown): boolean {
  const errno = (err as { errno?: unknown } | null)?.errno
  return typeof errno === 'number' && RETRYABLE_ERRNOS.has(errno)
}

const isPool = (db: Db): db is Pool => typeof (db as Partial<Pool>).getConnection === 'function'

export interface TxStats {
  transactions: number
  retries: number
}

export class TransactionRunner {
  readonly stats: TxStats = { transactions: 0, retries: 0 }
  private sessionReady = false

  constructor(
    private readonly db: Db,
    private readonly maxAttempts = 8,
  ) {}

  /** Run `fn` in one transaction; on deadlock / lock wait timeout roll back and run it again
   *  with a fresh Rng of the same seed (so a retried attempt makes the same choices). */
  async run<T>(seed: number, fn: (conn: Conn, rng: Rng) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const conn = await this.acquire()
      try {
        await conn.query('START TRANSACTION')
        const result = await fn(conn, new Rng(seed))
        await conn.query('COMMIT')
        this.stats.transactions++
        return result
      } catch (err) {
        await conn.query('ROLLBACK').catch(() => undefined)
        if (!isRetryable(err) || attempt >= this.maxAttempts) throw err
        this.stats.retries++
        // Back off a little (jitter is not part of the seeded data, only of timing).
        await new Promise((r) => setTimeout(r, 2 + Math.floor(Math.random() * 10 * attempt)))
      } finally {
        this.release(conn)
      }
    }
  }

  /** A connection for reads outside a transaction. */
  async withConn<T>(fn: (conn: Conn) => Promise<T>): Promise<T> {
    const conn = await this.acquire()
    try {
      return await fn(conn)
    } finally {
      this.release(conn)
    }
  }

  private async acquire(): Promise<Conn> {
    if (isPool(this.db)) {
      const c = await this.db.getConnection()
      await c.query(SESSION_SETUP)
      return c
    }
    if (!this.sessionReady) {
      await this.db.query(SESSION_SETUP)
      this.sessionReady = true
    }
    return this.db
  }

  private release(conn: Conn): void {
    if (isPool(this.db)) (conn as PoolConnection).release()
  }
}
