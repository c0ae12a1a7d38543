import { retryTransient } from '../db/transient-retry.js'
import type { Logger } from '../log/logger.js'

const STARTUP_ATTEMPTS = 4

/**
 * A lost connection or deadlock while a run starts (schemas, lock, bookkeeping tables) is retried a
 * few times: a network blip should not need the merchant to start the run again.
 */
export function withStartupRetries<T>(
  start: () => Promise<T>,
  options: { readonly log: Logger; readonly signal: AbortSignal },
): Promise<T> {
  return retryTransient(start, {
    attempts: STARTUP_ATTEMPTS,
    pauseSeconds: (attempt) => attempt,
    warn: (message, seconds) => options.log.warn(`starting failed: ${message}; retrying in ${seconds}s`),
    signal: options.signal,
  })
}
