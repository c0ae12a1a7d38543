import type { SourceLocation } from './config.js'

/** One `<document key="a,b">table</document>` of a deltalog.xml. */
export interface DeltalogDocument {
  /** Magento 1 table name without source_prefix. */
  readonly table: string
  /** Key columns in order; empty means "the table's primary key", resolved against the live schema. */
  readonly keys: readonly string[]
  readonly location: SourceLocation
}

export interface DeltalogGroup {
  readonly name: string
  readonly documents: readonly DeltalogDocument[]
}

/** A deltalog.xml as read, with who contributed it (a plugin name or a file path). */
export interface DeltalogSource {
  readonly origin: string
  readonly groups: readonly DeltalogGroup[]
}

/** A Magento 1 table whose changes are captured, after merging every source. */
export interface TrackedTable {
  readonly table: string
  readonly keys: readonly string[]
  readonly group: string
  /** Every contributor that named it (same keys); the first one is shown in messages. */
  readonly origins: readonly string[]
}
