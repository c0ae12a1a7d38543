import type { Session } from '../db/database-client.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import { loadDataFile } from '../db/load-data-file.js'
import { valuesList } from '../db/sql-literal.js'
import { isTransientError, mysqlErrorInfo } from '../db/mysql-error.js'
import type { SqlRow, SqlValue } from '../db/sql-value.js'
import { keysCondition } from './key-condition.js'
import type { KeyValues } from './row-key.js'

/** Why one row could not be written; the index is its position in the input. */
export interface RowError {
  readonly index: number
  readonly reason: string
  /** MySQL errno, e.g. 1452 when a parent row is missing. */
  readonly errno?: number
}

/** Statement size: large enough that the server's per-statement cost vanishes, well below max_allowed_packet. */
const MAX_ROWS_PER_STATEMENT = 1_000
const MAX_STATEMENT_BYTES = 1024 * 1024

/** How a table's rows are matched in Magento 2. */
export type UpsertStrategy =
  /** the key columns are Magento 2's primary or a unique key: INSERT … ON DUPLICATE KEY UPDATE */
  | 'on-duplicate-key'
  /** no unique key covers them (e.g. a surrogate record_id): delete by key, then insert */
  | 'replace-by-key'

let savepointCounter = 0

/**
 * Runs `work` under a savepoint. Returns undefined when it succeeded, or the error when it failed
 * for a data reason (after rolling back to the savepoint). Lost connections and deadlocks are not
 * row problems: they propagate and the whole round is retried.
 */
export async function underSavepoint(session: Session, work: () => Promise<void>): Promise<unknown> {
  const savepoint = `mig_sp_${++savepointCounter}`
  await session.execute(`SAVEPOINT ${savepoint}`)
  try {
    await work()
    await session.execute(`RELEASE SAVEPOINT ${savepoint}`)
    return undefined
  } catch (error) {
    if (isTransientError(error)) throw error
    await session.execute(`ROLLBACK TO SAVEPOINT ${savepoint}`)
    await session.execute(`RELEASE SAVEPOINT ${savepoint}`)
    return error ?? new Error('statement failed')
  }
}

/** True when `work` succeeded under a savepoint; false (rolled back) when it failed for a data reason. */
export async function attemptUnderSavepoint(session: Session, work: () => Promise<void>): Promise<boolean> {
  return (await underSavepoint(session, work)) === undefined
}

/**
 * Runs `run` for all items at once; when that fails for a data reason, retries item by item so
 * one bad row is named and set aside while the rest is applied.
 */
async function isolated<T>(session: Session, items: readonly T[], run: (items: readonly T[]) => Promise<void>): Promise<RowError[]> {
  if (await attemptUnderSavepoint(session, () => run(items))) return []
  const errors: RowError[] = []
  for (const [index, item] of items.entries()) {
    const error = await underSavepoint(session, () => run([item]))
    if (error === undefined) continue
    const info = mysqlErrorInfo(error)
    errors.push({ index, reason: info.sqlMessage ?? info.message, ...(info.errno === undefined ? {} : { errno: info.errno }) })
  }
  return errors
}

function chunks<T>(items: readonly T[], sizeOf: (item: T) => number): T[][] {
  const result: T[][] = []
  let current: T[] = []
  let bytes = 0
  for (const item of items) {
    const size = sizeOf(item)
    if (current.length > 0 && (current.length >= MAX_ROWS_PER_STATEMENT || bytes + size > MAX_STATEMENT_BYTES)) {
      result.push(current)
      current = []
      bytes = 0
    }
    current.push(item)
    bytes += size
  }
  if (current.length > 0) result.push(current)
  return result
}

/** Roughly the bytes a row takes in SQL text. */
function rowBytes(values: Iterable<SqlValue | undefined>): number {
  let bytes = 4
  for (const value of values) {
    if (typeof value === 'string') bytes += value.length * 2 + 4
    else if (Buffer.isBuffer(value)) bytes += value.length * 2 + 4
    else bytes += 8
  }
  return bytes
}

