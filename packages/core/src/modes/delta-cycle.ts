import type { DatabaseClient } from '../db/database-client.js'
import { acknowledgeChanges } from '../delta/change-acknowledger.js'
import { readChanges } from '../delta/change-reader.js'
import type { BatchSize } from '../delta/batch-size.js'
import type { FailureStore } from '../delta/failure-store.js'
import type { PendingChange } from '../delta/pending-change.js'
import { describeKey, keyIdentity, type KeyValues } from '../delta/row-key.js'
import type { CascadeRules } from '../cascade/cascade-rules.js'
import type { Magento1Orphans } from '../cascade/magento1-orphans.js'
import { DirtyTally } from '../delta/dirty-tally.js'
import type { DirtyValueStore } from '../delta/dirty-value-store.js'
import { parentsFirst } from '../delta/table-order.js'
import { quiet } from '../delta/quiet-promise.js'
import { prepareWriteSession } from '../delta/write-session.js'
import type { TableSchema } from '../db/table-schema.js'
import type { ChangeFailure, DeltaStep, LoadedChanges, NotedValue } from '../steps/delta-step.js'

/** A tracked table as the cycle sees it. */
export interface CycleTable {
  readonly table: string
  readonly deltalog: string
  readonly keyColumns: readonly string[]
  readonly step: DeltaStep
}

export interface CycleOptions {
  readonly source: DatabaseClient
  readonly destination: DatabaseClient
  readonly destinationSchema: ReadonlyMap<string, TableSchema>
  readonly tables: readonly CycleTable[]
  readonly batchSize: BatchSize
  readonly failures: FailureStore
  /** Rounds a change may wait for its parent row before it is set aside. */
  readonly parentWaitRounds: number
  /** Keys waiting for a parent, and for how many rounds; kept across cycles. */
  readonly waiting: Map<string, number>
  readonly shouldStop: () => boolean
  /**
   * A cycle ends after this long even if changes keep arriving (a busy store appends new keys
   * behind the cursor forever): the cycle's line is printed, the lock checked, and the next
   * cycle starts again from the first key.
   */
  readonly maxSeconds: number
  /** Magento 1's cascades where Magento 2 does not keep them itself (see CascadeRules). */
  readonly cascades: CascadeRules
  /** Where values handlers repaired or could not convert are kept, with the rows' writes. */
  readonly dirty: DirtyValueStore
  /** Tells a row whose parent Magento 1 itself lacks (an orphan: left out, not a stop) from one set aside. */
  readonly orphans: Magento1Orphans
}

export interface SetAside {
  readonly table: string
  readonly key: string
  readonly reason: string
}

/** Where a cycle's time went, in seconds: deltalog reads, source re-reads + transforms, destination writes, acknowledgements. */
export interface PhaseSeconds {
  read: number
  load: number
  write: number
  ack: number
}

export interface CycleReport {
  readonly phases: PhaseSeconds
  readonly applied: number
  readonly deferred: number
  readonly setAside: readonly SetAside[]
  /** Rows whose parent Magento 1 itself lacks: left out of Magento 2 (kept aside with the reason), the run goes on. */
  readonly orphans: readonly SetAside[]
  readonly rounds: number
  /** Values repaired or lost (written empty, the original kept) in the rows applied. */
  readonly dirty: DirtyTally
  /** Magento 2 tables rows were deleted from (their children may have gone by cascade). */
  readonly deletedFrom: ReadonlySet<string>
}

/**
 * One pass over every deltalog. Each round reads the next page of every table (keyset paging),
 * re-reads and transforms the source rows, then writes them in ONE destination transaction —
 * deletes children first, upserts parents first, derived data last — and only after the commit
 * acknowledges what was read, by (key, version).
 */
