import type { Session } from '../db/database-client.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import { loadDataFile } from '../db/load-data-file.js'
import { valuesList } from '../db/sql-literal.js'
import { isTransientError, mysqlErrorInfo } from '../db/mysql-error.js'
import type { SqlRow, SqlValue } from '../db/sql-value.js'
import { columnOf, type TableSchema } from '../db/table-schema.js'
import { keysCondition } from './key-condition.js'
import type { KeyValues } from './row-key.js'

/** Why one row could not be written; the index is its position in the input. */
export interface RowError {
  readonly index: number
  readonly reason: string
  /** MySQL errno, e.g. 1452 when a parent row is missing. */
  readonly errno?: number
  /** The row's unique value (e.g. a customer's e-mail on its website) is held by another Magento 2 row. */
  readonly uniqueClash?: boolean
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
async function isolated<T>(
  session: Session,
  items: readonly T[],
  run: (items: readonly T[]) => Promise<void>,
): Promise<RowError[]> {
  if (await attemptUnderSavepoint(session, () => run(items))) return []
  const errors: RowError[] = []
  for (const [index, item] of items.entries()) {
    const error = await underSavepoint(session, () => run([item]))
    if (error === undefined) continue
    const info = mysqlErrorInfo(error)
    errors.push({
      index,
      reason: info.sqlMessage ?? info.message,
      ...(info.errno === undefined ? {} : { errno: info.errno }),
    })
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
  /** With 'on-duplicate-key': refuse a row that collides with another row, which would otherwise be overwritten. */
  readonly guard?: UpsertGuard
}

/** Magento 2's unique keys besides the upsert key, and how the upsert refuses to overwrite the row holding one. */
export interface UpsertGuard {
  readonly otherUniqueKeys: readonly (readonly string[])[]
  /**
   * The value the first key column is set to on a collision, which strict mode refuses: 'null' for a
   * NOT NULL text column; 'text' (a non-numeric string) for numbers and dates, since an
   * AUTO_INCREMENT column silently takes NULL as 0.
   */
  readonly refusal: 'null' | 'text'
}

/**
 * Writes rows into a Magento 2 table; returns the rows that could not be written and why.
 * Must run inside a transaction (savepoints isolate bad rows).
 */
export async function upsertRows(session: Session, request: UpsertRequest): Promise<RowError[]> {
  const { table, columns, keyColumns, strategy } = request
  if (request.rows.length === 0 || columns.length === 0) return []
  const columnList = columns.map((column) => q(column)).join(', ')
  const guard =
    strategy === 'on-duplicate-key' && (request.guard?.otherUniqueKeys.length ?? 0) > 0 ? request.guard : undefined
  const onDuplicate = onDuplicateClause(columns, keyColumns, guard)
  const errors: RowError[] = []
  let offset = 0
  for (const chunk of chunks(request.rows, (row) => rowBytes(columns.map((column) => row[column])))) {
    const base = offset
    const chunkErrors = await isolated(session, chunk, async (rows) => {
      if (strategy === 'replace-by-key') {
        const where = keysCondition(
          keyColumns,
          rows.map((row) => keyColumns.map((column) => row[column] ?? null)),
        )
        await session.execute(`DELETE FROM ${q(table)} WHERE ${where.sql}`, where.params)
      }
      const sql = `INSERT INTO ${q(table)} (${columnList}) VALUES ${valuesList(rows, columns)}`
      await session.execute(strategy === 'on-duplicate-key' ? `${sql} ON DUPLICATE KEY UPDATE ${onDuplicate}` : sql)
    })
    for (const error of chunkErrors) {
      const row = chunk[error.index]
      // The guard's refusal surfaces as 1048, or as 1451 when the holder has children: ask the table which row holds the value.
      const clash = guard && row ? await describeUniqueClash(session, request, guard, row) : undefined
      errors.push({ ...error, index: error.index + base, ...(clash ? { reason: clash, uniqueClash: true } : {}) })
    }
    offset += chunk.length
  }
  return errors
}

/**
 * The UPDATE part of an upsert. Guarded: the first key column keeps its value when the row met
 * itself, and gets a value strict mode refuses (errno 1048 or 1366; 1451 where the holder has
 * children) when it met another row through a different unique key, which would otherwise be
 * overwritten with this row's values.
 */
export function onDuplicateClause(
  columns: readonly string[],
  keyColumns: readonly string[],
  guard: UpsertGuard | undefined,
  target?: string,
): string {
  const updatable = columns.filter((column) => !keyColumns.includes(column))
  const first = q(keyColumns[0] ?? columns[0] ?? '')
  const assignments = updatable.map((column) => `${q(column)} = VALUES(${q(column)})`)
  if (guard) {
    // The row's current values, named with their table where an INSERT … SELECT reads a table with the same columns.
    const current = (column: string): string => (target ? `${q(target)}.${q(column)}` : q(column))
    const same = keyColumns.map((column) => `${current(column)} <=> VALUES(${q(column)})`).join(' AND ')
    const refused = guard.refusal === 'null' ? 'NULL' : "'mig: unique value held by another row'"
    return [`${first} = IF(${same}, ${current(keyColumns[0] ?? columns[0] ?? '')}, ${refused})`, ...assignments].join(
      ', ',
    )
  }
  return assignments.length > 0 ? assignments.join(', ') : `${first} = ${first}`
}

/** Which unique key of which Magento 2 row a refused row collided with, in one line. */
async function describeUniqueClash(
  session: Session,
  request: UpsertRequest,
  guard: UpsertGuard,
  row: SqlRow,
): Promise<string | undefined> {
  for (const unique of guard.otherUniqueKeys) {
    if (!unique.every((column) => request.columns.includes(column))) continue
    const values = unique.map((column) => row[column] ?? null)
    if (values.some((value) => value === null)) continue
    const where = keysCondition(unique, [values])
    const holders = await session.query<SqlRow>(
      `SELECT ${request.keyColumns.map((column) => q(column)).join(', ')} FROM ${q(request.table)} WHERE ${where.sql} LIMIT 1`,
      where.params,
    )
    const holder = holders[0]
    if (!holder || request.keyColumns.every((column) => printable(holder[column]) === printable(row[column]))) continue
    const held = unique.map((column, index) => `${column}=${printable(values[index])}`).join(', ')
    const owner = request.keyColumns.map((column) => `${column}=${printable(holder[column] ?? null)}`).join(', ')
    return `${request.table}: ${held} already belongs to another Magento 2 row (${owner}); change it in Magento 1 or remove that row, then the change is applied`
  }
  return undefined
}

function printable(value: SqlValue | undefined): string {
  if (value === null || value === undefined) return 'NULL'
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex')}`
  return typeof value === 'string' ? `'${value}'` : String(value)
}

/**
 * Whether LOAD DATA writes these values as INSERT would. Not with a YEAR column: the driver reads
 * YEAR as a number, and LOAD DATA takes a year written `0` as 2000 where INSERT keeps 0000.
 */
export function loadDataKeepsValues(destination: TableSchema, columns: readonly string[]): boolean {
  return columns.every((name) => columnOf(destination, name)?.dataType.toLowerCase() !== 'year')
}

/**
 * Inserts rows into a table that holds none of their keys (a full copy into a table it emptied),
 * through LOAD DATA LOCAL: the server reads the values without parsing SQL literals. LOCAL turns
 * errors into warnings (a too-long value would be cut, a duplicate key skipped), so any warning or a
 * short count rolls the load back and returns false: the caller then writes the rows the strict
 * way, which names each bad row. False too where the session cannot load local data.
 */
export async function insertByLoadData(
  session: Session,
  request: { table: string; columns: readonly string[]; rows: readonly SqlRow[] },
): Promise<boolean> {
  if (request.rows.length === 0) return false
  return loadIntoEmptiedTable(
    session,
    request.table,
    request.columns,
    () => loadDataFile(request.rows, request.columns),
    request.rows.length,
  )
}

/**
 * Like `insertByLoadData`, for rows the source server already formatted as lines of the load file
 * (`loadDataLineSql`). False, with nothing written, when a line is missing (NULL: longer than the
 * source's max_allowed_packet) or the load was refused: the caller then copies those rows as values.
 */
export async function insertLoadDataLines(
  session: Session,
  request: { table: string; columns: readonly string[]; lines: readonly (Buffer | null)[] },
): Promise<boolean> {
  const lines = request.lines
  if (lines.length === 0 || lines.some((line) => line === null)) return false
  return loadIntoEmptiedTable(
    session,
    request.table,
    request.columns,
    () => joinedLines(lines as readonly Buffer[]),
    lines.length,
  )
}

/** Lines joined by newlines into one file body, copied once into one buffer. */
function joinedLines(lines: readonly Buffer[]): Buffer {
  let size = 0
  for (const line of lines) size += line.length + 1
  const body = Buffer.allocUnsafe(size)
  let offset = 0
  for (const line of lines) {
    offset += line.copy(body, offset)
    body[offset++] = 0x0a
  }
  return body
}

async function loadIntoEmptiedTable(
  session: Session,
  table: string,
  columns: readonly string[],
  file: () => Buffer,
  expectedRows: number,
): Promise<boolean> {
  const load = session.loadLocalData?.bind(session)
  if (!load) return false
  const sql =
    `LOAD DATA LOCAL INFILE 'mig-rows' INTO TABLE ${q(table)} CHARACTER SET binary ` +
    `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${columns.map((column) => q(column)).join(', ')})`
  const data = file()
  const refused = await underSavepoint(session, async () => {
    const result = await load(sql, data)
    if (result.warnings > 0 || result.affectedRows !== expectedRows)
      throw new Error(`LOAD DATA: ${result.affectedRows} of ${expectedRows} rows, ${result.warnings} warnings`)
  })
  return refused === undefined
}

/** Deletes rows of a Magento 2 table by key (inside a transaction); Magento 2's cascading foreign keys take their children. */
export async function deleteRows(
  session: Session,
  table: string,
  keyColumns: readonly string[],
  keys: readonly KeyValues[],
): Promise<RowError[]> {
  return executeByKeys(session, keys, async (items) => {
    const where = keysCondition(keyColumns, items)
    await session.execute(`DELETE FROM ${q(table)} WHERE ${where.sql}`, where.params)
  })
}

/**
 * Runs a statement for keys in statement-sized chunks (inside a transaction), each chunk at once and,
 * when it fails for a data reason, key by key; returns the keys that failed and why.
 */
export async function executeByKeys(
  session: Session,
  keys: readonly KeyValues[],
  run: (keys: readonly KeyValues[]) => Promise<void>,
): Promise<RowError[]> {
  const errors: RowError[] = []
  let offset = 0
  for (const chunk of chunks(keys, (key) => rowBytes(key))) {
    const base = offset
    const chunkErrors = await isolated(session, chunk, run)
    errors.push(...chunkErrors.map((error) => ({ ...error, index: error.index + base })))
    offset += chunk.length
  }
  return errors
}
