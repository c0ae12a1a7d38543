/**
 * A strict, safe reader for PHP's `serialize()` format as Magento 1 stores it (PHP 5.x/7.x output):
 * `N;` `b:0;` `i:-5;` `d:0.5;` `d:INF;` `s:<bytes>:"…";` `S:` (escaped strings), `a:<n>:{…}`,
 * `O:<len>:"Class":<n>:{…}`, `C:` custom objects (kept opaque), and back-references `r:n;`/`R:n;`
 * resolved by PHP's value numbering. Nothing is evaluated and no class is instantiated.
 *
 * String lengths count bytes, so parsing runs over the UTF-8 bytes of the input. Anything PHP would
 * refuse (and a few things it tolerates, such as data after the value or an int out of 64-bit range)
 * raises a {@link PhpUnserializeError} carrying the byte offset.
 */
import {
  arrayKeyId,
  isInt64,
  normaliseArrayKey,
  type PhpArrayEntry,
  type PhpArrayKey,
  type PhpBytes,
  type PhpProperty,
  type PhpValue,
} from './php-value.js'

/** Deepest nesting of arrays and objects accepted by default: PHP's json_encode depth. */
export const DEFAULT_UNSERIALIZE_MAX_DEPTH = 512

export interface PhpUnserializeOptions {
  /** Deepest nesting of arrays and objects accepted; default {@link DEFAULT_UNSERIALIZE_MAX_DEPTH}. */
  readonly maxDepth?: number
}

export class PhpUnserializeError extends Error {
  override readonly name = 'PhpUnserializeError'

  constructor(
    /** What is wrong, without the offset. */
    readonly reason: string,
    /** Byte offset (in the UTF-8 bytes) where the problem was found. */
    readonly offset: number,
  ) {
    super(`${reason} at byte ${offset}`)
  }
}

export type PhpUnserializeResult =
  { readonly ok: true; readonly value: PhpValue } | { readonly ok: false; readonly error: PhpUnserializeError }

/** Parses PHP-serialized data; a string is taken as text and parsed over its UTF-8 bytes. */
export function phpUnserialize(input: string | Buffer, options: PhpUnserializeOptions = {}): PhpValue {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input
  const maxDepth = options.maxDepth ?? DEFAULT_UNSERIALIZE_MAX_DEPTH
  if (!Number.isInteger(maxDepth) || maxDepth < 0)
    throw new RangeError(`maxDepth must be a non-negative integer, got ${maxDepth}`)
  return new Parser(bytes, maxDepth).parse()
}

/** Like {@link phpUnserialize}, but returns the error instead of throwing it. */
export function tryPhpUnserialize(input: string | Buffer, options: PhpUnserializeOptions = {}): PhpUnserializeResult {
  try {
    return { ok: true, value: phpUnserialize(input, options) }
  } catch (error) {
    if (error instanceof PhpUnserializeError) return { ok: false, error }
    throw error
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Valid UTF-8 becomes a string; anything else stays bytes (json_encode refuses it). */
export function decodePhpString(bytes: Buffer): string | PhpBytes {
  let ascii = true
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      ascii = false
      break
    }
  }
  if (ascii) return bytes.toString('latin1')
  try {
    return utf8.decode(bytes)
  } catch {
    return { kind: 'bytes', bytes: Buffer.from(bytes) }
  }
}

const IN_PROGRESS: unique symbol = Symbol('in progress')
type Slot = PhpValue | typeof IN_PROGRESS

const CHAR = {
  quote: 0x22,
  colon: 0x3a,
  semicolon: 0x3b,
  backslash: 0x5c,
  braceOpen: 0x7b,
  braceClose: 0x7d,
  zero: 0x30,
  nine: 0x39,
} as const

/** Longest number token (`i:`/`d:`) read before giving up: PHP prints at most a few hundred digits. */
const MAX_NUMBER_TOKEN = 1100

class Parser {
  private pos = 0
  /** PHP numbers every value except `R:` (and array keys) from 1, in order of appearance. */
  private readonly slots: Slot[] = []

  constructor(
    private readonly buf: Buffer,
    private readonly maxDepth: number,
  ) {}

  parse(): PhpValue {
    if (this.buf.length === 0) this.fail('empty input')
    const value = this.value(0)
    if (this.pos !== this.buf.length) this.fail('unexpected data after the serialized value')
    return value
  }

