import { setTimeout as delay } from 'node:timers/promises'
import { isTransientError, mysqlErrorInfo } from './mysql-error.js'

export interface TransientRetry {
  /** Tries in all, the first included. */
  readonly attempts: number
  /** Seconds to wait after the given failed attempt (1, 2, …). */
  readonly pauseSeconds: (attempt: number) => number
  /** Says what failed (the server's message) and when the next try comes. */
  readonly warn: (message: string, seconds: number) => void
  /** Stops retrying (the error is thrown) once aborted; cuts a pause short. */
  readonly signal?: AbortSignal
}

/**
 * Runs `work`, trying again after a lost connection, a deadlock or a lock wait timeout (work that
 * can safely be redone: it resumes from committed state or only reads). Other errors, the last
 * attempt's error and errors after an abort are thrown.
 */
export async function retryTransient<T>(work: () => Promise<T>, retry: TransientRetry): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      if (!isTransientError(error) || attempt >= retry.attempts || retry.signal?.aborted) throw error
      const info = mysqlErrorInfo(error)
      const seconds = retry.pauseSeconds(attempt)
      retry.warn(info.sqlMessage ?? info.message, seconds)
      await delay(seconds * 1000, undefined, retry.signal ? { signal: retry.signal } : {}).catch(() => undefined)
    }
  }
}
