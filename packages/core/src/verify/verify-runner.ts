import { countRows } from '../db/count-rows.js'
import { retryTransient, type TransientRetry } from '../db/transient-retry.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import type { SqlRow } from '../db/sql-value.js'
import { readKeyPage } from '../delta/change-reader.js'
import { readDirtyValueCounts, type DirtyValueCount } from '../delta/dirty-value-store.js'
import { failureTableName, readSetAside } from '../delta/failure-store.js'
import { keyIdentity, keyOf, type KeyValues } from '../delta/row-key.js'
import { UsageError } from '../errors/mig-error.js'
import type { MigrationConfig } from '../interfaces/config.js'
import type { Logger } from '../log/logger.js'
import { readEavReadiness } from '../modes/eav-readiness.js'
import { openRunContext, planCascades } from '../modes/run-context.js'
import type { CascadeRules } from '../cascade/cascade-rules.js'
import type { PluginManifest } from '../plugins/plugin-manifest.js'
import type { ProgressReporter } from '../progress/progress-reporter.js'
import { chunkChecksum } from './chunk-checksum.js'
import { rangeCondition, type KeyRange } from './key-range.js'
import { compareRows, type RowDifference } from './row-comparison.js'
import { compareStepChunk } from './step-comparison.js'
import { planVerify, type StepVerifyTable, type VerifyTable } from './verify-plan.js'

export interface VerifyOptions {
  /** Unprefixed Magento 1 tables to compare; all tracked, mapped tables when omitted. */
  readonly tables?: readonly string[]
  readonly log: Logger
  readonly progress: ProgressReporter
  readonly chunkSize?: number
}

export interface VerifyTableReport {
  readonly table: string
  readonly destinationTable: string
  readonly rows: number
  readonly chunks: number
  /** Chunks whose checksums differed (or whose columns need a handler), compared row by row. */
  readonly chunksCompared: number
  readonly differences: number
  readonly pending: number
  readonly setAside: number
}

export interface VerifyReport {
  readonly tables: readonly VerifyTableReport[]
  /** Rows that differ with no change pending for them. */
  readonly differences: readonly RowDifference[]
  /** Rows that differ but have a captured change not applied yet (a live store): not a problem. */
  readonly pending: readonly RowDifference[]
  /** Rows that differ because delta set their change aside, with a reason `mig delta status` lists: known, reported apart. */
  readonly setAside: readonly RowDifference[]
  readonly skipped: readonly string[]
  /**
   * Values delta and data repaired or could not convert (their rows are applied, the originals kept in
   * Magento 2): reported apart, as they are known and explained, not differences.
   */
  readonly dirtyValues: readonly DirtyValueCount[]
  readonly clean: boolean
}

const CHUNK_ROWS = 1_000

/**
 * `mig verify`: every tracked table's mapped Magento 1 rows against Magento 2, in key-ordered chunks.
 * Each side's server computes a count and a hash of the columns copied as they are; only a chunk
 * whose figures differ (or whose columns go through a handler) is read into mig and compared row by
 * row, as pt-table-sync does. Rows with a pending captured change are reported apart: on a live
 * store they differ until the next delta cycle.
 */
export async function runVerify(
  config: MigrationConfig,
  plugins: readonly PluginManifest[],
  options: VerifyOptions,
): Promise<VerifyReport> {
  // Read-only throughout: a connection lost while reading the schemas starts over, one lost in a table verifies that table again.
  return retryTransient(() => verifyOnce(config, plugins, options), readAgain(options.log))
}

