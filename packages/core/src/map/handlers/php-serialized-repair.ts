/**
 * Reads PHP-serialized data whose string lengths lie, as ten-year-old Magento 1 stores hold it:
 * a 4-byte character written through a utf8mb4 client into a utf8 column became `?` (the declared
 * `s:N:` still counts 4 bytes), a dump converted between latin1 and utf8 changed the byte length of
 * every accented letter, a hand edit changed the text but not its length.
 *
 * Where a string's declared length does not end at `";`, this reader trusts the delimiters instead:
 * it tries every `";` after the opening quote and keeps the reading under which the whole value
 * parses (counts, types and nesting as declared). Lengths that do end at `";` are trusted as they
 * are. A value with exactly one such reading is repaired: each string is exactly the bytes Magento
 * 1 holds between its quotes. A value with several readings (a string that may contain `";` and
 * what follows) is ambiguous and not repaired; a value with none (truncated, plain text) neither.
 *
 * Objects (`O:`, `C:`), back-references (`r:`/`R:`) and `S:` strings are not repaired: their class
 * names, numbering or escapes would have to be guessed too.
 */
import { decodePhpString } from './php-unserialize.js'
import {
  isInt64,
  normaliseArrayKey,
  type PhpArrayEntry,
  type PhpArrayKey,
  type PhpBytes,
  type PhpValue,
} from './php-value.js'

export type PhpRepair =
  /** One reading parses the whole value: `strings` of its strings had a declared length that lied. */
  | { readonly kind: 'repaired'; readonly value: PhpValue; readonly strings: number }
  | { readonly kind: 'ambiguous' }
  | { readonly kind: 'unrepairable'; readonly reason: string }

/** Readings tried before giving up on a value (each a string end or a value tried at a position). */
const MAX_STEPS = 50_000
/** Deepest nesting followed. */
const MAX_DEPTH = 64

const QUOTE = 0x22
const SEMICOLON = 0x3b
const COLON = 0x3a

type Parse<T> = Generator<readonly [T, number], void, undefined>

/** Repairs a serialized value whose strings' declared lengths are wrong (see the module comment). */
export function repairPhpSerialized(input: string | Buffer): PhpRepair {
  const reader = new LenientReader(typeof input === 'string' ? Buffer.from(input, 'utf8') : input)
  try {
    let found: { value: PhpValue; strings: number } | undefined
    for (const [value, end] of reader.value(0, 0)) {
      if (end !== reader.length) continue
      if (found) return { kind: 'ambiguous' }
      found = { value, strings: reader.relengthed }
    }
    return found
      ? { kind: 'repaired', ...found }
      : {
          kind: 'unrepairable',
          reason: 'no reading of its strings parses the whole value (cut short, or not serialized data)',
        }
  } catch (error) {
    if (error instanceof TooComplex) return { kind: 'unrepairable', reason: error.message }
    throw error
  }
}

class TooComplex extends Error {}

class LenientReader {
  private steps = 0
  /** Strings read with a length other than the declared one, on the reading being explored. */
  relengthed = 0

  constructor(private readonly buf: Buffer) {}

  get length(): number {
    return this.buf.length
  }

  private step(): void {
    if (++this.steps > MAX_STEPS) throw new TooComplex(`more than ${MAX_STEPS} readings to try`)
  }

  *value(pos: number, depth: number): Parse<PhpValue> {
    this.step()
    if (depth > MAX_DEPTH) throw new TooComplex(`nested deeper than ${MAX_DEPTH} levels`)
    const type = this.buf[pos]
    switch (type) {
      case 0x4e /* N */:
        if (this.at(pos, 'N;')) yield [null, pos + 2]
        return
      case 0x62 /* b */: {
        const flag = this.buf[pos + 2]
        if (this.at(pos, 'b:') && (flag === 0x30 || flag === 0x31) && this.buf[pos + 3] === SEMICOLON)
          yield [flag === 0x31, pos + 4]
        return
      }
      case 0x69 /* i */: {
        const token = this.token(pos, 'i:')
        if (token && /^[+-]?[0-9]+$/.test(token.text) && isInt64(BigInt(token.text)))
          yield [{ kind: 'int', value: BigInt(token.text) }, token.end]
        return
      }
      case 0x64 /* d */: {
        const token = this.token(pos, 'd:')
        const number = token ? floatOf(token.text) : undefined
        if (token && number !== undefined) yield [{ kind: 'float', value: number }, token.end]
        return
      }
      case 0x73 /* s */:
        yield* this.string(pos)
        return
      case 0x61 /* a */:
        yield* this.array(pos, depth)
        return
      default:
        return
    }
  }

