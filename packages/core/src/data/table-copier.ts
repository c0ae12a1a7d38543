import type { CascadeRules } from '../cascade/cascade-rules.js'
import { DirtyTally } from '../delta/dirty-tally.js'
import type { DirtyValueStore } from '../delta/dirty-value-store.js'
import type { DatabaseClient } from '../db/database-client.js'
import type { BatchSize } from '../delta/batch-size.js'
import type { FailureStore } from '../delta/failure-store.js'
import type { PendingChange } from '../delta/pending-change.js'
import { logKeys } from '../delta/reset-enqueue.js'
import { readKeyPage } from '../delta/change-reader.js'
import { quiet } from '../delta/quiet-promise.js'
import { describeKey, keyOf, type KeyValues } from '../delta/row-key.js'
import { prepareWriteSession } from '../delta/write-session.js'
import type { SetAside } from '../modes/delta-cycle.js'
import type { ProgressReporter } from '../progress/progress-reporter.js'
import type {
  ChangeFailure,
  DeltaStep,
  LineCopy,
  LinePageItem,
  LoadedChanges,
  NotedValue,
} from '../steps/delta-step.js'
import type { DataProgressStore } from './data-progress-store.js'
import { COPY_VERSION, copyChange, readLinePage, readSourceKeys } from './source-key-reader.js'

export interface TableCopyRequest {
  readonly source: DatabaseClient
  readonly destination: DatabaseClient
  /** Unprefixed Magento 1 table, as steps know it. */
  readonly table: string
  readonly sourcePhysical: string
  readonly keyColumns: readonly string[]
  readonly step: DeltaStep
  /** Magento 1's cascades Magento 2 does not keep itself: a row whose parent it lacks is handed to delta. */
  readonly cascades: CascadeRules
  /** Where values handlers repaired or could not convert are kept, with the rows' writes. */
  readonly dirty: DirtyValueStore
  readonly batchSize: BatchSize
  readonly progress: DataProgressStore
  readonly failures: FailureStore
  readonly reporter: ProgressReporter
  /** Rows counted in Magento 1 when the copy started (for the bar; a live store keeps changing). */
  readonly total: number
  /** The table's deltalog: rows whose parent is not in Magento 2 yet are handed to delta through it. */
  readonly deltalog: string | undefined
  /** False when the step rebuilds its derived data in `afterData` (then `afterRound` is skipped). */
  readonly afterEachChunk: boolean
  readonly shouldStop: () => boolean
}

export interface TableCopyResult {
  /** Source rows processed (copied or set aside), this run and earlier runs of the same copy. */
  readonly rows: number
  readonly setAside: readonly SetAside[]
  /** Values repaired or lost (written empty, the original kept) in the rows copied by this run. */
  readonly notes: DirtyTally
  /** Rows whose parent row is not in Magento 2 yet (written while the copy ran): logged for delta. */
  readonly handedToDelta: number
  readonly finished: boolean
  /** Seconds spent reading keys, loading (re-read + transform) and writing; read and load overlap the writes. */
  readonly phases: { read: number; load: number; write: number }
}

interface Chunk {
  readonly keys: PendingChange[]
  readonly loaded: LoadedChanges
  readonly last: KeyValues
  readonly full: boolean
}

/** A step's source-formatted copy of a table, with the method that completes its pages. */
interface LineLoader {
  readonly copy: LineCopy
  readonly load: (items: readonly LinePageItem[]) => Promise<LoadedChanges>
}

/** How a table is copied as source-formatted lines; undefined where its step copies it as rows or keys. */
export function lineCopyOf(step: DeltaStep, table: string): LineLoader | undefined {
  const loadLines = step.loadLines
  const copy = loadLines ? step.copyLines?.(table) : undefined
  return loadLines && copy ? { copy, load: (items) => loadLines.call(step, table, items) } : undefined
}

export function copyEntryName(table: string): string {
  return `copy:${table}`
}

/**
 * Copies one Magento 1 table in key order: each chunk is the next page of keys, loaded (re-read
 * and transformed) by the table's own step exactly as a delta change would be, and written in one
 * destination transaction together with the new cursor. Reading and transforming the next chunk
 * overlaps with writing this one. A rerun continues after the last committed cursor.
 */
