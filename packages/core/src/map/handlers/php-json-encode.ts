/**
 * `json_encode($value)` of PHP 7.1+ with default flags (and `serialize_precision = -1`), which is
 * what Magento 2's `Magento\Framework\Serialize\Serializer\Json::serialize()` writes:
 *
 * - an array whose keys are exactly 0..n-1 in order is a JSON list, any other array an object
 *   (int keys become strings); objects are always JSON objects;
 * - strings: `"` `\` and `/` escaped, `\b \f \n \r \t`, other control characters as `\u00XX`,
 *   every non-ASCII character as `\uXXXX` (lowercase hex, surrogate pairs beyond the BMP);
 * - floats: the shortest digits that round-trip (`zend_gcvt` mode 0, 17 digits), written in
 *   exponent form (`1.0e+25`, `1.0e-5`) when the decimal exponent is below -4 or above 16;
 *   integral floats print without `.0` (that needs JSON_PRESERVE_ZERO_FRACTION); `-0.0` is `-0`;
 * - failures where PHP returns false: invalid UTF-8, INF/NAN, nesting deeper than 512.
 *
 * Deviation, on purpose: PHP would drop protected/private properties of an object (and encode an
 * unknown class as `{"__PHP_Incomplete_Class_Name":…}`); for Magento data the properties are the
 * data, so every property is written under its unmangled name. `C:` objects cannot be encoded.
 */
import type { PhpArray, PhpBytes, PhpObject, PhpValue } from './php-value.js'

export const DEFAULT_JSON_MAX_DEPTH = 512
/** Default bound on the output, so references (`R:`/`r:`) cannot expand into gigabytes. */
export const DEFAULT_JSON_MAX_LENGTH = 64 * 1024 * 1024

export interface PhpJsonEncodeOptions {
  /** json_encode's `$depth`: deepest nesting of arrays/objects; default 512. */
  readonly maxDepth?: number
  /** Longest output accepted, in characters (= bytes, the output is ASCII); default 64 MiB. */
  readonly maxLength?: number
}

export class PhpJsonEncodeError extends Error {
  override readonly name = 'PhpJsonEncodeError'

  constructor(readonly reason: string) {
    super(reason)
  }
}

/** Encodes like PHP's `json_encode($value)`; throws {@link PhpJsonEncodeError} where PHP returns false. */
export function phpJsonEncode(value: PhpValue, options: PhpJsonEncodeOptions = {}): string {
  const encoder = new Encoder(options.maxDepth ?? DEFAULT_JSON_MAX_DEPTH, options.maxLength ?? DEFAULT_JSON_MAX_LENGTH)
  encoder.value(value, '', 0)
  return encoder.result()
}

class Encoder {
  private readonly parts: string[] = []
  private length = 0

  constructor(
    private readonly maxDepth: number,
    private readonly maxLength: number,
  ) {}

  result(): string {
    return this.parts.join('')
  }

  private push(text: string): void {
    this.length += text.length
    if (this.length > this.maxLength) throw new PhpJsonEncodeError(`JSON longer than ${this.maxLength} characters`)
    this.parts.push(text)
  }

  /** `path` names the position for error messages (`options.0.label`). */
  value(value: PhpValue, path: string, depth: number): void {
    if (value === null) return this.push('null')
    if (value === true) return this.push('true')
    if (value === false) return this.push('false')
    if (typeof value === 'string') return this.push(phpJsonString(value, path))
    switch (value.kind) {
      case 'int':
        return this.push(value.value.toString())
      case 'float':
        if (!Number.isFinite(value.value))
          throw new PhpJsonEncodeError(`${at(path)}INF and NAN cannot be encoded as JSON`)
        return this.push(formatPhpDouble(value.value))
      case 'bytes':
        throw invalidUtf8(path, value)
      case 'array':
        return this.array(value, path, depth + 1)
      case 'object':
        return this.object(value, path, depth + 1)
      case 'custom-object':
        throw new PhpJsonEncodeError(
          `${at(path)}object of class ${value.className} uses custom serialization (C:) and cannot be converted`,
        )
    }
  }

  private enter(path: string, depth: number): void {
    if (depth > this.maxDepth) throw new PhpJsonEncodeError(`${at(path)}nesting deeper than ${this.maxDepth} levels`)
  }

  private array(array: PhpArray, path: string, depth: number): void {
    this.enter(path, depth)
    if (isList(array)) {
      this.push('[')
      array.entries.forEach((entry, index) => {
        if (index > 0) this.push(',')
        this.value(entry.value, join(path, String(index)), depth)
      })
      this.push(']')
      return
    }
    this.push('{')
    array.entries.forEach((entry, index) => {
      if (index > 0) this.push(',')
      const key = typeof entry.key === 'bigint' ? entry.key.toString() : entry.key
      const name = typeof key === 'string' ? key : `(${key.bytes.length} bytes)`
      if (typeof key !== 'string') throw invalidUtf8(join(path, name), key, 'key')
      this.push(phpJsonString(key, join(path, name)))
      this.push(':')
      this.value(entry.value, join(path, name), depth)
    })
    this.push('}')
  }