export async function runCycle(options: CycleOptions): Promise<CycleReport> {
  // A child whose parent sat on a later page waits; one more pass usually lands it, so a cycle
  // (and `--once`) does not end with changes that only needed their parent first.
  const phases: PhaseSeconds = { read: 0, load: 0, write: 0, ack: 0 }
  const dirty = new DirtyTally()
  const deletedFrom = new Set<string>()
  let total: CycleReport = { phases, applied: 0, deferred: 0, setAside: [], orphans: [], rounds: 0, dirty, deletedFrom }
  const deadline = performance.now() + options.maxSeconds * 1000
  const bounded: CycleOptions = { ...options, shouldStop: () => options.shouldStop() || performance.now() > deadline }
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    const report = await runPass(bounded, phases)
    dirty.merge(report.dirty)
    for (const table of report.deletedFrom) deletedFrom.add(table)
    total = {
      phases,
      applied: total.applied + report.applied,
      deferred: report.deferred,
      setAside: [...total.setAside, ...report.setAside],
      orphans: [...total.orphans, ...report.orphans],
      rounds: total.rounds + report.rounds,
      dirty,
      deletedFrom,
    }
    if (report.deferred === 0 || report.applied === 0 || bounded.shouldStop()) break
  }
  return total
}

const MAX_PASSES = 4

interface Page {
  readonly table: CycleTable
  readonly changes: PendingChange[]
}
type LoadedRound = { table: CycleTable; loaded: LoadedChanges }[]
interface Round {
  readonly pages: readonly Page[]
  readonly loaded: LoadedRound
}

async function runPass(options: CycleOptions, phases: PhaseSeconds): Promise<CycleReport> {
  const timed = async <T>(phase: keyof PhaseSeconds, work: () => Promise<T>): Promise<T> => {
    const started = performance.now()
    try {
      return await work()
    } finally {
      phases[phase] += (performance.now() - started) / 1000
    }
  }
  const cursors = new Map<string, KeyValues>()
  const finished = new Set<string>()
  let applied = 0
  let deferred = 0
  let rounds = 0
  const setAside: SetAside[] = []
  const orphans: SetAside[] = []
  const dirty = new DirtyTally()
  const deletedFrom = new Set<string>()

  /** Reads the next page of every unfinished table and loads it (source re-read + transform). */
  const nextRound = async (): Promise<Round | undefined> => {
    while (finished.size < options.tables.length && !options.shouldStop()) {
      const pages: Page[] = []
      const size = options.batchSize.current()
      for (const table of options.tables) {
        if (finished.has(table.table)) continue
        const page = await timed('read', () =>
          readChanges(options.source, table.deltalog, table.keyColumns, size, cursors.get(table.table)),
        )
        if (page.length < size) finished.add(table.table)
        const last = page[page.length - 1]
        if (last) cursors.set(table.table, last.key)
        const live = page.filter((change) => !options.failures.isSetAside(table.table, change.key, change.version))
        if (live.length > 0) pages.push({ table, changes: live })
      }
      if (pages.length === 0) continue
      const loaded: LoadedRound = []
      for (const page of pages) {
        const changeSet = { table: page.table.table, keyColumns: page.table.keyColumns, changes: page.changes }
        loaded.push({ table: page.table, loaded: await timed('load', () => page.table.step.load(changeSet)) })
      }
      return { pages, loaded }
    }
    return undefined
  }

  const acknowledge = async (round: Round, failedKeys: ReadonlySet<string>): Promise<void> => {
    for (const page of round.pages) {
      const done = page.changes.filter((change) => !failedKeys.has(`${page.table.table} ${keyIdentity(change.key)}`))
      for (const change of done) options.waiting.delete(`${page.table.table} ${keyIdentity(change.key)}`)
      applied += await timed('ack', () =>
        acknowledgeChanges(options.source, page.table.deltalog, page.table.keyColumns, done),
      )
      await timed('ack', () =>
        options.failures.clear(
          page.table.table,
          done.map((change) => change.key),
        ),
      )
    }
  }

  // Pipelined: while round N is written to Magento 2, round N+1 is read and transformed from
  // Magento 1 and round N-1 is acknowledged. Keys of different rounds never overlap (keyset
  // pages), and a round is acknowledged only after its own commit.
  let upcoming = quiet(nextRound())
  let acknowledging: Promise<void> = Promise.resolve()
  for (;;) {
    const round = await upcoming
    if (!round) break
    rounds++
    upcoming = quiet(nextRound())
    const writeStarted = performance.now()
    const failures = await timed('write', () => writeRound(options, round.loaded, dirty))
    for (const { loaded } of round.loaded)
      if (loaded.destinationTable && loaded.deletes.length > 0) deletedFrom.add(loaded.destinationTable)
    const largestPage = Math.max(...round.pages.map((page) => page.changes.length))
    options.batchSize.observe(largestPage, (performance.now() - writeStarted) / 1000)

    const failedKeys = new Set(
      failures.map((failure) => `${failure.table.table} ${keyIdentity(failure.failure.change.key)}`),
    )
    for (const { table, failure } of failures) {
      const id = `${table.table} ${keyIdentity(failure.change.key)}`
      const waited = (options.waiting.get(id) ?? 0) + 1
      if (failure.waitsForParent && waited < options.parentWaitRounds) {
        options.waiting.set(id, waited)
        deferred++
        continue
      }
      options.waiting.delete(id)
      // A parent that never came: is it missing in Magento 1 too?
      const orphan = failure.waitsForParent
        ? await options.orphans.explain(table.table, table.keyColumns, failure.change.key)
        : undefined
      const reason = orphan ?? failure.reason
      const label = describeKey(table.keyColumns, failure.change.key)
      await options.failures.record(table.table, failure.change.key, failure.change.version, reason, label)
      ;(orphan ? orphans : setAside).push({ table: table.table, key: label, reason })
    }
    await acknowledging
    acknowledging = quiet(acknowledge(round, failedKeys))
  }
  await acknowledging
  return { phases, applied, deferred, setAside, orphans, rounds, dirty, deletedFrom }
}

