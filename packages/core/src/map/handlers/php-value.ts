/**
 * The values PHP's `unserialize()` produces, as a typed tree (no `any`). PHP strings are byte
 * strings: those that are valid UTF-8 become JS strings, the others stay bytes ({@link PhpBytes}),
 * because `json_encode` refuses them and so must we.
 */

/** A PHP int (64-bit); a bigint so values beyond 2^53 stay exact. */
export interface PhpInt {
  readonly kind: 'int'
  readonly value: bigint
}

/** A PHP float (IEEE double), including INF, -INF, NAN and -0. */
export interface PhpFloat {
  readonly kind: 'float'
  readonly value: number
}

/** A PHP string that is not valid UTF-8, kept as its bytes. */
export interface PhpBytes {
  readonly kind: 'bytes'
  readonly bytes: Buffer
}

/** An array key: PHP normalises canonical decimal strings ("5", "-3") to ints, as unserialize does. */
export type PhpArrayKey = bigint | string | PhpBytes

export interface PhpArrayEntry {
  readonly key: PhpArrayKey
  readonly value: PhpValue
}

/** A PHP array: ordered entries with unique keys. */
export interface PhpArray {
  readonly kind: 'array'
  readonly entries: readonly PhpArrayEntry[]
}

export type PhpVisibility = 'public' | 'protected' | 'private'

export interface PhpProperty {
  /** Without PHP's mangling (`\0*\0name`, `\0Class\0name`). */
  readonly name: string | PhpBytes
  readonly visibility: PhpVisibility
  /** For a private property: the class that declared it. */
  readonly declaringClass?: string
  readonly value: PhpValue
}

/** An `O:` object: its class name and properties, in order. */
export interface PhpObject {
  readonly kind: 'object'
  readonly className: string
  readonly properties: readonly PhpProperty[]
}

/** A `C:` object (a class implementing `Serializable`): its payload is class-specific, so it stays opaque. */
export interface PhpCustomObject {
  readonly kind: 'custom-object'
  readonly className: string
  readonly data: Buffer
}

export type PhpValue = null | boolean | string | PhpInt | PhpFloat | PhpBytes | PhpArray | PhpObject | PhpCustomObject

export function isPhpArray(value: PhpValue): value is PhpArray {
  return typeof value === 'object' && value !== null && value.kind === 'array'
}

export function phpInt(value: bigint | number): PhpInt {
  return { kind: 'int', value: BigInt(value) }
}

export function phpFloat(value: number): PhpFloat {
  return { kind: 'float', value }
}

/** A PHP array from [key, value] pairs; a later duplicate key replaces the earlier value in place, as in PHP. */
export function phpArray(entries: Iterable<readonly [PhpArrayKey, PhpValue]>): PhpArray {
  const result: PhpArrayEntry[] = []
  const index = new Map<string, number>()
  for (const [key, value] of entries) {
    const normalised = typeof key === 'string' ? normaliseArrayKey(key) : key
    const id = arrayKeyId(normalised)
    const existing = index.get(id)
    if (existing === undefined) {
      index.set(id, result.length)
      result.push({ key: normalised, value })
    } else {
      result[existing] = { key: normalised, value }
    }
  }
  return { kind: 'array', entries: result }
}

/** A PHP list: keys 0..n-1. */
export function phpList(values: readonly PhpValue[]): PhpArray {
  return { kind: 'array', entries: values.map((value, index) => ({ key: BigInt(index), value })) }
}

/** The value stored under `key` (a string key or an int key), or undefined. */
export function phpArrayGet(array: PhpArray, key: string | bigint): PhpValue | undefined {
  const normalised = typeof key === 'string' ? normaliseArrayKey(key) : key
  for (const entry of array.entries) {
    if (entry.key === normalised) return entry.value
  }
  return undefined
}

/** A copy of `array` with the value under an existing `key` replaced (position kept), or `array` itself when the key is absent. */
export function phpArrayReplace(array: PhpArray, key: string | bigint, value: PhpValue): PhpArray {
  const normalised = typeof key === 'string' ? normaliseArrayKey(key) : key
  let found = false
  const entries = array.entries.map((entry) => {
    if (entry.key !== normalised) return entry
    found = true
    return { key: entry.key, value }
  })
  return found ? { kind: 'array', entries } : array
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** PHP's ZEND_HANDLE_NUMERIC_STR: "12" and "-3" become int keys; "012", "-0", "1.5" and out-of-range numbers stay strings. */
export function normaliseArrayKey(key: string): bigint | string {
  if (!/^(?:0|-?[1-9][0-9]{0,19})$/.test(key)) return key
  const value = BigInt(key)
  return value < INT64_MIN || value > INT64_MAX ? key : value
}

/** A stable identity for a key, to detect duplicates. */
export function arrayKeyId(key: PhpArrayKey): string {
  if (typeof key === 'bigint') return `i${key}`
  if (typeof key === 'string') return `s${key}`
  return `b${key.bytes.toString('hex')}`
}

export function isInt64(value: bigint): boolean {
  return value >= INT64_MIN && value <= INT64_MAX
}
