import { quoteIdentifier as q } from './identifier.js'
import type { ColumnSchema } from './table-schema.js'

/**
 * Types whose text (as the server prints them) is digits, signs, dots, `e`, colons, dashes and
 * spaces only: nothing LOAD DATA needs escaped, so the source server skips the escaping for them.
 */
const PLAIN_TEXT_TYPES = new Set([
  'tinyint',
  'smallint',
  'mediumint',
  'int',
  'integer',
  'bigint',
  'decimal',
  'numeric',
  'float',
  'double',
  'real',
  'date',
  'datetime',
  'timestamp',
  'time',
  'year',
])

/** Character sets whose stored bytes are what a utf8mb4 client receives (for valid text); others are converted. */
const UTF8_BYTES = new Set(['utf8mb4', 'utf8mb3', 'utf8', 'binary', 'ascii'])

// Hex literals: binary strings, and immune to a session's NO_BACKSLASH_ESCAPES.
const TAB = "X'09'"
const NULL_FIELD = "X'5C4E'"
/** Backslash first, so the escapes added after it are not escaped again. */
const ESCAPES: readonly (readonly [string, string])[] = [
  ["X'5C'", "X'5C5C'"],
  ["X'00'", "X'5C30'"],
  ["X'09'", "X'5C74'"],
  ["X'0A'", "X'5C6E'"],
  ["X'0D'", "X'5C72'"],
]

function bytesOf(column: ColumnSchema, reference: string): string {
  const charset = column.characterSet?.toLowerCase()
  const converted = charset === undefined || UTF8_BYTES.has(charset) ? reference : `CONVERT(${reference} USING utf8mb4)`
  return `CAST(${converted} AS BINARY)`
}

function field(column: ColumnSchema, tableAlias: string | undefined): string {
  const reference = tableAlias === undefined ? q(column.name) : `${q(tableAlias)}.${q(column.name)}`
  if (PLAIN_TEXT_TYPES.has(column.dataType.toLowerCase())) return `IFNULL(CAST(${reference} AS BINARY), ${NULL_FIELD})`
  const escaped = ESCAPES.reduce((inner, [from, to]) => `REPLACE(${inner}, ${from}, ${to})`, bytesOf(column, reference))
  return `IFNULL(${escaped}, ${NULL_FIELD})`
}

/**
 * An SQL expression with which the server formats a row's `columns` as one line of the file
 * `loadDataFile` builds (tab-separated, `\N` for NULL, backslash, NUL, tab, newline and carriage
 * return escaped), as a binary string. The bytes are those mig would have written from the values
 * it reads over its utf8mb4 connection: the server's own text for numbers and dates, UTF-8 for text
 * (other character sets converted), binary values as they are. A line longer than the server's
 * max_allowed_packet comes back NULL; callers copy such rows as values instead.
 */
export function loadDataLineSql(columns: readonly ColumnSchema[], tableAlias?: string): string {
  if (columns.length === 0) throw new Error('loadDataLineSql needs at least one column')
  return `CONCAT_WS(${TAB}, ${columns.map((column) => field(column, tableAlias)).join(', ')})`
}
