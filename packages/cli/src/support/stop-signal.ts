import type { Logger } from '@mig/core/engine'

/**
 * Ctrl-C (SIGINT) and SIGTERM abort the returned signal once: the work in flight finishes and the
 * run ends cleanly. `dispose` removes the handlers.
 */
export function stopOnSignals(log: Logger, what: string): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController()
  const stop = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) return
    log.info(`${signal} received: finishing ${what}, then stopping`)
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