  private fail(reason: string, offset = this.pos): never {
    throw new PhpUnserializeError(reason, offset)
  }

  private value(depth: number): PhpValue {
    const type = this.buf[this.pos]
    if (type === undefined) this.fail('unexpected end of data')
    if (type === 0x52 /* R */) return this.reference(true)
    const slot = this.slots.length
    this.slots.push(IN_PROGRESS)
    const value = this.typed(type, depth)
    this.slots[slot] = value
    return value
  }

  private typed(type: number, depth: number): PhpValue {
    switch (type) {
      case 0x4e /* N */:
        this.expect('N;')
        return null
      case 0x62 /* b */: {
        this.expect('b:')
        const flag = this.buf[this.pos]
        if (flag !== 0x30 && flag !== 0x31) this.fail('expected 0 or 1 for a boolean')
        this.pos++
        this.expect(';')
        return flag === 0x31
      }
      case 0x69 /* i */:
        this.expect('i:')
        return { kind: 'int', value: this.intToken() }
      case 0x64 /* d */:
        this.expect('d:')
        return { kind: 'float', value: this.floatToken() }
      case 0x73 /* s */:
        return this.plainString()
      case 0x53 /* S */:
        return decodePhpString(this.rawString())
      case 0x61 /* a */:
        return this.array(depth)
      case 0x4f /* O */:
        return this.object(depth)
      case 0x43 /* C */:
        return this.customObject()
      case 0x72 /* r */:
        return this.reference(false)
      default:
        return this.fail(`unknown value type "${printable(type)}"`)
    }
  }

  private expect(text: string): void {
    for (let i = 0; i < text.length; i++) {
      if (this.buf[this.pos] !== text.charCodeAt(i)) {
        this.fail(
          this.pos >= this.buf.length
            ? `unexpected end of data, expected "${text.slice(i)}"`
            : `expected "${text.slice(i)}"`,
        )
      }
      this.pos++
    }
  }

  /** Unsigned decimal (lengths, counts, reference numbers). */
  private unsigned(what: string): number {
    const start = this.pos
    let value = 0
    for (
      let byte = this.buf[this.pos];
      byte !== undefined && byte >= CHAR.zero && byte <= CHAR.nine;
      byte = this.buf[++this.pos]
    )
      value = value * 10 + (byte - CHAR.zero)
    if (this.pos === start) this.fail(`expected a ${what}`)
    if (this.pos - start > 15) this.fail(`${what} too large`, start)
    return value
  }

  /** The text up to the next `;`, which is consumed. */
  private token(): { text: string; start: number } {
    const start = this.pos
    const limit = Math.min(this.buf.length, start + MAX_NUMBER_TOKEN)
    let end = start
    while (end < limit && this.buf[end] !== CHAR.semicolon) end++
    if (end >= limit)
      this.fail(
        end >= this.buf.length ? 'unexpected end of data, expected ";"' : 'number too long',
        end >= this.buf.length ? end : start,
      )
    this.pos = end + 1
    return { text: this.buf.toString('latin1', start, end), start }
  }

  private intToken(): bigint {
    // Short plain integers (array keys, quantities), the common case, without a string in between.
    const start = this.pos
    let value = 0
    let end = start
    for (
      let byte = this.buf[end];
      byte !== undefined && byte >= CHAR.zero && byte <= CHAR.nine && end - start < 15;
      byte = this.buf[++end]
    )
      value = value * 10 + (byte - CHAR.zero)
    if (end > start && this.buf[end] === CHAR.semicolon && (this.buf[start] !== CHAR.zero || end - start === 1)) {
      this.pos = end + 1
      return BigInt(value)
    }
    return this.longIntToken()
  }

  private longIntToken(): bigint {
    const { text, start } = this.token()
    if (!/^[+-]?[0-9]+$/.test(text)) this.fail(`invalid integer "${text}"`, start)
    const value = BigInt(text)
    if (!isInt64(value)) this.fail(`integer ${text} is out of the 64-bit range`, start)
    return value
  }

  private floatToken(): number {
    const { text, start } = this.token()
    switch (text) {
      case 'NAN':
        return Number.NaN
      case 'INF':
        return Number.POSITIVE_INFINITY
      case '-INF':
        return Number.NEGATIVE_INFINITY
    }
    if (!/^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(text))
      this.fail(`invalid float "${text}"`, start)
    return Number(text)
  }

