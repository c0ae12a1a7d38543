import type { SqlValue } from '../db/sql-value.js'
import type { ColumnSchema } from '../db/table-schema.js'

/** A value made to fit its Magento 2 column, and what was done, in one line. */
export interface FittedValue {
  readonly value: SqlValue
  readonly reason: string
}

/** Makes a value fit a column, or says it fits (undefined). */
export type ColumnFit = (value: SqlValue) => FittedValue | undefined

/**
 * How a Magento 1 value is made to fit a Magento 2 column that cannot hold every value of its
 * Magento 1 column (a shorter varchar, a narrower or unsigned integer, a DECIMAL with fewer integer
 * digits, a TIMESTAMP for a DATETIME, NOT NULL for a nullable column): what a non-strict server would
 * store — the text cut, the number clamped, a zero date, the column's default — but said, and the
 * original kept by the caller, instead of refusing the row. Undefined where every value fits (the
 * same type or a wider one, the common case): those columns cost nothing per row.
 */
export function columnFit(source: ColumnSchema | undefined, destination: ColumnSchema): ColumnFit | undefined {
  const fits = [
    textFit(source, destination),
    integerFit(source, destination),
    decimalFit(source, destination),
    timestampFit(source, destination),
  ].filter((fit): fit is ColumnFit => fit !== undefined)
  const notNull = notNullFit(source, destination)
  if (fits.length === 0 && !notNull) return undefined
  return (value) => {
    if (value === null) return notNull?.(value)
    for (const fit of fits) {
      const fitted = fit(value)
      if (fitted) return fitted
    }
    return undefined
  }
}

const TEXT_BYTES: Readonly<Record<string, number>> = {
  tinytext: 255,
  text: 65_535,
  mediumtext: 16_777_215,
  longtext: 4_294_967_295,
}
const BLOB_BYTES: Readonly<Record<string, number>> = {
  tinyblob: 255,
  blob: 65_535,
  mediumblob: 16_777_215,
  longblob: 4_294_967_295,
}

/** Characters of a CHAR/VARCHAR (or bytes of a BINARY/VARBINARY), bytes of a TEXT/BLOB type; undefined for other types. */
function capacity(column: ColumnSchema): { readonly unit: 'characters' | 'bytes'; readonly size: number } | undefined {
  const type = column.dataType.toLowerCase()
  const declared = /\((\d+)\)/.exec(column.columnType)?.[1]
  if ((type === 'char' || type === 'varchar') && declared) return { unit: 'characters', size: Number(declared) }
  if ((type === 'binary' || type === 'varbinary') && declared) return { unit: 'bytes', size: Number(declared) }
  const bytes = TEXT_BYTES[type] ?? BLOB_BYTES[type]
  return bytes === undefined ? undefined : { unit: 'bytes', size: bytes }
}

function textFit(source: ColumnSchema | undefined, destination: ColumnSchema): ColumnFit | undefined {
  const room = capacity(destination)
  if (!room) return undefined
  const from = source ? capacity(source) : undefined
  // The same unit and no more room in Magento 1: every value fits (a character takes no more bytes in utf8mb4).
  if (from && from.unit === room.unit && from.size <= room.size) return undefined
  const binary =
    BLOB_BYTES[destination.dataType.toLowerCase()] !== undefined ||
    ['binary', 'varbinary'].includes(destination.dataType.toLowerCase())
  return (value) => {
    if (typeof value !== 'string' && !Buffer.isBuffer(value)) return undefined
    if (room.unit === 'characters' && typeof value === 'string') {
      // Fast: no more UTF-16 units than characters allowed means no more code points either.
      if (value.length <= room.size) return undefined
      const points = [...value]
      if (points.length <= room.size) return undefined
      return {
        value: points.slice(0, room.size).join(''),
        reason: `longer than Magento 2's ${destination.columnType} (${points.length} characters): cut to ${room.size}`,
      }
    }
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value
    if (bytes.length <= room.size) return undefined
    const cut = binary || Buffer.isBuffer(value) ? bytes.subarray(0, room.size) : Buffer.from(cutUtf8(bytes, room.size))
    return {
      value: typeof value === 'string' ? cut.toString('utf8') : cut,
      reason: `longer than Magento 2's ${destination.columnType} (${bytes.length} bytes): cut to ${cut.length} bytes`,
    }
  }
}

/** The longest prefix of UTF-8 bytes within `size` that ends at a character boundary. */
function cutUtf8(bytes: Buffer, size: number): Buffer {
  let end = size
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--
  return bytes.subarray(0, end)
}

const INTEGER_BITS: Readonly<Record<string, number>> = {
  tinyint: 8,
  smallint: 16,
  mediumint: 24,
  int: 32,
  integer: 32,
  bigint: 64,
}

function integerRange(column: ColumnSchema): { readonly min: bigint; readonly max: bigint } | undefined {
  const bits = INTEGER_BITS[column.dataType.toLowerCase()]
  if (bits === undefined) return undefined
  const unsigned = /unsigned/i.test(column.columnType)
  return unsigned
    ? { min: 0n, max: 2n ** BigInt(bits) - 1n }
    : { min: -(2n ** BigInt(bits - 1)), max: 2n ** BigInt(bits - 1) - 1n }
}