async function verifyOnce(
  config: MigrationConfig,
  plugins: readonly PluginManifest[],
  options: VerifyOptions,
): Promise<VerifyReport> {
  const context = await openRunContext(config, plugins, options.log)
  try {
    const tracked = new Set(context.environment.tracked.map((table) => table.table))
    const unknown = (options.tables ?? []).filter((table) => !tracked.has(table))
    if (unknown.length > 0) {
      throw new UsageError(
        `--tables names ${unknown.join(', ')}, which no installed plugin or deltalog.xml tracks; use Magento 1 table names without the prefix, as \`mig delta status\` lists them`,
      )
    }
    // Steps learn the live schemas (e.g. which EAV values are Magento 2 columns); integrity is not verify's business.
    for (const step of context.steps) await step.prepare(context.environment)
    const plan = planVerify(
      context,
      options.tables ? new Set(options.tables) : undefined,
      await readEavReadiness(context),
    )
    const tables: VerifyTableReport[] = []
    const differences: RowDifference[] = []
    const pending: RowDifference[] = []
    const setAside: RowDifference[] = []
    const aside = await setAsideKeys(context.environment.source, config.options.sourcePrefix)
    const cascades = planCascades(
      context,
      plan.tables.map((table) => table.table),
    )
    const { source, destination } = context.environment
    const compared = [
      ...plan.tables.map((table) => mappedComparison(source, destination, table, cascades)),
      ...plan.stepTables.map((table) => stepComparison(source, destination, table)),
    ]
    for (const comparison of compared) {
      const result = await retryTransient(
        () => verifyTable(source, comparison, options, aside.get(comparison.table) ?? new Set()),
        readAgain(options.log),
      )
      differences.push(...result.differences)
      pending.push(...result.pending)
      setAside.push(...result.setAside)
      tables.push(result.report)
    }
    const only = new Set(compared.map((table) => table.table))
    const dirtyValues = (await readDirtyValueCounts(context.environment.destination, config.options.destPrefix)).filter(
      (count) => only.has(count.table),
    )
    return {
      tables,
      differences,
      pending,
      setAside,
      skipped: plan.skipped,
      dirtyValues,
      clean: differences.length === 0,
    }
  } finally {
    await context.close()
  }
}

type Client = Awaited<ReturnType<typeof openRunContext>>['environment']['source']

/** Lost connections and deadlocks are not differences: the read is simply done again (three times at most). */
function readAgain(log: Logger): TransientRetry {
  return { attempts: 3, pauseSeconds: (attempt) => attempt, warn: (message) => log.warn(`${message}; verifying again`) }
}

/** Keys of set-aside changes per table, as the failure store writes them (`keyIdentity`). */
async function setAsideKeys(source: Client, sourcePrefix: string): Promise<Map<string, Set<string>>> {
  const keys = new Map<string, Set<string>>()
  for (const change of await readSetAside(source, failureTableName(sourcePrefix)))
    keys.set(change.table, (keys.get(change.table) ?? new Set()).add(change.key))
  return keys
}

/** How one table is compared, chunk by chunk, whatever makes its Magento 2 rows. */
interface TableComparison {
  readonly table: string
  readonly sourcePhysical: string
  readonly sourceKey: readonly string[]
  readonly folds: readonly boolean[]
  readonly deltalog: string | undefined
  /** For the report: the Magento 2 table (the first, where there are several). */
  readonly destinationTable: string
  /** False where both servers' checksums of a chunk agree. */
  differs(range: KeyRange): Promise<boolean>
  compare(range: KeyRange): Promise<RowDifference[]>
}

/** A table map.xml sends to Magento 2: checksums first, rows through the mapping where they differ; extra rows whose parent is gone are named orphans. */
function mappedComparison(
  source: Client,
  destination: Client,
  plan: VerifyTable,
  cascades: CascadeRules,
): TableComparison {
  return {
    ...plan,
    destinationTable: plan.destinationPhysical,
    differs: (range) => chunkDiffers(source, destination, plan, range),
    compare: async (range) =>
      namedOrphans(destination, plan, cascades, await compareChunk(source, destination, plan, range)),
  }
}

/** A table its step transforms itself: every chunk compared row by row through the step. */
function stepComparison(source: Client, destination: Client, plan: StepVerifyTable): TableComparison {
  return {
    ...plan,
    destinationTable: plan.targets[0]?.physical ?? '',
    differs: async () => true,
    compare: (range) => compareStepChunk(source, destination, plan, range),
  }
}

