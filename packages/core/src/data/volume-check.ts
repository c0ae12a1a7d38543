import type { DatabaseClient } from '../db/database-client.js'
import { countRows } from '../db/count-rows.js'
import { readBacklog } from '../delta/backlog.js'
import type { SetAsideChange } from '../delta/failure-store.js'
import type { SqlValue } from '../db/sql-value.js'

/** One Magento 2 table and the Magento 1 tables copied into it. */
export interface VolumeTarget {
  readonly destinationTable: string
  /** Magento 2 keeps rows of its own here (not emptied): only fewer rows than Magento 1 is a difference. */
  readonly keepsDestinationRows?: boolean
  readonly sources: readonly {
    readonly table: string
    readonly physical: string
    readonly deltalog: string | undefined
    /** Only these source rows become Magento 2 rows (see DeltaStep.copiedRowsCondition). */
    readonly condition?: { readonly sql: string; readonly params: readonly SqlValue[] }
  }[]
}

export interface VolumeResult {
  readonly destinationTable: string
  readonly sourceTables: readonly string[]
  readonly sourceRows: number
  readonly destinationRows: number
  /** Changes captured but not applied yet (a live store): delta reconciles them. */
  readonly pending: number
  readonly setAside: number
  /** A difference that neither pending changes nor set-aside rows explain. */
  readonly unexplained: boolean
}

/**
 * Row counts per Magento 2 table against the Magento 1 tables copied into it. On a live store the
 * counts drift by what was written since the copy; those writes sit in the deltalogs, so a
 * difference is only a problem when it is larger than the pending changes plus the set-aside rows.
 */
export async function checkVolume(
  source: DatabaseClient,
  destination: DatabaseClient,
  targets: readonly VolumeTarget[],
  setAside: readonly SetAsideChange[],
): Promise<VolumeResult[]> {
  const check = async (target: VolumeTarget): Promise<VolumeResult> => {
    // Both sides at once: each count is a scan of an index on its own server connection.
    const [sourceRows, destinationRows] = await Promise.all([
      Promise.all(target.sources.map((item) => countRows(source, item.physical, item.condition))).then((counts) =>
        counts.reduce((sum, count) => sum + count, 0),
      ),
      countRows(destination, target.destinationTable),
    ])
    const deltalogs = target.sources.map((item) => item.deltalog).filter((name): name is string => name !== undefined)
    const pending = (await readBacklog(source, deltalogs)).pending
    const names = new Set(target.sources.map((item) => item.table))
    const aside = setAside.filter((item) => names.has(item.table)).length
    const difference = target.keepsDestinationRows
      ? Math.max(0, sourceRows - destinationRows)
      : Math.abs(sourceRows - destinationRows)
    return {
      destinationTable: target.destinationTable,
      sourceTables: target.sources.map((item) => item.table),
      sourceRows,
      destinationRows,
      pending,
      setAside: aside,
      unexplained: difference > pending + aside,
    }
  }
  const results: VolumeResult[] = new Array<VolumeResult>(targets.length)
  let next = 0
  const worker = async (): Promise<void> => {
    for (let index = next++; index < targets.length; index = next++)
      results[index] = await check(targets[index] as VolumeTarget)
  }
  await Promise.all(Array.from({ length: Math.min(VOLUME_CONCURRENCY, targets.length) }, worker))
  return results
}

/** Tables counted at once: two keep both cores of a small server busy without crowding a big one. */
const VOLUME_CONCURRENCY = 2