function integerFit(source: ColumnSchema | undefined, destination: ColumnSchema): ColumnFit | undefined {
  const range = integerRange(destination)
  if (!range) return undefined
  const from = source ? integerRange(source) : undefined
  if (from && from.min >= range.min && from.max <= range.max) return undefined
  return (value) => {
    const number = integerOf(value)
    if (number === undefined || (number >= range.min && number <= range.max)) return undefined
    const clamped = number < range.min ? range.min : range.max
    return {
      value: clamped.toString(),
      reason: `${number} is outside Magento 2's ${destination.columnType}: written as ${clamped}`,
    }
  }
}

function integerOf(value: SqlValue): bigint | undefined {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number') return Number.isFinite(value) ? BigInt(Math.trunc(value)) : undefined
  if (typeof value === 'string' && /^\s*[+-]?\d+(\.\d*)?\s*$/.test(value))
    return BigInt(value.trim().split('.')[0] ?? '0')
  return undefined
}

function decimalShape(column: ColumnSchema): { readonly precision: number; readonly scale: number } | undefined {
  if (column.dataType.toLowerCase() !== 'decimal') return undefined
  const match = /decimal\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)/i.exec(column.columnType)
  return match ? { precision: Number(match[1]), scale: Number(match[2] ?? 0) } : undefined
}

function decimalFit(source: ColumnSchema | undefined, destination: ColumnSchema): ColumnFit | undefined {
  const shape = decimalShape(destination)
  if (!shape) return undefined
  const digits = shape.precision - shape.scale
  const from = source ? decimalShape(source) : undefined
  const fromRange = source ? integerRange(source) : undefined
  if (from && from.precision - from.scale <= digits && !/unsigned/i.test(destination.columnType)) return undefined
  if (fromRange && fromRange.max.toString().length <= digits && fromRange.min >= 0n) return undefined
  const unsigned = /unsigned/i.test(destination.columnType)
  const largest = `${'9'.repeat(digits) || '0'}${shape.scale > 0 ? `.${'9'.repeat(shape.scale)}` : ''}`
  return (value) => {
    const text =
      typeof value === 'number' || typeof value === 'bigint'
        ? String(value)
        : typeof value === 'string'
          ? value.trim()
          : undefined
    const match = text === undefined ? null : /^([+-]?)0*(\d*)(?:\.\d*)?$/.exec(text)
    if (!match) return undefined
    const negative = match[1] === '-' && /[1-9]/.test(text ?? '')
    const tooLong = (match[2] ?? '').length > digits
    if (!tooLong && !(negative && unsigned)) return undefined
    const written = negative ? (unsigned ? '0' : `-${largest}`) : largest
    return { value: written, reason: `${text} is outside Magento 2's ${destination.columnType}: written as ${written}` }
  }
}

const ZERO_DATETIME = '0000-00-00 00:00:00'

/**
 * A DATETIME or DATE into a TIMESTAMP: outside 1970–2038, or not a calendar date (Magento 1's DATETIME
 * may hold `2013-02-30`), it is written as the zero date.
 */
function timestampFit(source: ColumnSchema | undefined, destination: ColumnSchema): ColumnFit | undefined {
  if (destination.dataType.toLowerCase() !== 'timestamp' || source?.dataType.toLowerCase() === 'timestamp')
    return undefined
  return (value) => {
    if (typeof value !== 'string' || value.startsWith('0000-00-00')) return undefined
    const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?/.exec(value)
    if (!match) return undefined
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
    const calendar = new Date(Date.UTC(year, month - 1, day))
    const real =
      calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day
    const inRange = value >= '1970-01-01 00:00:01' && value <= '2038-01-19 03:14:07'
    if (real && inRange) return undefined
    return {
      value: ZERO_DATETIME,
      reason: `${value} is ${real ? "outside Magento 2's TIMESTAMP range (1970–2038)" : 'not a calendar date'}: written as ${ZERO_DATETIME}`,
    }
  }
}

/** NULL into a NOT NULL column Magento 1 allowed NULL in: the column's default, or the type's empty value. */
function notNullFit(source: ColumnSchema | undefined, destination: ColumnSchema): ColumnFit | undefined {
  if (
    destination.nullable ||
    destination.autoIncrement ||
    destination.generated ||
    (source !== undefined && !source.nullable)
  )
    return undefined
  const literal =
    destination.hasDefault &&
    destination.defaultValue !== null &&
    !/^(null|[a-z_]+\(.*\))$/i.test(destination.defaultValue)
  const empty = literal && destination.defaultValue !== null ? unquoted(destination.defaultValue) : emptyOf(destination)
  if (empty === undefined) return undefined
  return () => ({
    value: empty,
    reason: `NULL, which Magento 2's NOT NULL ${destination.columnType} does not take: written as ${empty === '' ? "''" : empty}`,
  })
}

function unquoted(text: string): string {
  return /^'.*'$/s.test(text) ? text.slice(1, -1).replaceAll("''", "'") : text
}

function emptyOf(column: ColumnSchema): string | undefined {
  const type = column.dataType.toLowerCase()
  if (INTEGER_BITS[type] !== undefined || ['decimal', 'float', 'double', 'year', 'bit'].includes(type)) return '0'
  if (capacity(column) !== undefined || type === 'enum' || type === 'set') return ''
  if (type === 'datetime' || type === 'timestamp') return ZERO_DATETIME
  if (type === 'date') return '0000-00-00'
  if (type === 'time') return '00:00:00'
  return undefined
}
