import { setTimeout as delay } from 'node:timers/promises'
import { isTransientError, mysqlErrorInfo } from '../db/mysql-error.js'
import { readBacklog, type Backlog } from '../delta/backlog.js'
import { autoBatchSize, fixedBatchSize } from '../delta/batch-size.js'
import { DirtyValueStore, pruneDirtyValues, type DestinationKeyOf } from '../delta/dirty-value-store.js'
import { descendantsOf } from '../delta/table-order.js'
import { Magento1Orphans } from '../cascade/magento1-orphans.js'
import { FailureStore } from '../delta/failure-store.js'
import { describeDirtyCount, describeSetAsideGroup, groupSetAside } from './grouped-report.js'
import { enqueueFullReconcile } from '../delta/reset-enqueue.js'
import { RunLock, runLockName } from '../delta/run-lock.js'
import { parentsFirst } from '../delta/table-order.js'
import { ExitCode, MigError } from '../errors/mig-error.js'
import type { MigrationConfig } from '../interfaces/config.js'
import type { Logger } from '../log/logger.js'
import type { IntegrityProblem } from '../map/integrity-check.js'
import { reportIntegrity } from './integrity-report.js'
import { withStartupRetries } from './startup-retries.js'
import { healCaptureGaps } from './capture-watch.js'
import type { PluginManifest } from '../plugins/plugin-manifest.js'
import { runCycle, type CycleReport, type CycleTable } from './delta-cycle.js'
import { readEavReadiness, type EavReadiness } from './eav-readiness.js'
import { appliedTables, planSteps, type PlannedTable } from './step-plan.js'
import { DeferredIndexes } from '../data/deferred-indexes.js'
import { openRunContext, planCascades, writeOrderSchema, type RunContext } from './run-context.js'

export interface DeltaRunOptions {
  readonly reset: boolean
  readonly auto: boolean
  readonly once: boolean
  readonly intervalSeconds: number
  /** Aborted on SIGINT/SIGTERM: the batch in flight finishes, then the run ends cleanly. */
  readonly signal: AbortSignal
  readonly log: Logger
}

/** What one cycle did, as printed and logged. */
export interface CycleSummary extends CycleReport {
  readonly cycle: number
  readonly seconds: number
  readonly rate: number
  readonly backlog: Backlog
}

const MAX_BACKOFF_SECONDS = 60
const MIN_CYCLE_SECONDS = 5
const PARENT_WAIT_ROUNDS = 3

/**
 * `mig delta run`: one runner per source database, an integrity check, optionally a reset, then
 * cycles every `intervalSeconds` until the signal. A database error ends a cycle, never the run:
 * it is logged and the next cycle comes after a growing pause.
 */
export async function runDelta(
  config: MigrationConfig,
  plugins: readonly PluginManifest[],
  options: DeltaRunOptions,
): Promise<void> {
  const { log } = options
  const context = await withStartupRetries(() => openRunContext(config, plugins, log), options)
  try {
    const lock = new RunLock(context.environment.source, runLockName(config.source.name))
    if (!(await lock.acquire())) {
      throw new MigError(
        `another mig run (delta or data) is already working on ${config.source.name} (lock ${lock.name}); stop it first`,
      )
    }
    try {
      await runLocked(context, lock, options)
    } finally {
      await lock.release()
    }
  } finally {
    await context.close()
  }
}