  /** `s:<n>:"<n bytes>";` as `decodePhpString` decodes it, without a Buffer in between for plain ASCII. */
  private plainString(): string | PhpBytes {
    const start = this.pos
    this.pos += 2 // s:
    if (this.buf[start + 1] !== CHAR.colon) {
      this.pos = start
      return decodePhpString(this.rawString())
    }
    const lengthAt = this.pos
    const length = this.unsigned('string length')
    this.expect(':"')
    if (length > this.buf.length - this.pos)
      this.fail(`string length ${length} runs past the end of the data`, lengthAt)
    const from = this.pos
    const to = from + length
    let ascii = true
    for (let i = from; i < to; i++) {
      if (this.buf[i]! >= 0x80) {
        ascii = false
        break
      }
    }
    this.pos = to
    if (this.buf[this.pos] !== CHAR.quote)
      this.fail(`string of ${length} bytes does not end with '"' (the length must count UTF-8 bytes)`)
    this.pos++
    this.expect(';')
    return ascii ? this.buf.toString('latin1', from, to) : decodePhpString(this.buf.subarray(from, to))
  }

  /** `s:<n>:"<n bytes>";` or `S:<n>:"<n escaped bytes>";` → the bytes. */
  private rawString(): Buffer {
    const escaped = this.buf[this.pos] === 0x53
    this.pos++
    this.expect(':')
    const lengthAt = this.pos
    const length = this.unsigned('string length')
    this.expect(':"')
    let bytes: Buffer
    if (escaped) {
      bytes = this.escapedBytes(length)
    } else {
      if (length > this.buf.length - this.pos)
        this.fail(`string length ${length} runs past the end of the data`, lengthAt)
      bytes = this.buf.subarray(this.pos, this.pos + length)
      this.pos += length
    }
    if (this.buf[this.pos] !== CHAR.quote) {
      this.fail(`string of ${length} bytes does not end with '"' (the length must count UTF-8 bytes)`)
    }
    this.pos++
    this.expect(';')
    return bytes
  }

