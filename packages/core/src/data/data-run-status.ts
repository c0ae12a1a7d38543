import type { DatabaseClient } from '../db/database-client.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import { tableExists } from '../db/table-exists.js'
import { DATA_RUN_COMPLETE, EAV_ALIGNED, dataProgressTableName } from './data-progress-store.js'
import { deferredIndexTableName } from './deferred-indexes.js'

/** Where the full copy stands, as `delta status` shows it (read from Magento 2). */
export interface DataRunStatus {
  readonly state: 'not started' | 'in progress or interrupted' | 'complete'
  readonly tablesCopied: number
  readonly rowsCopied: number
  /** Copies begun and not finished: running now, or where an interrupted run will continue. */
  readonly unfinished: readonly { readonly table: string; readonly rows: number }[]
  readonly lastActivity: string | null
  /** A data run aligned Magento 1's EAV ids in Magento 2 (its first steps), whether or not its copy finished. */
  readonly eavAligned: boolean
  /** Indexes a bulk fill dropped that are not built yet (an interrupted run), per Magento 2 table. */
  readonly indexesToBuild: readonly { readonly table: string; readonly indexes: number }[]
}

/**
 * Reads the data run's progress table: "complete" once a run got through its volume check.
 */
export async function readDataRunStatus(destination: DatabaseClient, destPrefix: string): Promise<DataRunStatus> {
  const table = dataProgressTableName(destPrefix)
  const indexesToBuild = await readIndexesToBuild(destination, destPrefix)
  const empty: DataRunStatus = {
    state: 'not started',
    tablesCopied: 0,
    rowsCopied: 0,
    unfinished: [],
    lastActivity: null,
    eavAligned: false,
    indexesToBuild,
  }
  if (!(await tableExists(destination, table))) return empty
  const rows = await destination.query<{ name: string; state: string; rows_done: string | number; updated_at: string }>(
    `SELECT name, state, rows_done, updated_at FROM ${q(table)} ORDER BY updated_at`,
  )
  if (rows.length === 0) return empty
  const copies = rows.filter((row) => row.name.startsWith('copy:'))
  const done = copies.filter((row) => row.state === 'done')
  const unfinished = copies
    .filter((row) => row.state !== 'done')
    .map((row) => ({ table: row.name.slice('copy:'.length), rows: Number(row.rows_done) }))
  const complete = rows.some((row) => row.name === DATA_RUN_COMPLETE && row.state === 'done')
  return {
    state: complete ? 'complete' : 'in progress or interrupted',
    tablesCopied: done.length,
    rowsCopied: copies.reduce((sum, row) => sum + Number(row.rows_done), 0),
    unfinished,
    lastActivity: rows[rows.length - 1]?.updated_at ?? null,
    eavAligned: rows.some((row) => row.name === EAV_ALIGNED && row.state === 'done'),
    indexesToBuild,
  }
}

async function readIndexesToBuild(
  destination: DatabaseClient,
  destPrefix: string,
): Promise<DataRunStatus['indexesToBuild']> {
  const table = deferredIndexTableName(destPrefix)
  if (!(await tableExists(destination, table))) return []
  const rows = await destination.query<{ table_name: string; n: string | number }>(
    `SELECT table_name, COUNT(*) AS n FROM ${q(table)} GROUP BY table_name ORDER BY table_name`,
  )
  return rows.map((row) => ({ table: row.table_name, indexes: Number(row.n) }))
}
