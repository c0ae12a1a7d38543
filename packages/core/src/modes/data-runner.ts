import { countRows } from '../db/count-rows.js'
import { isTransientError, mysqlErrorInfo } from '../db/mysql-error.js'
import { retryTransient } from '../db/transient-retry.js'
import { AUTO_MAX_LINES, autoBatchSize, fixedBatchSize, type BatchSize } from '../delta/batch-size.js'
import { DirtyTally } from '../delta/dirty-tally.js'
import { DirtyValueStore, type DirtyValueCount } from '../delta/dirty-value-store.js'
import { FailureStore } from '../delta/failure-store.js'
import { describeDirtyCount, describeSetAsideGroup, groupSetAside } from './grouped-report.js'
import { RunLock, runLockName } from '../delta/run-lock.js'
import { prepareWriteSession } from '../delta/write-session.js'
import { installCapture } from '../deltalog/deltalog-installer.js'
import { deltalogTableName } from '../deltalog/deltalog-naming.js'
import { planCopy, tablesToEmpty, volumeTargets, type CopyItem, type CopyPlan } from '../data/copy-plan.js'
import { BulkFillIndexes } from '../data/bulk-fill-indexes.js'
import { DATA_RUN_COMPLETE, DataProgressStore, EAV_ALIGNED } from '../data/data-progress-store.js'
import { emptyDestinationTable, emptyEntryName } from '../data/destination-emptier.js'
import { runConcurrently } from '../data/copy-scheduler.js'
import { copyEntryName, copyTable, lineCopyOf } from '../data/table-copier.js'
import { checkVolume, type VolumeResult } from '../data/volume-check.js'
import { MigError } from '../errors/mig-error.js'
import type { MigrationConfig } from '../interfaces/config.js'
import type { Logger } from '../log/logger.js'
import { alignEav } from '../magento/eav/index.js'
import { stepsNeedingEav } from './eav-readiness.js'
import { alignStores } from '../magento/stores/index.js'
import type { IntegrityProblem } from '../map/integrity-check.js'
import type { PluginManifest } from '../plugins/plugin-manifest.js'
import { formatCount } from '../progress/progress-format.js'
import type { ProgressReporter } from '../progress/progress-reporter.js'
import { firstWhatPostStepsNeed, postStepJobs, type ScheduledJob } from '../data/post-steps.js'
import type { SetAside } from './delta-cycle.js'
import { reportIntegrity } from './integrity-report.js'
import { withStartupRetries } from './startup-retries.js'
import { openRunContext, planCascades, writeOrderSchema, type RunContext } from './run-context.js'
import type { CascadeRules } from '../cascade/cascade-rules.js'

export interface DataRunOptions {
  readonly reset: boolean
  readonly auto: boolean
  /** Aborted on SIGINT/SIGTERM: the chunk in flight commits, then the run stops (rerun continues). */
  readonly signal: AbortSignal
  readonly log: Logger
  readonly progress: ProgressReporter
}

export interface DataRunReport {
  readonly copied: readonly { readonly table: string; readonly rows: number }[]
  readonly setAside: readonly SetAside[]
  /** Values repaired or lost (written empty, the original kept in Magento 2), per table and column. */
  readonly dirty: readonly DirtyValueCount[]
  readonly volume: readonly VolumeResult[]
  readonly seconds: number
}

const TRANSIENT_ATTEMPTS = 5

/**
 * `mig data run`: integrity check → capture installed (so nothing written during the copy is
 * missed) → stores and EAV aligned → Magento 2 tables the migration owns emptied → every tracked
 * table copied in key order → steps' post-copy work (grids, sequences) → volume check. Every piece
 * records its progress in Magento 2; a rerun after a crash or Ctrl-C continues where it stopped.
 */
export async function runData(
  config: MigrationConfig,
  plugins: readonly PluginManifest[],
  options: DataRunOptions,
): Promise<DataRunReport> {
  const started = performance.now()
  const context = await withStartupRetries(() => openRunContext(config, plugins, options.log), options)
  try {
    const lock = new RunLock(context.environment.source, runLockName(config.source.name))
    if (!(await lock.acquire())) {
      throw new MigError(
        `another mig run is already working on ${config.source.name} (lock ${lock.name}); stop it before \`mig data run\``,
      )
    }
    try {
      const report = await runLocked(context, options)
      return { ...report, seconds: (performance.now() - started) / 1000 }
    } finally {
      await lock.release()
    }
  } finally {
    await context.close()
  }
}