  private escapedBytes(length: number): Buffer {
    const out = Buffer.alloc(Math.min(length, this.buf.length - this.pos))
    if (out.length < length) this.fail(`string length ${length} runs past the end of the data`)
    for (let i = 0; i < length; i++) {
      const byte = this.buf[this.pos]
      if (byte === undefined) this.fail('unexpected end of data in a string')
      if (byte !== CHAR.backslash) {
        out[i] = byte
        this.pos++
        continue
      }
      const hex = this.buf.toString('latin1', this.pos + 1, this.pos + 3)
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) this.fail('invalid \\xx escape in an S: string')
      out[i] = Number.parseInt(hex, 16)
      this.pos += 3
    }
    return out
  }

  /** An array key or property name: `i:` or `s:`/`S:`, not numbered. */
  private key(): bigint | Buffer {
    const type = this.buf[this.pos]
    if (type === 0x69) {
      this.expect('i:')
      return this.intToken()
    }
    if (type === 0x73 || type === 0x53) return this.rawString()
    return this.fail(
      type === undefined ? 'unexpected end of data, expected a key' : 'a key must be an int (i:) or a string (s:)',
    )
  }

  private decodedKey(): PhpArrayKey {
    const raw = this.key()
    return typeof raw === 'bigint' ? raw : arrayKey(decodePhpString(raw))
  }

  private open(what: string, depth: number): number {
    const countAt = this.pos
    const count = this.unsigned(`${what} count`)
    this.expect(':{')
    if (depth >= this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth} levels`, countAt)
    // Every element takes at least 4 bytes ("i:0;" key, "N;" value): reject absurd counts early.
    if (count > (this.buf.length - this.pos) / 4) this.fail(`${what} count ${count} exceeds the data`, countAt)
    return count
  }

  private close(what: string): void {
    if (this.buf[this.pos] !== CHAR.braceClose)
      this.fail(`expected "}" to end the ${what} (more elements than its count?)`)
    this.pos++
  }

  private array(depth: number): PhpValue {
    this.expect('a:')
    const count = this.open('array', depth)
    const entries: PhpArrayEntry[] = []
    // A repeated key replaces the earlier entry, as in PHP: small arrays are searched, large ones indexed.
    const index = count > SMALL_ARRAY ? new Map<string, number>() : undefined
    for (let i = 0; i < count; i++) {
      const key: PhpArrayKey = this.buf[this.pos] === 0x73 /* s */ ? arrayKey(this.plainString()) : this.decodedKey()
      const value = this.value(depth + 1)
      const id = index === undefined ? undefined : arrayKeyId(key)
      const existing = id === undefined ? entries.findIndex((entry) => sameKey(entry.key, key)) : (index?.get(id) ?? -1)
      if (existing < 0) {
        if (id !== undefined) index?.set(id, entries.length)
        entries.push({ key, value })
      } else {
        entries[existing] = { key, value }
      }
    }
    this.close('array')
    return { kind: 'array', entries }
  }

  private className(): string {
    const lengthAt = this.pos
    const length = this.unsigned('class name length')
    this.expect(':"')
    if (length === 0) this.fail('empty class name', lengthAt)
    if (length > this.buf.length - this.pos)
      this.fail(`class name length ${length} runs past the end of the data`, lengthAt)
    const bytes = this.buf.subarray(this.pos, this.pos + length)
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i]!
      const valid =
        byte >= 0x80 ||
        byte === 0x5f ||
        byte === CHAR.backslash ||
        (byte >= 0x30 && byte <= 0x39) ||
        (byte >= 0x41 && byte <= 0x5a) ||
        (byte >= 0x61 && byte <= 0x7a)
      if (!valid || (i === 0 && byte === CHAR.backslash)) this.fail('invalid class name', this.pos + i)
    }
    this.pos += length
    this.expect('":')
    return bytes.toString('utf8')
  }

  private object(depth: number): PhpValue {
    this.expect('O:')
    const className = this.className()
    const count = this.open('object', depth)
    const properties: PhpProperty[] = []
    const index = new Map<string, number>()
    for (let i = 0; i < count; i++) {
      const nameAt = this.pos
      const raw = this.key()
      // Object properties have no int keys: PHP turns them into strings.
      const bytes = typeof raw === 'bigint' ? Buffer.from(raw.toString(), 'latin1') : raw
      const value = this.value(depth + 1)
      const property = unmangle(bytes, value, () => this.fail('malformed private/protected property name', nameAt))
      const id = bytes.toString('hex')
      const existing = index.get(id)
      if (existing === undefined) {
        index.set(id, properties.length)
        properties.push(property)
      } else {
        properties[existing] = property
      }
    }
    this.close('object')
    return { kind: 'object', className, properties }
  }

  private customObject(): PhpValue {
    this.expect('C:')
    const className = this.className()
    const lengthAt = this.pos
    const length = this.unsigned('custom object data length')
    this.expect(':{')
    if (length >= this.buf.length - this.pos)
      this.fail(`custom object data length ${length} runs past the end of the data`, lengthAt)
    const data = Buffer.from(this.buf.subarray(this.pos, this.pos + length))
    this.pos += length
    this.close('custom object')
    return { kind: 'custom-object', className, data }
  }

  private reference(strong: boolean): PhpValue {
    const at = this.pos
    this.expect(strong ? 'R:' : 'r:')
    const id = this.unsigned('reference number')
    this.expect(';')
    const slot = id >= 1 ? this.slots[id - 1] : undefined
    if (slot === undefined) this.fail(`reference to value #${id}, which does not exist`, at)
    if (slot === IN_PROGRESS) this.fail(`reference to value #${id}, which contains the reference (recursive data)`, at)
    return slot
  }
}

/** Arrays up to this many elements find a repeated key by searching instead of through an index. */
const SMALL_ARRAY = 16

function sameKey(a: PhpArrayKey, b: PhpArrayKey): boolean {
  if (typeof a !== 'object' || typeof b !== 'object') return a === b
  return a.bytes.equals(b.bytes)
}

function arrayKey(key: string | PhpBytes): PhpArrayKey {
  return typeof key === 'string' ? normaliseArrayKey(key) : key
}

/** `\0*\0name` is protected, `\0Class\0name` private (declared by Class), anything else public. */
function unmangle(bytes: Buffer, value: PhpValue, malformed: () => never): PhpProperty {
  if (bytes[0] !== 0) return { name: decodePhpString(bytes), visibility: 'public', value }
  const end = bytes.indexOf(0, 1)
  if (end <= 1) malformed()
  const owner = bytes.toString('utf8', 1, end)
  const name = decodePhpString(bytes.subarray(end + 1))
  return owner === '*'
    ? { name, visibility: 'protected', value }
    : { name, visibility: 'private', declaringClass: owner, value }
}

function printable(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`
}