export async function copyTable(request: TableCopyRequest): Promise<TableCopyResult> {
  const name = copyEntryName(request.table)
  const started = request.progress.get(name)
  let rows = started?.rows ?? 0
  const setAside: SetAside[] = []
  const notes = new DirtyTally()
  let handedToDelta = 0
  const task = request.reporter.task(request.table, request.total)
  task.advance(rows)

  const phases = { read: 0, load: 0, write: 0 }
  // Rows set aside by an earlier run stay aside until they change (delta retries them then).
  const live = (change: PendingChange): boolean => !request.failures.isSetAside(request.table, change.key, COPY_VERSION)
  const step = request.step
  const lineCopy = lineCopyOf(step, request.table)
  /** A page formatted by the source server: keys, lines and the few values the step computes from. */
  const readLines = async (
    size: number,
    after: KeyValues | undefined,
    lines: LineLoader,
  ): Promise<Chunk | undefined> => {
    const readStarted = performance.now()
    const page = await readLinePage(request.source, request.sourcePhysical, request.keyColumns, lines.copy, size, after)
    phases.read += (performance.now() - readStarted) / 1000
    const last = page[page.length - 1]?.change.key
    if (!last) return undefined
    const loadStarted = performance.now()
    const loaded = await lines.load(page.filter((item) => live(item.change)))
    phases.load += (performance.now() - loadStarted) / 1000
    return { keys: page.map((item) => item.change), loaded, last, full: page.length === size }
  }
  const read = async (after: KeyValues | undefined): Promise<Chunk | undefined> => {
    const size = request.batchSize.current()
    const readStarted = performance.now()
    if (lineCopy) return readLines(size, after, lineCopy)
    // A step that takes whole rows gets the page read once; others get its keys and re-read them.
    const wholeRows = step.loadRows !== undefined && step.copiesServerSide?.(request.table) !== true
    const rows = wholeRows
      ? await readKeyPage(request.source, request.sourcePhysical, request.keyColumns, size, after, 'all columns')
      : undefined
    const keys = rows
      ? rows.map((row) => copyChange(keyOf(row, request.keyColumns)))
      : await readSourceKeys(request.source, request.sourcePhysical, request.keyColumns, size, after)
    phases.read += (performance.now() - readStarted) / 1000
    const last = keys[keys.length - 1]?.key
    if (!last) return undefined
    const loadStarted = performance.now()
    const loaded =
      rows && step.loadRows
        ? await step.loadRows(
            request.table,
            rows
              .map((row, index) => ({ change: keys[index] as PendingChange, row }))
              .filter((item) => live(item.change)),
          )
        : await step.load({ table: request.table, keyColumns: request.keyColumns, changes: keys.filter(live) })
    phases.load += (performance.now() - loadStarted) / 1000
    return { keys, loaded, last, full: keys.length === size }
  }

  let upcoming = quiet(read(started?.cursor))
  let finished = false
  for (;;) {
    const chunk = await upcoming
    if (!chunk) {
      finished = true
      break
    }
    upcoming = chunk.full ? quiet(read(chunk.last)) : Promise.resolve(undefined)
    const writeStarted = performance.now()
    const entry = { name, state: 'running' as const, cursor: chunk.last, rows: rows + chunk.keys.length }
    const { failures, noted } = await request.destination.transaction(async (session) => {
      await prepareWriteSession(session)
      const failed: ChangeFailure[] = [...chunk.loaded.rejected]
      failed.push(...(await request.step.applyDeletes(session, chunk.loaded)))
      // A row whose parent is not in Magento 2 goes to delta as if a foreign key had refused it.
      const guarded = await request.cascades.withoutOrphans(session, {
        keyColumns: request.keyColumns,
        loaded: chunk.loaded,
      })
      failed.push(...guarded.failures)
      const reported: NotedValue[] = []
      const written = {
        ...guarded.loaded,
        noteSink: { add: (values: readonly NotedValue[]) => reported.push(...values) },
      }
      failed.push(...(await request.step.applyUpserts(session, written)))
      const refused = new Set(failed.map((failure) => failure.change))
      const kept = await request.dirty.afterPage(
        session,
        { table: request.table, keyColumns: request.keyColumns, written, deleted: [], reported },
        refused,
      )
      if (request.afterEachChunk) await request.step.afterRound(session, { loaded: [chunk.loaded] })
      await request.progress.save(session, entry)
      return { failures: failed, noted: kept }
    })
    notes.add(request.table, request.keyColumns, noted)
    request.progress.remember(entry)
    const writeSeconds = (performance.now() - writeStarted) / 1000
    phases.write += writeSeconds
    request.batchSize.observe(chunk.keys.length, writeSeconds)
    // On a live store a child can be newer than its parent table's copy: the parent's insert is
    // in its deltalog, so the child goes there too and delta applies both, parent first. A unique
    // value another row holds (a customer's e-mail) goes the same way: delta retries, then sets it aside.
    const orphans = request.deltalog ? failures.filter((failure) => failure.waitsForParent) : []
    if (request.deltalog && orphans.length > 0) {
      await logKeys(
        request.source,
        request.deltalog,
        request.keyColumns,
        orphans.map((failure) => failure.change.key),
        'UPDATE',
      )
      handedToDelta += orphans.length
    }
    for (const failure of failures.filter((candidate) => !orphans.includes(candidate))) {
      const label = describeKey(request.keyColumns, failure.change.key)
      await request.failures.record(request.table, failure.change.key, COPY_VERSION, failure.reason, label)
      setAside.push({ table: request.table, key: label, reason: failure.reason })
    }
    rows = entry.rows
    task.advance(rows)
    if (request.shouldStop()) break
  }
  if (finished) await request.progress.markDone(name, rows)
  task.end()
  return { rows, setAside, notes, handedToDelta, finished, phases }
}