async function runLocked(context: RunContext, options: DataRunOptions): Promise<Omit<DataRunReport, 'seconds'>> {
  const { environment } = context
  const { config, source, destination } = environment
  const { log } = options
  const problems: IntegrityProblem[] = []
  for (const step of context.steps) problems.push(...(await step.prepare(environment)))
  reportIntegrity(problems, options.auto, log)

  const capture = await installCapture(source, environment.tracked, {
    sourcePrefix: config.options.sourcePrefix,
    onRetry: (attempt) => log.warn(`waiting for a metadata lock held by the store (attempt ${attempt}); retrying`),
  })
  for (const line of capture.skipped) log.warn(line)
  log.info(
    `capture installed on ${capture.installed.length} tables before copying: changes made during the copy reach Magento 2 with \`mig delta run\``,
  )

  const progress = await withStartupRetries(
    () => DataProgressStore.open(destination, config.options.destPrefix),
    options,
  )
  const failures = await withStartupRetries(() => FailureStore.open(source, config.options.sourcePrefix), options)
  const dirty = await withStartupRetries(() => DirtyValueStore.open(destination, config.options.destPrefix), options)
  const indexes = await BulkFillIndexes.open(
    destination,
    config.options.destPrefix,
    environment.destinationSchema,
    config.options.deferIndexes,
    log,
  )
  // Indexes an interrupted run left to build come back before anything else (and before --reset).
  await indexes.restoreAll()
  if (options.reset) {
    await progress.clear()
    await failures.clearAll()
    log.info('reset: starting the data run over')
  }
  const resuming = !options.reset && progress.resuming
  const stopped = (): boolean => options.signal.aborted

  // Building blocks every domain's rows refer to: store ids, then EAV ids (attributes, sets, options).
  const prefixes = { sourcePrefix: config.options.sourcePrefix, destPrefix: config.options.destPrefix }
  await runOnce(progress, 'foundation:stores', () => alignStores({ ...environment, ...prefixes }).then(() => undefined))
  // Only steps that carry EAV ids and apply a table Magento 1 has need them aligned (a store of a vendor's tables does not).
  if (stepsNeedingEav(context).length > 0) {
    await runOnce(progress, EAV_ALIGNED, () => alignEav({ ...environment, ...prefixes }).then(() => undefined))
  }

  // Which tables the run copies decides the cascades between them, which decide the copy order.
  const unordered = planCopy(context)
  const cascades = planCascades(context, [...unordered.items.map((item) => item.table), ...unordered.derived], log)
  const orderSchema = writeOrderSchema(context, cascades)
  const plan = planCopy(context, orderSchema)
  if (resuming) {
    const complete = plan.items.every((item) => progress.isDone(copyEntryName(item.table)))
    log.info(
      complete
        ? 'the data run is already complete: nothing to copy (use --reset to copy everything again)'
        : 'resuming the earlier data run where it stopped (use --reset to start over)',
    )
  }

  for (const table of tablesToEmpty(plan)) {
    const name = emptyEntryName(table)
    if (progress.isDone(name)) continue
    const result = await fromLastChunk(() => emptyDestinationTable(destination, table, stopped), options).catch(
      (error: unknown) => {
        if (isTransientError(error)) throw error
        const info = mysqlErrorInfo(error)
        throw new MigError(
          `cannot empty ${table} in Magento 2 before copying into it: ${info.sqlMessage ?? info.message}; a table outside the migration refers to its rows — empty that one first, or fix the rows it refers to`,
          { cause: error },
        )
      },
    )
    if (!result.finished) throw interrupted()
    if (result.removed > 0) log.info(`emptied ${table}: ${formatCount(result.removed)} rows removed before the copy`)
    await progress.markDone(name, result.removed)
  }

  // Unprefixed names, as steps and the plan know tables (the installer reports physical ones).
  const captured = new Set(capture.installed.map((item) => item.table.slice(config.options.sourcePrefix.length)))
  const copied: { table: string; rows: number }[] = []
  const setAside: SetAside[] = []
  const notes = new DirtyTally()
  let failure: { error: unknown } | undefined
  // A Magento 2 table filled from one Magento 1 table only builds its indexes after that copy.
  const fillsAlone = (item: CopyItem): boolean =>
    !item.keepsDestinationRows &&
    plan.items.filter((other) => other.destinationTable === item.destinationTable).length === 1
  const copyAndReport = async (item: CopyItem): Promise<void> => {
    const total = await fromLastChunk(async () => {
      const rows = await countRows(source, item.sourcePhysical)
      if (fillsAlone(item)) await indexes.beforeFill(item.destinationTable, rows)
      return rows
    }, options)
    const deltalog = captured.has(item.table) ? deltalogTableName(config.options.sourcePrefix, item.table) : undefined
    // Each copy sizes its own pages: tables differ in width.
    const lines = lineCopyOf(item.step, item.table) !== undefined
    const batchSize: BatchSize =
      config.options.bulkSize > 0
        ? fixedBatchSize(config.options.bulkSize)
        : autoBatchSize(lines ? AUTO_MAX_LINES : undefined)
    const shouldStop = (): boolean => stopped() || failure !== undefined
    const result = await fromLastChunk(
      () =>
        copyOne(context, item, deltalog, {
          progress,
          failures,
          cascades,
          dirty,
          batchSize,
          options,
          shouldStop,
          total,
        }),
      options,
    )
    if (result.handedToDelta > 0)
      log.info(
        `${item.table}: ${formatCount(result.handedToDelta)} rows wait for another row (a parent copied after them on a live store, or a unique value such as an e-mail another row still holds); handed to \`mig delta run\`, which applies them or sets them aside with the reason`,
      )
    copied.push({ table: item.table, rows: result.rows })
    const { phases } = result
    log.debug(
      `${item.table}: read ${phases.read.toFixed(1)}s, load ${phases.load.toFixed(1)}s, write ${phases.write.toFixed(1)}s`,
      {
        event: 'copy-phases',
        table: item.table,
        readSeconds: Number(phases.read.toFixed(3)),
        loadSeconds: Number(phases.load.toFixed(3)),
        writeSeconds: Number(phases.write.toFixed(3)),
      },
    )
    setAside.push(...result.setAside)
    notes.merge(result.notes)
    for (const group of groupSetAside(result.setAside))
      log.warn(describeSetAsideGroup(group), {
        event: 'set-aside',
        table: group.table,
        rows: group.count,
        keys: group.keys.join('; '),
      })
    for (const count of result.notes.list())
      log.warn(describeDirtyCount(count), {
        event: count.kind === 'repaired' ? 'values-repaired' : 'values-lost',
        table: count.table,
        column: count.column,
        values: count.count,
        keys: count.keys.join('; '),
      })
    if (!result.finished) throw interrupted()
    if (result.setAside.length > 0 && !options.auto) {
      const first = result.setAside[0]
      throw new MigError(
        `${first?.table} ${first?.key} cannot be copied: ${first?.reason}; ${result.setAside.length} rows are set aside (see \`mig delta status\`). Fix the data and run again, or use --auto to go on past such rows`,
      )
    }
  }
  // Copies and the steps' post-copy work (grids, sequences) in one schedule: a post-step starts
  // once the tables it reads are copied, alongside the copies still running.
  const postSteps = postStepJobs(plan)
  const copies = plan.items.filter((item) => !progress.isDone(copyEntryName(item.table)))
  // Each copy's indexes are built right after it, beside the copies of its children.
  const indexJobOf = (item: CopyItem): ScheduledJob[] =>
    fillsAlone(item)
      ? [{ table: `indexes:${item.destinationTable}`, indexesOf: item.destinationTable, needs: [item.table] }]
      : []
  const indexJobsOf = (tables: readonly string[]): string[] =>
    plan.items.filter((item) => tables.includes(item.table)).flatMap((item) => indexJobOf(item).map((job) => job.table))
  const jobs: ScheduledJob[] = [
    ...firstWhatPostStepsNeed(copies, postSteps).flatMap((item): ScheduledJob[] => [
      { table: item.table, copy: item },
      ...indexJobOf(item),
    ]),
    // A post-step waits for the indexes of what it reads too: its long transaction would hold up their build.
    ...postSteps
      .filter((job) => !progress.isDone(job.table))
      .map((job) => ({ ...job, needs: [...(job.needs ?? []), ...indexJobsOf(job.needs ?? [])] })),
  ]
  try {
    await runConcurrently(
      jobs,
      (job) => (job.copy ? parentTables(job.copy, plan, orderSchema) : (job.needs ?? [])),
      COPY_CONCURRENCY,
      (job) =>
        job.copy
          ? copyAndReport(job.copy)
          : job.indexesOf !== undefined
            ? fromLastChunk(() => indexes.afterFill(job.indexesOf as string), options)
            : runPostStep(context, job, progress, options, indexes),
      (error) => {
        failure ??= { error }
      },
      // An index build is one statement the server runs on its own: it does not hold a copy back.
      (job) => job.indexesOf === undefined,
    )
  } finally {
    // Stopped or failed: what was dropped is built now, so Magento 2 is left with every index it had.
    if (failure || stopped())
      await indexes
        .restoreAll()
        .catch((error: unknown) => log.warn(`indexes not built yet (the next run builds them first): ${String(error)}`))
  }
  if (failure) throw failure.error
  await indexes.restoreAll()

  const volume = await checkVolume(
    source,
    destination,
    volumeTargets(plan, config.options.sourcePrefix, captured),
    await failures.list(),
  )
  reportVolume(volume, log)
  // What `delta status` reads as "complete".
  await progress.markDone(
    DATA_RUN_COMPLETE,
    copied.reduce((sum, item) => sum + item.rows, 0),
  )
  return { copied, setAside, volume, dirty: notes.list() }
}