  private object(object: PhpObject, path: string, depth: number): void {
    this.enter(path, depth)
    // Unmangled names can collide (a private and a public "x"): the last value wins, at the first position.
    const properties = new Map<string, PhpValue>()
    for (const property of object.properties) {
      if (typeof property.name !== 'string') throw invalidUtf8(path, property.name, 'property name')
      properties.set(property.name, property.value)
    }
    this.push('{')
    let first = true
    for (const [name, value] of properties) {
      if (!first) this.push(',')
      first = false
      this.push(phpJsonString(name, join(path, name)))
      this.push(':')
      this.value(value, join(path, name), depth)
    }
    this.push('}')
  }
}

function isList(array: PhpArray): boolean {
  let expected = 0n
  for (const entry of array.entries) {
    if (entry.key !== expected) return false
    expected++
  }
  return true
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`
}

function at(path: string): string {
  return path === '' ? '' : `at ${path}: `
}

function invalidUtf8(path: string, bytes: PhpBytes, what = 'string'): PhpJsonEncodeError {
  return new PhpJsonEncodeError(`${at(path)}${what} is not valid UTF-8 (${bytes.bytes.length} bytes)`)
}

const HEX = '0123456789abcdef'
const SIMPLE = /^[\x20-\x7e]*$/
const NEEDS_ESCAPE = /["\\/]/

/** A JSON string literal as PHP writes it with default flags. */
export function phpJsonString(text: string, path = ''): string {
  if (SIMPLE.test(text) && !NEEDS_ESCAPE.test(text)) return `"${text}"`
  let out = '"'
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    switch (code) {
      case 0x22:
        out += '\\"'
        continue
      case 0x5c:
        out += '\\\\'
        continue
      case 0x2f:
        out += '\\/'
        continue
      case 0x08:
        out += '\\b'
        continue
      case 0x0c:
        out += '\\f'
        continue
      case 0x0a:
        out += '\\n'
        continue
      case 0x0d:
        out += '\\r'
        continue
      case 0x09:
        out += '\\t'
        continue
    }
    if (code >= 0x20 && code < 0x80) {
      out += text[i]
      continue
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (!(next >= 0xdc00 && next <= 0xdfff))
        throw new PhpJsonEncodeError(`${at(path)}string is not valid UTF-8 (lone surrogate)`)
      out += unicodeEscape(code) + unicodeEscape(next)
      i++
      continue
    }
    if (code >= 0xdc00 && code <= 0xdfff)
      throw new PhpJsonEncodeError(`${at(path)}string is not valid UTF-8 (lone surrogate)`)
    out += unicodeEscape(code)
  }
  return `${out}"`
}

function unicodeEscape(code: number): string {
  return `\\u${HEX[(code >> 12) & 0xf]}${HEX[(code >> 8) & 0xf]}${HEX[(code >> 4) & 0xf]}${HEX[code & 0xf]}`
}

/**
 * A finite double as PHP's `zend_gcvt(value, 17, '.', 'e')` in mode 0 (serialize_precision -1)
 * writes it: shortest round-trip digits; exponent form when the decimal point position `decpt`
 * (value = 0.DIGITS × 10^decpt) is above 17 or below -3, with at least one digit after the point
 * (`1.0e+25`) and an unpadded exponent; otherwise plain notation without a trailing `.0`.
 */
export function formatPhpDouble(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`)
  const negative = value < 0 || Object.is(value, -0)
  const { digits, decpt } = shortestDigits(Math.abs(value))
  const sign = negative ? '-' : ''
  if (decpt > 17 || decpt < -3) {
    const exponent = decpt - 1
    const mantissa = `${digits[0]}.${digits.length > 1 ? digits.slice(1) : '0'}`
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`
  if (digits.length <= decpt) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}`
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`
}

/** Shortest round-trip digits (no leading/trailing zeros) and decimal point position, from JS's own shortest formatting. */
function shortestDigits(value: number): { digits: string; decpt: number } {
  if (value === 0) return { digits: '0', decpt: 1 }
  const text = String(value)
  const e = text.indexOf('e')
  const mantissa = e === -1 ? text : text.slice(0, e)
  const exponent = e === -1 ? 0 : Number(text.slice(e + 1))
  const point = mantissa.indexOf('.')
  const integerPart = point === -1 ? mantissa : mantissa.slice(0, point)
  let digits = point === -1 ? mantissa : integerPart + mantissa.slice(point + 1)
  let decpt = integerPart.length + exponent
  while (digits.startsWith('0')) {
    digits = digits.slice(1)
    decpt--
  }
  digits = digits.replace(/0+$/, '')
  return { digits, decpt }
}
