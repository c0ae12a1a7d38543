import { MysqlErrno } from '../db/mysql-error.js'
import type { RowError } from '../delta/destination-writer.js'
import type { PendingChange } from '../delta/pending-change.js'
import type { ChangeFailure } from './delta-step.js'

/** A missing parent or a unique value another row still holds usually clears up in a later round: retried before being set aside. */
export function toFailure(change: PendingChange | undefined, error: RowError): ChangeFailure | undefined {
  if (!change) return undefined
  const waits = error.errno === MysqlErrno.foreignKeyParentMissing || error.uniqueClash === true
  return { change, reason: error.reason, ...(waits ? { waitsForParent: true } : {}) }
}

export function isFailure(value: ChangeFailure | undefined): value is ChangeFailure {
  return value !== undefined
}