async function runLocked(context: RunContext, lock: RunLock, options: DeltaRunOptions): Promise<void> {
  const { environment } = context
  const { config } = environment
  const { log } = options
  const problems: IntegrityProblem[] = []
  for (const step of context.steps) problems.push(...(await step.prepare(environment)))
  reportIntegrity(problems, options.auto, log)

  const eav = await readEavReadiness(context)
  const plan = planSteps(context, eav)
  const tables = cycleTables(context, plan, eav, log)
  const cascades = planCascades(
    context,
    tables.map((table) => table.table),
    log,
  )
  const orderSchema = writeOrderSchema(context, cascades)
  const orphans = new Magento1Orphans(
    environment,
    tables.map((table) => table.table),
  )
  const destinationKeyOf = (table: string): ReturnType<DestinationKeyOf> =>
    context.owners.get(table)?.destinationKeyOf?.(table)
  const failures = await withStartupRetries(
    () => FailureStore.open(environment.source, config.options.sourcePrefix),
    options,
  )
  const dirty = await withStartupRetries(
    () => DirtyValueStore.open(environment.destination, config.options.destPrefix),
    options,
  )
  // Indexes an interrupted data run dropped are built before delta writes anything.
  for (const built of await DeferredIndexes.restoreAllIn(environment.destination)) {
    if (built.names.length > 0)
      log.info(
        `${built.table}: ${built.names.length} indexes an interrupted data run left to build are built (${built.seconds.toFixed(1)}s)`,
      )
  }
  if (options.reset) await reset(context, plan, failures, log)

  const batchSize = config.options.bulkSize > 0 ? fixedBatchSize(config.options.bulkSize) : autoBatchSize()
  const waiting = new Map<string, number>()
  let failuresInRow = 0
  for (let cycle = 1; !options.signal.aborted; cycle++) {
    const started = performance.now()
    try {
      await lock.ensure()
      await healCaptureGaps(context, plan, log)
      const report = await runCycle({
        source: environment.source,
        destination: environment.destination,
        destinationSchema: orderSchema,
        cascades,
        dirty,
        orphans,
        tables,
        batchSize,
        failures,
        parentWaitRounds: PARENT_WAIT_ROUNDS,
        waiting,
        shouldStop: () => options.signal.aborted,
        maxSeconds: Math.max(MIN_CYCLE_SECONDS, options.intervalSeconds * 6),
      })
      if (report.deletedFrom.size > 0)
        await pruneDirtyValues(dirty, {
          destination: environment.destination,
          destinationKeyOf,
          within: descendantsOf(report.deletedFrom, orderSchema),
        })
      const seconds = (performance.now() - started) / 1000
      const backlog = await readBacklog(
        environment.source,
        tables.map((table) => table.deltalog),
      )
      const summary: CycleSummary = {
        ...report,
        cycle,
        seconds,
        rate: seconds > 0 ? report.applied / seconds : 0,
        backlog,
      }
      logCycle(summary, log)
      failuresInRow = 0
      if (report.setAside.length > 0 && !options.auto) {
        const first = report.setAside[0]
        throw new MigError(
          `${first?.table} ${first?.key} cannot be applied: ${first?.reason}; it is set aside (see \`mig delta status\`). Fix the data and touch the row, or run with --auto to go on past such rows`,
        )
      }
    } catch (error) {
      if (error instanceof MigError) throw error
      failuresInRow++
      const info = mysqlErrorInfo(error)
      const pause = Math.min(options.intervalSeconds * 2 ** failuresInRow, MAX_BACKOFF_SECONDS)
      log.error(
        `cycle ${cycle} failed: ${info.sqlMessage ?? info.message}${isTransientError(error) ? '' : ' (will retry)'}; next try in ${pause}s`,
        {
          event: 'cycle-failed',
          errno: info.errno ?? null,
        },
      )
      if (options.once) throw new MigError(`delta cycle failed: ${info.sqlMessage ?? info.message}`, { cause: error })
      await pauseFor(pause, options.signal)
      continue
    }
    if (options.once) break
    await pauseFor(options.intervalSeconds, options.signal)
  }
  log.info('delta run stopped', { event: 'stopped' })
}

function cycleTables(context: RunContext, plan: readonly PlannedTable[], eav: EavReadiness, log: Logger): CycleTable[] {
  const { environment } = context
  for (const table of plan) {
    if (table.held === 'cannot-apply')
      log.warn(
        `${table.table}: ${table.step.title} cannot apply it (see the integrity problems above); its changes stay pending`,
      )
  }
  const applied = appliedTables(plan)
  const tables = applied.flatMap((table) =>
    table.deltalog
      ? [{ table: table.table, deltalog: table.deltalog, keyColumns: table.keyColumns, step: table.step }]
      : [],
  )
  if (tables.length === 0) {
    throw new MigError(`no deltalog is installed on ${environment.config.source.name}; run \`mig delta setup\` first`, {
      exitCode: ExitCode.usage,
    })
  }
  sortParentsFirst(tables, environment.sourceSchema, environment.config.options.sourcePrefix)
  if (eav.reason) log.warn(eav.reason)
  const missing = applied.filter((table) => !table.deltalog).map((table) => table.table)
  if (missing.length > 0)
    log.warn(
      `deltalog not installed for ${missing.join(', ')}: their changes are not captured; run \`mig delta setup\``,
    )
  return tables
}

