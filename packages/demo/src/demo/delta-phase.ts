import { setTimeout as sleep } from 'node:timers/promises'
import { runDelta, type LogRecord, type Logger, type MigrationConfig, type PluginManifest } from '@mig/core/engine'
import type { WriterStats } from '../storefront/run-writer.js'
import type { DemoDatabases } from './demo-databases.js'
import { formatFigures } from './progress-figures.js'
import type { DemoServer } from './server-connection.js'
import type { StatusLine } from './status-line.js'
import { StoreProbe, type StoreFigures } from './store-probe.js'
import { runTraffic } from './traffic.js'

export interface DeltaPhaseOptions {
  readonly config: MigrationConfig
  readonly plugins: readonly PluginManifest[]
  readonly server: DemoServer
  readonly databases: DemoDatabases
  readonly seconds: number
  readonly opsPerSecond: number
  /** Seeds of the live writers (one connection each). */
  readonly seeds: readonly number[]
  /** How long delta may take to apply what is left once the traffic stops. */
  readonly drainSeconds: number
  readonly signal: AbortSignal
  readonly screen: StatusLine
  /** Builds the logger for delta; `onRecord` sees every record (the cycle figures come through it). */
  readonly logger: (onRecord: (record: LogRecord) => void) => Logger
}

export interface DeltaPhaseResult {
  readonly traffic: readonly WriterStats[]
  /** Delta applied everything captured before the traffic stopped. */
  readonly drained: boolean
  readonly applied: number
  readonly maxLagSeconds: number
  readonly last: StoreFigures | undefined
}

const TICK_MS = 1_000

/**
 * `mig delta run` (in process, one cycle a second) while seeded shoppers and the back office keep
 * writing to Magento 1 for `seconds`; then the traffic stops and delta runs until it reports an
 * empty backlog. A delta failure (a row set aside, an integrity problem) stops the traffic and is
 * rethrown with the product's own message and exit code.
 */
export async function runDeltaUnderTraffic(options: DeltaPhaseOptions): Promise<DeltaPhaseResult> {
  const trafficStop = new AbortController()
  const deltaStop = new AbortController()
  const stopAll = (): void => {
    trafficStop.abort()
    deltaStop.abort()
  }
  options.signal.addEventListener('abort', stopAll, { once: true })

  let applied = 0
  let trafficEnded = false
  let cyclesSinceTrafficEnded = 0
  let caughtUp = false
  let setAside = 0
  const onRecord = (record: LogRecord): void => {
    if (record.fields?.['event'] !== 'cycle') return
    applied += Number(record.fields['applied'] ?? 0)
    setAside += Number(record.fields['setAside'] ?? 0)
    if (!trafficEnded) return
    // The first cycle reported after the traffic ended may have read its backlog just before the
    // last write committed; the second one certainly read it afterwards.
    cyclesSinceTrafficEnded++
    // A set-aside change stays in its deltalog until the row changes again.
    if (cyclesSinceTrafficEnded >= 2 && Number(record.fields['backlog']) <= setAside) caughtUp = true
  }

  const probe = await StoreProbe.open(options.server, options.databases)
  let deltaDone = false
  let deltaError: unknown
  const delta = runDelta(options.config, options.plugins, {
    reset: false,
    // The simulated storefront, like Magento 1's, can leave data Magento 2 refuses (two review summaries of
    // one product after two requests at once): set aside and shown by verify, as on a real store.
    auto: true,
    once: false,
    intervalSeconds: 1,
    signal: deltaStop.signal,
    log: options.logger(onRecord),
  }).then(
    () => {
      deltaDone = true
    },
    (error: unknown) => {
      deltaError = error
      deltaDone = true
      trafficStop.abort()
    },
  )
  const trafficTimer = setTimeout(() => trafficStop.abort(), options.seconds * 1000)
  let traffic: WriterStats[] = []
  let trafficError: unknown
  const trafficDone = runTraffic({
    server: options.server,
    database: options.databases.magento1,
    seeds: options.seeds,
    operations: Number.MAX_SAFE_INTEGER,
    opsPerSecond: options.opsPerSecond,
    signal: trafficStop.signal,
  }).then(
    (stats) => {
      traffic = stats
      trafficEnded = true
    },
    (error: unknown) => {
      trafficError = error
      trafficEnded = true
    },
  )

  const started = Date.now()
  let drainDeadline = Number.POSITIVE_INFINITY
  let maxLagSeconds = 0
  let last: StoreFigures | undefined
  try {
    for (;;) {
      await sleep(TICK_MS)
      last = await probe.read()
      maxLagSeconds = Math.max(maxLagSeconds, last.lagSeconds ?? 0)
      if (trafficEnded && drainDeadline === Number.POSITIVE_INFINITY)
        drainDeadline = Date.now() + options.drainSeconds * 1000
      if (deltaDone || options.signal.aborted || trafficError !== undefined) break
      if (trafficEnded && (caughtUp || Date.now() > drainDeadline)) break
      options.screen.show(
        formatFigures((Date.now() - started) / 1000, last, applied, trafficEnded ? 'draining' : 'trading'),
      )
    }
  } finally {
    clearTimeout(trafficTimer)
    stopAll()
    options.signal.removeEventListener('abort', stopAll)
    await Promise.all([delta, trafficDone])
    last = await probe.read().catch(() => last)
    await probe.close()
  }
  if (last)
    options.screen.show(
      formatFigures((Date.now() - started) / 1000, last, applied, caughtUp ? 'caught up' : 'stopped'),
      true,
    )
  options.screen.end()
  if (deltaError !== undefined) throw deltaError
  if (trafficError !== undefined) throw trafficError
  return { traffic, drained: caughtUp, applied, maxLagSeconds, last }
}