async function copyOne(
  context: RunContext,
  item: CopyItem,
  deltalog: string | undefined,
  shared: {
    progress: DataProgressStore
    failures: FailureStore
    cascades: CascadeRules
    dirty: DirtyValueStore
    batchSize: BatchSize
    options: DataRunOptions
    shouldStop: () => boolean
    total: number
  },
): Promise<Awaited<ReturnType<typeof copyTable>>> {
  const { source, destination } = context.environment
  return copyTable({
    source,
    destination,
    table: item.table,
    sourcePhysical: item.sourcePhysical,
    keyColumns: item.keyColumns,
    step: item.step,
    cascades: shared.cascades,
    dirty: shared.dirty,
    batchSize: shared.batchSize,
    progress: shared.progress,
    failures: shared.failures,
    reporter: shared.options.progress,
    total: shared.total,
    deltalog,
    afterEachChunk: item.step.afterData === undefined,
    shouldStop: shared.shouldStop,
  })
}

/** Tables copied at once: a copy waits on the server about half the time, and two keep both cores busy. */
const COPY_CONCURRENCY = 2

/** The plan's tables whose Magento 2 table this table's foreign keys point at (copied before it). */
function parentTables(
  item: CopyItem,
  plan: CopyPlan,
  schema: RunContext['environment']['destinationSchema'],
): string[] {
  const parents = new Set((schema.get(item.destinationTable)?.foreignKeys ?? []).map((key) => key.referencedTable))
  return plan.items
    .filter(
      (other) =>
        other !== item && other.destinationTable !== item.destinationTable && parents.has(other.destinationTable),
    )
    .map((other) => other.table)
}

