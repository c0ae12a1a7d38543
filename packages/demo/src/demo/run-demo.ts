import { rm } from 'node:fs/promises'
import {
  createProgressReporter,
  formatCount,
  formatDuration,
  logOnlyProgress,
  runData,
  runVerify,
} from '@mig/core/engine'
import { createDemoDatabases, demoDatabaseNames, dropDemoDatabases } from './demo-databases.js'
import { writeDemoConfig, type DemoConfig } from './demo-config.js'
import { demoLogger } from './demo-log.js'
import { keptLines } from './kept-databases.js'
import type { DemoOptions, DemoResult } from './demo-options.js'
import { runDeltaUnderTraffic } from './delta-phase.js'
import { loadSubsets } from './schema-subsets.js'
import { connectServer, describeServer } from './server-connection.js'
import { StatusLine } from './status-line.js'
import { runTraffic, sumTraffic } from './traffic.js'
import { demoVerified, verifySummaryLines } from './verify-summary.js'

const HISTORY_SEED = 1
const LIVE_SEEDS = [2, 3] as const

/**
 * `mig demo`: a throwaway Magento 1 store and Magento 2 target from mig's schema subset, a store
 * history, then the product run the way a merchant runs it — `data run`, `delta run` while the
 * store keeps trading, `verify` — and the databases dropped again (unless keep).
 *
 * The product's runners are called in process (runData, runDelta, runVerify with the same config
 * loader and plugin manifests the commands use) rather than by spawning `mig` three times: the demo
 * can watch delta's cycle figures as they happen, stop it with the same signal Ctrl-C gives a
 * command, and the traffic and the progress share one process, which a newcomer can stop at once.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const screen = new StatusLine(options.stderr)
  const say = (text: string): void => screen.print(`mig demo: ${text}`)
  const out = (text: string): void => {
    options.stdout.write(`${text}\n`)
  }
  const databases = demoDatabaseNames()
  const secrets = [options.server.password]
  const admin = await connectServer(options.server)
  let created = false
  let demo: DemoConfig | undefined
  let result: DemoResult | undefined
  try {
    const [versionRows] = await admin.query('SELECT VERSION() AS version')
    const version = String((versionRows as { version: string }[])[0]?.version ?? '?')
    say(
      `server ${describeServer(options.server)} (${version}): Magento 1 store ${databases.magento1}, Magento 2 target ${databases.magento2}`,
    )
    await createDemoDatabases(admin, databases)
    created = true
    await loadSubsets(options.server, databases)
    if (options.signal.aborted) return (result = interrupted())

    const historyOperations = options.historyOperations ?? 300
    const history = sumTraffic(
      await runTraffic({
        server: options.server,
        database: databases.magento1,
        seeds: [HISTORY_SEED],
        operations: historyOperations,
        signal: options.signal,
      }),
    )
    say(
      `store history: ${history.operations} storefront and admin operations (${history.checkouts} checkouts, ${history.registrations} registrations)`,
    )
    if (options.signal.aborted) return (result = interrupted())

    demo = await writeDemoConfig(options.server, databases)
    const logFile = demo.config.options.logFile
    say(`mig data run ${demo.file}`)
    // The schema subset makes the copy warn about Magento 1 attributes and classes Magento 2 lacks, as a
    // real store's would; a newcomer sees how many, mig.log has every line. Per-table closing lines are
    // left out too: the progress reporter shows the copy as it happens.
    const dataWarnings: string[] = []
    const dataLog = demoLogger({
      screen,
      secrets,
      showInfo: (record) => record.fields?.['event'] !== 'progress-done',
      warnings: dataWarnings,
      ...(logFile ? { file: logFile } : {}),
    })
    const copy = await runData(demo.config, options.plugins, {
      reset: false,
      auto: false,
      signal: options.signal,
      log: dataLog,
      progress: createProgressReporter({ stream: options.stderr, log: dataLog }),
    })
    const copied = copy.copied.reduce((sum, item) => sum + item.rows, 0)
    say(
      `data run finished in ${formatDuration(copy.seconds)}: ${copy.copied.length} tables, ${formatCount(copied)} rows copied` +
        (dataWarnings.length > 0
          ? `; ${dataWarnings.length} warnings in ${logFile ?? 'the log'}${options.keep ? '' : ' (--keep keeps it)'}`
          : ''),
    )

    say(
      `mig delta run ${demo.file}, while the store trades for ${options.seconds}s (orders and customers: Magento 1 → Magento 2)`,
    )
    const drainSeconds = options.drainSeconds ?? 60
    const phase = await runDeltaUnderTraffic({
      config: demo.config,
      plugins: options.plugins,
      server: options.server,
      databases,
      seconds: options.seconds,
      opsPerSecond: options.opsPerSecond ?? 20,
      seeds: LIVE_SEEDS,
      drainSeconds,
      signal: options.signal,
      screen,
      // Delta's per-cycle lines are what the live figures summarise; they stay in mig.log.
      logger: (onRecord) =>
        demoLogger({
          screen,
          secrets,
          showInfo: () => false,
          extraSinks: [onRecord],
          ...(logFile ? { file: logFile } : {}),
        }),
    })
    if (options.signal.aborted) return (result = interrupted())
    if (!phase.drained)
      say(`delta had not applied everything ${drainSeconds}s after the traffic stopped; verify will show what is left`)

    say(`mig verify ${demo.file}`)
    const verifyLog = demoLogger({ screen, secrets, showInfo: () => false, ...(logFile ? { file: logFile } : {}) })
    const report = await runVerify(demo.config, options.plugins, {
      log: verifyLog,
      progress: logOnlyProgress(verifyLog),
    })
    const live = sumTraffic(phase.traffic)
    out(
      `demo: ${formatCount(live.operations)} storefront and admin operations in ${formatDuration(options.seconds)} (${live.checkouts} checkouts, ` +
        `${live.registrations} registrations); delta applied ${formatCount(phase.applied)} changes, lag at most ${phase.maxLagSeconds.toFixed(1)}s`,
    )
    for (const line of verifySummaryLines(report)) out(line)
    const verified = demoVerified(report)
    const kept = options.keep || !verified
    return (result = {
      outcome: verified ? 'clean' : 'differences',
      databases,
      kept,
      verify: report,
      ...(kept ? { configFile: demo.file } : {}),
    })
  } catch (error) {
    // Stopping mid-copy makes runData say "interrupted, run it again": the demo has nothing to resume.
    if (options.signal.aborted) return (result = interrupted())
    throw error
  } finally {
    screen.end()
    if (result?.outcome === 'interrupted') say('stopped before verification')
    if (created) await cleanUp()
    await admin.end().catch(() => undefined)
  }

  function interrupted(): DemoResult {
    return {
      outcome: 'interrupted',
      databases,
      kept: options.keep,
      ...(options.keep && demo ? { configFile: demo.file } : {}),
    }
  }

  async function cleanUp(): Promise<void> {
    // A failed verification keeps what it found, --keep or not: dropping it would drop the evidence.
    const failed = result?.outcome === 'differences' ? result.verify : undefined
    if (options.keep || failed) {
      for (const line of keptLines(databases, demo?.file, {
        password: options.server.password !== '',
        ...(failed ? { failed } : {}),
      }))
        out(line)
      return
    }
    for (const problem of await dropDemoDatabases(admin, databases)) say(`warning: ${problem}`)
    if (demo) await rm(demo.dir, { recursive: true, force: true })
    say(`dropped ${databases.magento1} and ${databases.magento2}`)
  }
}
