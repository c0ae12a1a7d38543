import type { ChangeOperation } from '../deltalog/deltalog-naming.js'
import type { KeyValues } from './row-key.js'

/** One deltalog row as read: the key, the last operation and the version to acknowledge. */
export interface PendingChange {
  readonly key: KeyValues
  readonly operation: ChangeOperation
  /** BIGINT as text. */
  readonly version: string
}