async function writeRound(
  options: CycleOptions,
  loaded: readonly { table: CycleTable; loaded: LoadedChanges }[],
  dirty: DirtyTally,
): Promise<{ table: CycleTable; failure: ChangeFailure }[]> {
  const order = parentsFirst(
    loaded.map((item) => item.loaded.destinationTable).filter((table): table is string => table !== undefined),
    options.destinationSchema,
  )
  const rank = (item: { loaded: LoadedChanges }): number =>
    item.loaded.destinationTable ? order.indexOf(item.loaded.destinationTable) : -1
  const parentFirst = [...loaded].sort((a, b) => rank(a) - rank(b))
  const childFirst = [...parentFirst].reverse()
  const steps = [...new Set(loaded.map((item) => item.table.step))]

  // Notes are counted once the round commits: a failed round is read and written again.
  const notes = new DirtyTally()
  const failures = await options.destination.transaction(async (session) => {
    await prepareWriteSession(session)
    const failures: { table: CycleTable; failure: ChangeFailure }[] = []
    const failed = new Set<PendingChange>()
    const fail = (table: CycleTable, failure: ChangeFailure): void => {
      failures.push({ table, failure })
      failed.add(failure.change)
    }
    for (const item of loaded) for (const failure of item.loaded.rejected) fail(item.table, failure)
    for (const item of childFirst) {
      for (const error of await options.cascades.beforeDeletes(
        session,
        item.table.table,
        item.loaded.deletes.map((deleted) => deleted.key),
      )) {
        const change = item.loaded.deletes[error.index]?.change
        if (change) fail(item.table, { change, reason: error.reason })
      }
      for (const failure of await item.table.step.applyDeletes(session, item.loaded)) fail(item.table, failure)
    }
    for (const item of parentFirst) {
      const guarded = await options.cascades.withoutOrphans(session, {
        keyColumns: item.table.keyColumns,
        loaded: item.loaded,
      })
      for (const failure of guarded.failures) fail(item.table, failure)
      const reported: NotedValue[] = []
      const written = {
        ...guarded.loaded,
        noteSink: { add: (values: readonly NotedValue[]) => reported.push(...values) },
      }
      for (const failure of await item.table.step.applyUpserts(session, written)) fail(item.table, failure)
      const deleted = item.loaded.deletes.map((deletion) => deletion.change)
      const kept = await options.dirty.afterPage(
        session,
        { table: item.table.table, keyColumns: item.table.keyColumns, written, deleted, reported },
        failed,
      )
      notes.add(item.table.table, item.table.keyColumns, kept)
    }
    for (const step of steps) {
      await step.afterRound(session, {
        loaded: loaded.filter((item) => item.table.step === step).map((item) => item.loaded),
      })
    }
    return failures
  })
  dirty.merge(notes)
  return failures
}