async function verifyTable(
  source: Client,
  plan: TableComparison,
  options: VerifyOptions,
  setAsideKeys: ReadonlySet<string>,
): Promise<{
  report: VerifyTableReport
  differences: RowDifference[]
  pending: RowDifference[]
  setAside: RowDifference[]
}> {
  const size = options.chunkSize ?? CHUNK_ROWS
  options.progress.begin(`verify ${plan.table}`, await countRows(source, plan.sourcePhysical))
  const differences: RowDifference[] = []
  const pending: RowDifference[] = []
  const setAside: RowDifference[] = []
  let rows = 0
  let chunks = 0
  let chunksCompared = 0
  let from: KeyValues | undefined
  for (;;) {
    const keys = await readKeyPage(source, plan.sourcePhysical, plan.sourceKey, size, from)
    const final = keys.length < size
    const last = keys[keys.length - 1]
    // The last chunk is open-ended, so Magento 2 rows beyond Magento 1's last key are found too.
    const range: KeyRange = { from, to: final || !last ? undefined : keyOf(last, plan.sourceKey) }
    rows += keys.length
    chunks++
    if (await plan.differs(range)) {
      chunksCompared++
      const found = await plan.compare(range)
      const waiting = found.length > 0 ? await pendingKeys(source, plan, range) : new Set<string>()
      for (const difference of found) {
        // A set-aside change stays in its deltalog until the row changes again: set aside comes first.
        const list = setAsideKeys.has(keyIdentity(difference.keyValues))
          ? setAside
          : waiting.has(keyIdentity(difference.keyValues, plan.folds))
            ? pending
            : differences
        list.push(difference)
      }
    }
    options.progress.advance(rows)
    if (final || !range.to) break
    from = range.to
  }
  options.progress.end()
  const report = {
    table: plan.table,
    destinationTable: plan.destinationTable,
    rows,
    chunks,
    chunksCompared,
    differences: differences.length,
    pending: pending.length,
    setAside: setAside.length,
  }
  return { report, differences, pending, setAside }
}

async function chunkDiffers(source: Client, destination: Client, plan: VerifyTable, range: KeyRange): Promise<boolean> {
  if (plan.transformed || plan.verbatim.length === 0) return true
  const [expected, actual] = await Promise.all([
    chunkChecksum(
      source,
      plan.sourcePhysical,
      plan.sourceKey,
      plan.verbatim.map((pair) => pair.source),
      range,
      plan.sourceCondition,
    ),
    chunkChecksum(
      destination,
      plan.destinationPhysical,
      plan.destinationKey,
      plan.verbatim.map((pair) => pair.destination),
      range,
    ),
  ])
  return expected.rows !== actual.rows || expected.hash !== actual.hash
}

async function compareChunk(
  source: Client,
  destination: Client,
  plan: VerifyTable,
  range: KeyRange,
): Promise<RowDifference[]> {
  const sourceWhere = rangeCondition(plan.sourceKey, range, plan.sourceCondition)
  const destinationWhere = rangeCondition(plan.destinationKey, range)
  const [sourceRows, destinationRows] = await Promise.all([
    source.query<SqlRow>(`SELECT * FROM ${q(plan.sourcePhysical)} WHERE ${sourceWhere.sql}`, sourceWhere.params),
    destination.query<SqlRow>(
      `SELECT * FROM ${q(plan.destinationPhysical)} WHERE ${destinationWhere.sql}`,
      destinationWhere.params,
    ),
  ])
  return compareRows(plan, sourceRows, destinationRows)
}

/** Extra rows whose parent Magento 2 no longer has are named as orphans, with the parent. */
async function namedOrphans(
  destination: Client,
  plan: VerifyTable,
  cascades: CascadeRules,
  found: RowDifference[],
): Promise<RowDifference[]> {
  const extra = found.filter((difference) => difference.kind === 'extra')
  if (extra.length === 0) return found
  const orphans = await cascades.orphansAmong(
    destination,
    plan.table,
    plan.destinationKey,
    extra.map((difference) => difference.keyValues),
    plan.folds,
  )
  return found.map((difference) => {
    const orphan = difference.kind === 'extra' ? orphans.get(keyIdentity(difference.keyValues, plan.folds)) : undefined
    return orphan ? { ...difference, orphan } : difference
  })
}

async function pendingKeys(source: Client, plan: TableComparison, range: KeyRange): Promise<Set<string>> {
  if (!plan.deltalog) return new Set()
  const where = rangeCondition(plan.sourceKey, range)
  const rows = await source.query<SqlRow>(
    `SELECT ${plan.sourceKey.map((column) => q(column)).join(', ')} FROM ${q(plan.deltalog)} WHERE ${where.sql}`,
    where.params,
  )
  return new Set(rows.map((row) => keyIdentity(keyOf(row, plan.sourceKey), plan.folds)))
}