export interface UpsertRequest {
  readonly table: string
  readonly columns: readonly string[]
  readonly keyColumns: readonly string[]
  readonly strategy: UpsertStrategy
  readonly rows: readonly SqlRow[]
}

/**
 * Writes rows into a Magento 2 table; returns the rows that could not be written and why.
 * Must run inside a transaction (savepoints isolate bad rows).
 */
export async function upsertRows(session: Session, request: UpsertRequest): Promise<RowError[]> {
  const { table, columns, keyColumns, strategy } = request
  if (request.rows.length === 0 || columns.length === 0) return []
  const columnList = columns.map((column) => q(column)).join(', ')
  const updatable = columns.filter((column) => !keyColumns.includes(column))
  const onDuplicate =
    updatable.length > 0
      ? updatable.map((column) => `${q(column)} = VALUES(${q(column)})`).join(', ')
      : `${q(keyColumns[0] ?? columns[0] ?? '')} = ${q(keyColumns[0] ?? columns[0] ?? '')}`
  const errors: RowError[] = []
  let offset = 0
  for (const chunk of chunks(request.rows, (row) => rowBytes(columns.map((column) => row[column])))) {
    const base = offset
    const chunkErrors = await isolated(session, chunk, async (rows) => {
      if (strategy === 'replace-by-key') {
        const where = keysCondition(keyColumns, rows.map((row) => keyColumns.map((column) => row[column] ?? null)))
        await session.execute(`DELETE FROM ${q(table)} WHERE ${where.sql}`, where.params)
      }
      const sql = `INSERT INTO ${q(table)} (${columnList}) VALUES ${valuesList(rows, columns)}`
      await session.execute(strategy === 'on-duplicate-key' ? `${sql} ON DUPLICATE KEY UPDATE ${onDuplicate}` : sql)
    })
    errors.push(...chunkErrors.map((error) => ({ ...error, index: error.index + base })))
    offset += chunk.length
  }
  return errors
}

/**
 * Inserts rows into a table that holds none of their keys (a full copy into a table it emptied),
 * through LOAD DATA LOCAL: the server reads the values without parsing SQL literals. LOCAL turns
 * errors into warnings (a too-long value would be cut, a duplicate key skipped), so any warning or a
 * short count rolls the load back and returns false: the caller then writes the rows the strict
 * way, which names each bad row. False too where the session cannot load local data.
 */
export async function insertByLoadData(session: Session, request: { table: string; columns: readonly string[]; rows: readonly SqlRow[] }): Promise<boolean> {
  const load = session.loadLocalData?.bind(session)
  if (!load || request.rows.length === 0) return false
  const sql =
    `LOAD DATA LOCAL INFILE 'mig-rows' INTO TABLE ${q(request.table)} CHARACTER SET binary ` +
    `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${request.columns.map((column) => q(column)).join(', ')})`
  const data = loadDataFile(request.rows, request.columns)
  const refused = await underSavepoint(session, async () => {
    const result = await load(sql, data)
    if (result.warnings > 0 || result.affectedRows !== request.rows.length) throw new Error(`LOAD DATA: ${result.affectedRows} of ${request.rows.length} rows, ${result.warnings} warnings`)
  })
  return refused === undefined
}

/** Deletes rows of a Magento 2 table by key (inside a transaction); Magento 2's cascading foreign keys take their children. */
export async function deleteRows(session: Session, table: string, keyColumns: readonly string[], keys: readonly KeyValues[]): Promise<RowError[]> {
  const errors: RowError[] = []
  let offset = 0
  for (const chunk of chunks(keys, (key) => rowBytes(key))) {
    const base = offset
    const chunkErrors = await isolated(session, chunk, async (items) => {
      const where = keysCondition(keyColumns, items)
      await session.execute(`DELETE FROM ${q(table)} WHERE ${where.sql}`, where.params)
    })
    errors.push(...chunkErrors.map((error) => ({ ...error, index: error.index + base })))
    offset += chunk.length
  }
  return errors
}
