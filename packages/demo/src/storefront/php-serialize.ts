/**
 * PHP serialize() / unserialize() for the values Magento 1 stores in TEXT columns
 * (product_options, additional_information, info_buyRequest, packages, applied_taxes…).
 * String lengths are UTF-8 BYTES, as PHP counts them.
 */

/** Marks a number that must serialize as a PHP float even if it is integral (e.g. 2.0 → d:2;). */
export class PhpFloat {
  constructor(readonly value: number) {}
}
export const phpFloat = (value: number): PhpFloat => new PhpFloat(value)

export type PhpValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | PhpFloat
  | readonly PhpValue[]
  | ReadonlyMap<string | number, PhpValue>
  | { readonly [key: string]: PhpValue }

const INT_KEY = /^(0|-?[1-9][0-9]*)$/
const PHP_INT_MAX = 9223372036854775807n
const PHP_INT_MIN = -9223372036854775808n

function key(k: string | number): string {
  if (typeof k === 'number') {
    if (!Number.isInteger(k)) throw new Error(`PHP array key must be an integer or string, got ${k}`)
    return `i:${k};`
  }
  // PHP casts decimal-integer string keys to int keys ("12" → 12).
  if (INT_KEY.test(k)) {
    const b = BigInt(k)
    if (b >= PHP_INT_MIN && b <= PHP_INT_MAX) return `i:${k};`
  }
  return str(k)
}

function str(s: string): string {
  return `s:${Buffer.byteLength(s, 'utf8')}:"${s}";`
}

function float(n: number): string {
  if (Number.isNaN(n)) return 'd:NAN;'
  if (n === Infinity) return 'd:INF;'
  if (n === -Infinity) return 'd:-INF;'
  if (Object.is(n, -0)) return 'd:-0;'
  // PHP >= 7.1 (serialize_precision = -1): shortest round-trip repr, exponent as 1.0E+25.
  let s = String(n)
  const e = s.indexOf('e')
  if (e >= 0) {
    let mantissa = s.slice(0, e)
    if (!mantissa.includes('.')) mantissa += '.0'
    s = `${mantissa}E${s.slice(e + 1)}`
  }
  return `d:${s};`
}

function entries(v: PhpValue): [string | number, PhpValue][] {
  if (Array.isArray(v)) return v.map((x, i) => [i, x as PhpValue])
  if (v instanceof Map) return [...(v as ReadonlyMap<string | number, PhpValue>).entries()]
  return Object.entries(v as Record<string, PhpValue>)
}

export function phpSerialize(v: PhpValue): string {
  if (v === null) return 'N;'
  if (typeof v === 'boolean') return `b:${v ? 1 : 0};`
  if (typeof v === 'bigint') return `i:${v};`
  if (typeof v === 'number') return Number.isSafeInteger(v) ? `i:${v};` : float(v)
  if (typeof v === 'string') return str(v)
  if (v instanceof PhpFloat) return float(v.value)
  const list = entries(v)
  return `a:${list.length}:{${list.map(([k, x]) => key(k) + phpSerialize(x)).join('')}}`
}

export type PhpUnserialized = null | boolean | number | string | Map<string | number, PhpUnserialized>

/**
 * Strict unserialize() of scalars and arrays (no objects). Throws on anything PHP would
 * reject, notably a string whose declared byte length does not match. Arrays come back as Map.
 */
export function phpUnserialize(input: string): PhpUnserialized {
  const buf = Buffer.from(input, 'utf8')
  let pos = 0
  const fail = (msg: string): never => {
    throw new Error(`phpUnserialize: ${msg} at byte ${pos}`)
  }
  const expect = (ch: string): void => {
    if (buf[pos] !== ch.charCodeAt(0)) fail(`expected '${ch}'`)
    pos++
  }
  const until = (ch: string): string => {
    const end = buf.indexOf(ch.charCodeAt(0), pos)
    if (end < 0) fail(`missing '${ch}'`)
    const s = buf.toString('latin1', pos, end)
    pos = end + 1
    return s
  }
  const value = (): PhpUnserialized => {
    const type = String.fromCharCode(buf[pos] ?? 0)
    pos++
    if (type === 'N') {
      expect(';')
      return null
    }
    expect(':')
    switch (type) {
      case 'b': {
        const s = until(';')
        if (s !== '0' && s !== '1') fail('bad bool')
        return s === '1'
      }
      case 'i': {
        const s = until(';')
        if (!/^[+-]?[0-9]+$/.test(s)) fail('bad int')
        return Number(s)
      }
      case 'd': {
        const s = until(';')
        if (s === 'NAN') return NaN
        if (s === 'INF') return Infinity
        if (s === '-INF') return -Infinity
        if (!/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) fail('bad float')
        return Number(s)
      }
      case 's': {
        const len = Number(until(':'))
        if (!Number.isInteger(len) || len < 0) fail('bad string length')
        expect('"')
        if (pos + len > buf.length) fail('string runs past the end')
        const s = buf.toString('utf8', pos, pos + len)
        pos += len
        expect('"')
        expect(';')
        return s
      }
      case 'a': {
        const n = Number(until(':'))
        if (!Number.isInteger(n) || n < 0) fail('bad array size')
        expect('{')
        const m = new Map<string | number, PhpUnserialized>()
        for (let i = 0; i < n; i++) {
          const k = value()
          if (typeof k !== 'number' && typeof k !== 'string') fail('bad array key')
          m.set(k as string | number, value())
        }
        expect('}')
        return m
      }
      default:
        return fail(`unsupported type '${type}'`)
    }
  }
  const result = value()
  if (pos !== buf.length) fail('trailing data')
  return result
}

/** True when `s` is a complete, well-formed serialize() string (byte lengths included). */
export function isPhpSerialized(s: string): boolean {
  try {
    phpUnserialize(s)
    return true
  } catch {
    return false
  }
}
