import type { Logger } from '@mig/core/engine'

/** 128 + SIGINT, as a shell reports a program stopped by Ctrl-C. */
const INTERRUPTED = 130

/**
 * Ctrl-C (SIGINT) and SIGTERM abort the returned signal once: the work in flight finishes and the
 * run ends cleanly. A second one stops the process at once (exit 130), for a merchant who cannot
 * wait for an index build or a retry: nothing is half-applied (the server rolls back the open
 * transaction), and the next run resumes where this one stopped. `dispose` removes the handlers.
 */
export function stopOnSignals(log: Logger, what: string): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController()
  const stop = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      log.warn(
        `${signal} again: stopping now; the open transaction is rolled back and the next run resumes where this one stopped`,
        { event: 'stopped-now' },
      )
      process.exit(INTERRUPTED)
    }
    log.info(`${signal} received: finishing ${what}, then stopping (${signal} again stops at once)`)
    controller.abort()
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
    },
  }
}
