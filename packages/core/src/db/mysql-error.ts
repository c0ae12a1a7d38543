/** The fields mysql2 puts on a server or network error; TypeORM may wrap it in `driverError`. */
export interface MysqlErrorInfo {
  readonly code?: string
  readonly errno?: number
  readonly sqlMessage?: string
  readonly message: string
}

export function mysqlErrorInfo(error: unknown): MysqlErrorInfo {
  if (typeof error !== 'object' || error === null) return { message: String(error) }
  const record = error as Record<string, unknown>
  const inner = record['driverError']
  if (typeof inner === 'object' && inner !== null) return mysqlErrorInfo(inner)
  return {
    code: typeof record['code'] === 'string' ? record['code'] : undefined,
    errno: typeof record['errno'] === 'number' ? record['errno'] : undefined,
    sqlMessage: typeof record['sqlMessage'] === 'string' ? record['sqlMessage'] : undefined,
    message: typeof record['message'] === 'string' ? record['message'] : String(error),
  }
}

/** Server error numbers mig reacts to. */
export const MysqlErrno = {
  accessDenied: 1045,
  dbAccessDenied: 1044,
  unknownDatabase: 1049,
  lockWaitTimeout: 1205,
  deadlock: 1213,
  tableAccessDenied: 1142,
  specificAccessDenied: 1227,
  binlogNeedsSuper: 1419,
  triggerAlreadyExists: 1359,
  notSupportedYet: 1235,
  foreignKeyParentMissing: 1452,
  columnCannotBeNull: 1048,
  duplicateEntry: 1062,
  serverGone: 2006,
  serverLost: 2013,
} as const

const TRANSIENT_CODES = new Set(['ECONNRESET', 'PROTOCOL_CONNECTION_LOST', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED'])
const TRANSIENT_ERRNOS = new Set<number>([
  MysqlErrno.lockWaitTimeout,
  MysqlErrno.deadlock,
  MysqlErrno.serverGone,
  MysqlErrno.serverLost,
])

/**
 * Errors worth retrying on the next attempt or cycle: lost connections, deadlocks, lock waits, also
 * where mig wrapped one in a message of its own (a connect that lost its connection keeps it as its cause).
 */
export function isTransientError(error: unknown): boolean {
  const info = mysqlErrorInfo(error)
  if (
    (info.errno !== undefined && TRANSIENT_ERRNOS.has(info.errno)) ||
    (info.code !== undefined && TRANSIENT_CODES.has(info.code))
  )
    return true
  return error instanceof Error && error.cause !== undefined && isTransientError(error.cause)
}