/**
 * A step's post-copy work (grids, sequences), once, in its own destination transaction; the large
 * tables it fills wholesale build their indexes afterwards.
 */
async function runPostStep(
  context: RunContext,
  job: ScheduledJob,
  progress: DataProgressStore,
  options: DataRunOptions,
  indexes: BulkFillIndexes,
): Promise<void> {
  const step = job.step
  const finish = step?.afterData?.bind(step)
  if (!finish) return
  const prefix = context.environment.config.options.destPrefix
  const fills = (step?.afterDataFills?.() ?? []).map((fill) => ({
    table: `${prefix}${fill.table}`,
    rows: progress.get(copyEntryName(fill.rowsOf))?.rows ?? 0,
  }))
  await runOnce(progress, job.table, async () => {
    for (const fill of fills) await indexes.beforeFill(fill.table, fill.rows)
    await context.environment.destination.transaction(async (session) => {
      await prepareWriteSession(session)
      await finish(session, options.progress)
    })
    for (const fill of fills) await fromLastChunk(() => indexes.afterFill(fill.table), options)
  })
}

async function runOnce(progress: DataProgressStore, name: string, work: () => Promise<void>): Promise<void> {
  if (progress.isDone(name)) return
  await work()
  await progress.markDone(name, 0)
}

/** A lost connection or deadlock mid-copy is retried from the last committed chunk. */
function fromLastChunk<T>(work: () => Promise<T>, options: DataRunOptions): Promise<T> {
  return retryTransient(work, {
    attempts: TRANSIENT_ATTEMPTS,
    pauseSeconds: (attempt) => attempt * 2,
    warn: (message, seconds) => options.log.warn(`${message}; continuing from the last committed chunk in ${seconds}s`),
    signal: options.signal,
  })
}

function interrupted(): MigError {
  return new MigError(
    'data run stopped before the copy finished; run `mig data run` again to continue where it stopped',
  )
}

function reportVolume(volume: readonly VolumeResult[], log: Logger): void {
  const unexplained = volume.filter((result) => result.unexplained)
  for (const result of volume) {
    if (result.sourceRows === result.destinationRows) continue
    const line =
      `volume ${result.destinationTable}: Magento 1 ${formatCount(result.sourceRows)} rows (${result.sourceTables.join(' + ')}), Magento 2 ${formatCount(result.destinationRows)}` +
      ` — ${formatCount(result.pending)} changes pending, ${formatCount(result.setAside)} set aside`
    if (result.unexplained) log.error(line, { event: 'volume', table: result.destinationTable })
    else log.info(`${line} (delta reconciles the pending ones)`, { event: 'volume', table: result.destinationTable })
  }
  if (unexplained.length > 0) {
    throw new MigError(
      `volume check failed: ${unexplained.length} Magento 2 tables differ from Magento 1 by more than the pending changes; run \`mig data run --reset\``,
      {
        details: unexplained.map(
          (result) =>
            `${result.destinationTable}: ${result.sourceRows} in Magento 1, ${result.destinationRows} in Magento 2`,
        ),
      },
    )
  }
  log.info(
    `volume check: ${volume.length} Magento 2 tables match Magento 1${volume.some((result) => result.sourceRows !== result.destinationRows) ? ' once the pending changes are applied' : ''}`,
  )
}