/**
 * A round re-reads its pages in this order: a parent before its children (Magento 1's foreign keys).
 * A child read before its parent's delete was then read before that delete's own round too, and is
 * written before it; the parent's delete then takes it.
 */
function sortParentsFirst(
  tables: CycleTable[],
  sourceSchema: RunContext['environment']['sourceSchema'],
  prefix: string,
): void {
  const order = parentsFirst(
    tables.map((table) => `${prefix}${table.table}`),
    sourceSchema,
  )
  tables.sort((a, b) => order.indexOf(`${prefix}${a.table}`) - order.indexOf(`${prefix}${b.table}`))
}

async function reset(
  context: RunContext,
  plan: readonly PlannedTable[],
  failures: FailureStore,
  log: Logger,
): Promise<void> {
  const { environment } = context
  log.info('reset: logging every Magento 1 row as changed and every Magento 2 row Magento 1 no longer has as deleted')
  await failures.clearAll()
  for (const table of appliedTables(plan)) {
    if (!table.deltalog) continue
    const counts = await enqueueFullReconcile({
      source: environment.source,
      destination: environment.destination,
      sourceTable: table.sourcePhysical,
      deltalog: table.deltalog,
      keyColumns: table.keyColumns,
      ...(table.destination ? { destinationKey: table.destination } : {}),
    })
    if (counts.logged + counts.orphans > 0)
      log.info(`reset ${table.table}: ${counts.logged} rows to reconcile, ${counts.orphans} to delete`)
  }
}

function logCycle(summary: CycleSummary, log: Logger): void {
  const lag = summary.backlog.lagSeconds === null ? '0s' : `${summary.backlog.lagSeconds.toFixed(1)}s`
  const repaired = summary.dirty.total('repaired')
  const lost = summary.dirty.total('lost')
  log.info(
    `cycle ${summary.cycle}: ${summary.applied} changes applied in ${summary.seconds.toFixed(1)}s (${Math.round(summary.rate)}/s), ` +
      `backlog ${summary.backlog.pending}, lag ${lag}${summary.deferred > 0 ? `, ${summary.deferred} waiting for a parent row` : ''}` +
      `${summary.setAside.length > 0 ? `, ${summary.setAside.length} set aside` : ''}` +
      `${summary.orphans.length > 0 ? `, ${summary.orphans.length} orphans of Magento 1 left out` : ''}` +
      `${repaired > 0 ? `, ${repaired} values repaired` : ''}${lost > 0 ? `, ${lost} values lost (kept in Magento 2)` : ''}` +
      (summary.applied > 0
        ? ` [read ${summary.phases.read.toFixed(1)}s, load ${summary.phases.load.toFixed(1)}s, write ${summary.phases.write.toFixed(1)}s, ack ${summary.phases.ack.toFixed(1)}s]`
        : ''),
    {
      event: 'cycle',
      cycle: summary.cycle,
      applied: summary.applied,
      seconds: Number(summary.seconds.toFixed(3)),
      rate: Math.round(summary.rate),
      backlog: summary.backlog.pending,
      lagSeconds: summary.backlog.lagSeconds,
      deferred: summary.deferred,
      setAside: summary.setAside.length,
      orphans: summary.orphans.length,
      repaired,
      lost,
      readSeconds: Number(summary.phases.read.toFixed(3)),
      loadSeconds: Number(summary.phases.load.toFixed(3)),
      writeSeconds: Number(summary.phases.write.toFixed(3)),
      ackSeconds: Number(summary.phases.ack.toFixed(3)),
    },
  )
  for (const group of groupSetAside(summary.setAside))
    log.warn(describeSetAsideGroup(group), {
      event: 'set-aside',
      table: group.table,
      rows: group.count,
      keys: group.keys.join('; '),
    })
  for (const group of groupSetAside(summary.orphans))
    log.warn(describeSetAsideGroup(group, 'left out'), {
      event: 'orphans',
      table: group.table,
      rows: group.count,
      keys: group.keys.join('; '),
    })
  for (const count of summary.dirty.list())
    log.warn(describeDirtyCount(count), {
      event: count.kind === 'repaired' ? 'values-repaired' : 'values-lost',
      table: count.table,
      column: count.column,
      values: count.count,
      keys: count.keys.join('; '),
    })
}

async function pauseFor(seconds: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return
  await delay(seconds * 1000, undefined, { signal }).catch(() => undefined)
}