  /** `s:<n>:"…";`: the declared end if it is one, otherwise every `";` after the quote. */
  private *string(pos: number): Parse<string | PhpBytes> {
    if (!this.at(pos, 's:')) return
    const declared = this.number(pos + 2)
    if (!declared || this.buf[declared.end] !== COLON || this.buf[declared.end + 1] !== QUOTE) return
    const from = declared.end + 2
    const trusted = from + declared.value
    if (this.buf[trusted] === QUOTE && this.buf[trusted + 1] === SEMICOLON) {
      yield [decodePhpString(this.buf.subarray(from, trusted)), trusted + 2]
      return
    }
    for (let end = this.buf.indexOf('";', from, 'latin1'); end >= 0; end = this.buf.indexOf('";', end + 1, 'latin1')) {
      this.step()
      this.relengthed++
      yield [decodePhpString(this.buf.subarray(from, end)), end + 2]
      this.relengthed--
    }
  }

  /** An array key: an int, or a string (read as `string` reads one). */
  private *key(pos: number): Parse<PhpArrayKey> {
    if (this.buf[pos] === 0x69) {
      const token = this.token(pos, 'i:')
      if (token && /^[+-]?[0-9]+$/.test(token.text) && isInt64(BigInt(token.text)))
        yield [BigInt(token.text), token.end]
      return
    }
    for (const [key, end] of this.string(pos)) yield [typeof key === 'string' ? normaliseArrayKey(key) : key, end]
  }

  private *array(pos: number, depth: number): Parse<PhpValue> {
    if (!this.at(pos, 'a:')) return
    const count = this.number(pos + 2)
    if (!count || !this.at(count.end, ':{')) return
    for (const [entries, end] of this.entries(count.end + 2, count.value, [], depth))
      yield [{ kind: 'array', entries: dedupe(entries) }, end]
  }

  private *entries(
    pos: number,
    remaining: number,
    entries: readonly PhpArrayEntry[],
    depth: number,
  ): Parse<readonly PhpArrayEntry[]> {
    if (remaining === 0) {
      if (this.buf[pos] === 0x7d /* } */) yield [entries, pos + 1]
      return
    }
    for (const [key, afterKey] of this.key(pos)) {
      for (const [value, afterValue] of this.value(afterKey, depth + 1))
        yield* this.entries(afterValue, remaining - 1, [...entries, { key, value }], depth)
    }
  }

  private at(pos: number, text: string): boolean {
    for (let i = 0; i < text.length; i++) if (this.buf[pos + i] !== text.charCodeAt(i)) return false
    return true
  }

  /** Unsigned decimal at `pos`. */
  private number(pos: number): { value: number; end: number } | undefined {
    let end = pos
    let value = 0
    for (
      let byte = this.buf[end];
      byte !== undefined && byte >= 0x30 && byte <= 0x39 && end - pos < 15;
      byte = this.buf[++end]
    )
      value = value * 10 + (byte - 0x30)
    return end > pos ? { value, end } : undefined
  }

  /** `<prefix><text>;` at `pos`. */
  private token(pos: number, prefix: string): { text: string; end: number } | undefined {
    if (!this.at(pos, prefix)) return undefined
    const from = pos + prefix.length
    const semicolon = this.buf.indexOf(SEMICOLON, from)
    if (semicolon < 0 || semicolon - from > 1100) return undefined
    return { text: this.buf.toString('latin1', from, semicolon), end: semicolon + 1 }
  }
}

function floatOf(text: string): number | undefined {
  if (text === 'NAN') return Number.NaN
  if (text === 'INF') return Number.POSITIVE_INFINITY
  if (text === '-INF') return Number.NEGATIVE_INFINITY
  return /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(text) ? Number(text) : undefined
}

/** A repeated key replaces the earlier entry, as in PHP. */
function dedupe(entries: readonly PhpArrayEntry[]): PhpArrayEntry[] {
  const result: PhpArrayEntry[] = []
  for (const entry of entries) {
    const at = result.findIndex((other) => sameKey(other.key, entry.key))
    if (at < 0) result.push(entry)
    else result[at] = entry
  }
  return result
}

function sameKey(a: PhpArrayKey, b: PhpArrayKey): boolean {
  if (typeof a !== 'object' || typeof b !== 'object') return a === b
  return a.bytes.equals(b.bytes)
}
