import { describe, expect, it } from 'vitest'
import { PhpUnserializeError, phpUnserialize, tryPhpUnserialize } from '../../../src/map/handlers/php-unserialize.js'
import type { PhpArray } from '../../../src/map/handlers/php-value.js'

function errorOf(input: string | Buffer, options?: { maxDepth?: number }): PhpUnserializeError {
  const result = tryPhpUnserialize(input, options)
  if (result.ok)
    throw new Error(
      `expected a failure, got ${JSON.stringify(result.value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`,
    )
  return result.error
}

describe('phpUnserialize: scalars', () => {
  it('reads null, booleans, ints and floats', () => {
    expect(phpUnserialize('N;')).toBeNull()
    expect(phpUnserialize('b:0;')).toBe(false)
    expect(phpUnserialize('b:1;')).toBe(true)
    expect(phpUnserialize('i:-5;')).toEqual({ kind: 'int', value: -5n })
    expect(phpUnserialize('i:+7;')).toEqual({ kind: 'int', value: 7n })
    expect(phpUnserialize('d:0.5;')).toEqual({ kind: 'float', value: 0.5 })
    expect(phpUnserialize('d:2;')).toEqual({ kind: 'float', value: 2 })
    expect(phpUnserialize('d:1.0E+25;')).toEqual({ kind: 'float', value: 1e25 })
    expect(phpUnserialize('d:.5e-3;')).toEqual({ kind: 'float', value: 0.0005 })
    expect(phpUnserialize('d:0.10000000000000001;')).toEqual({ kind: 'float', value: 0.1 })
    expect(phpUnserialize('d:INF;')).toEqual({ kind: 'float', value: Number.POSITIVE_INFINITY })
    expect(phpUnserialize('d:-INF;')).toEqual({ kind: 'float', value: Number.NEGATIVE_INFINITY })
    expect((phpUnserialize('d:NAN;') as { value: number }).value).toBeNaN()
    expect(Object.is((phpUnserialize('d:-0;') as { value: number }).value, -0)).toBe(true)
  })

  it('keeps ints beyond 2^53 exact and refuses ints beyond 64 bits', () => {
    expect(phpUnserialize('i:9007199254740993;')).toEqual({ kind: 'int', value: 9007199254740993n })
    expect(phpUnserialize('i:9223372036854775807;')).toEqual({ kind: 'int', value: 9223372036854775807n })
    expect(phpUnserialize('i:-9223372036854775808;')).toEqual({ kind: 'int', value: -9223372036854775808n })
    expect(errorOf('i:9223372036854775808;')).toMatchObject({
      offset: 2,
      reason: 'integer 9223372036854775808 is out of the 64-bit range',
    })
  })

  it('counts string lengths in UTF-8 bytes, from a string or a Buffer', () => {
    expect(phpUnserialize('s:7:"Größe";')).toBe('Größe')
    expect(phpUnserialize('s:11:"Größe ✓";')).toBe('Größe ✓')
    expect(phpUnserialize('s:7:"😀 ok";')).toBe('😀 ok')
    expect(phpUnserialize(Buffer.from('s:7:"Größe";', 'utf8'))).toBe('Größe')
    expect(phpUnserialize('s:0:"";')).toBe('')
    // quotes and semicolons inside a string are data
    expect(phpUnserialize('s:6:"a";b:1";')).toBe('a";b:1')
  })

  it('reads the escaped S: format', () => {
    expect(phpUnserialize('S:3:"a\\62c";')).toBe('abc')
  })

  it('keeps a string that is not valid UTF-8 as bytes', () => {
    const value = phpUnserialize(Buffer.concat([Buffer.from('s:2:"'), Buffer.from([0xff, 0x41]), Buffer.from('";')]))
    expect(value).toEqual({ kind: 'bytes', bytes: Buffer.from([0xff, 0x41]) })
  })
})

describe('phpUnserialize: arrays and objects', () => {
  it('reads a Magento 1 info_buyRequest', () => {
    const value = phpUnserialize(
      'a:4:{s:4:"uenc";s:72:"aHR0cDovL3d3dy5leGFtcGxlLmNvbS9tZW4vY2hlbHNlYS10ZWUuaHRtbD9fX19TSUQ9VQ,,";s:7:"product";s:3:"166";s:8:"form_key";s:16:"Xg3PbOqSWqCiM4kL";s:3:"qty";i:1;}',
    )
    expect(value).toEqual({
      kind: 'array',
      entries: [
        { key: 'uenc', value: 'aHR0cDovL3d3dy5leGFtcGxlLmNvbS9tZW4vY2hlbHNlYS10ZWUuaHRtbD9fX19TSUQ9VQ,,' },
        { key: 'product', value: '166' },
        { key: 'form_key', value: 'Xg3PbOqSWqCiM4kL' },
        { key: 'qty', value: { kind: 'int', value: 1n } },
      ],
    })
  })

  it('keeps key order, turns canonical numeric string keys into ints, and lets a duplicate key replace in place', () => {
    const value = phpUnserialize('a:5:{i:3;s:1:"a";s:1:"7";s:1:"b";s:2:"07";s:1:"c";s:2:"-0";s:1:"d";i:3;s:1:"e";}')
    expect(value).toEqual({
      kind: 'array',
      entries: [
        { key: 3n, value: 'e' },
        { key: 7n, value: 'b' },
        { key: '07', value: 'c' },
        { key: '-0', value: 'd' },
      ],
    })
  })

  it('lets a duplicate key replace in place in a large array too (indexed rather than searched), ints and numeric strings alike', () => {
    const keys = Array.from({ length: 20 }, (_, index) => `s:2:"k${String.fromCharCode(97 + index)}";i:${index};`).join(
      '',
    )
    const value = phpUnserialize(`a:23:{${keys}s:2:"kc";s:3:"new";i:40;s:1:"x";s:2:"40";s:1:"y";}`)
    if (typeof value !== 'object' || value === null || value.kind !== 'array') throw new Error('not an array')
    expect(value.entries).toHaveLength(21)
    expect(value.entries[2]).toEqual({ key: 'kc', value: 'new' })
    expect(value.entries[20]).toEqual({ key: 40n, value: 'y' })
  })

  it('reads objects, unmangling protected and private property names', () => {
    const value = phpUnserialize(
      'O:13:"Varien_Object":3:{s:8:"\u0000*\u0000_data";a:1:{s:3:"sku";s:3:"abc";}s:20:"\u0000Varien_Object\u0000_flag";b:1;i:5;N;}',
    )
    expect(value).toEqual({
      kind: 'object',
      className: 'Varien_Object',
      properties: [
        { name: '_data', visibility: 'protected', value: { kind: 'array', entries: [{ key: 'sku', value: 'abc' }] } },
        { name: '_flag', visibility: 'private', declaringClass: 'Varien_Object', value: true },
        { name: '5', visibility: 'public', value: null },
      ],
    })
  })

  it('returns C: custom-serialized objects as an opaque marker', () => {
    expect(phpUnserialize('C:11:"ArrayObject":21:{x:i:0;a:0:{};m:a:0:{}}')).toEqual({
      kind: 'custom-object',
      className: 'ArrayObject',
      data: Buffer.from('x:i:0;a:0:{};m:a:0:{}'),
    })
  })
})

describe('phpUnserialize: references', () => {
  it('resolves R: and r: by PHP value numbering (R: itself takes no number)', () => {
    const shared = { kind: 'array', entries: [{ key: 'x', value: { kind: 'int', value: 1n } }] }
    expect(phpUnserialize('a:2:{i:0;a:1:{s:1:"x";i:1;}i:1;R:2;}')).toEqual({
      kind: 'array',
      entries: [
        { key: 0n, value: shared },
        { key: 1n, value: shared },
      ],
    })
    // #1 the array, #2 "a", R:2 unnumbered, #3 "c"
    const list = phpUnserialize('a:4:{i:0;s:1:"a";i:1;R:2;i:2;s:1:"c";i:3;R:3;}') as PhpArray
    expect(list.entries.map((entry) => entry.value)).toEqual(['a', 'a', 'c', 'c'])
    const objects = phpUnserialize('a:2:{i:0;O:8:"stdClass":1:{s:1:"a";s:1:"b";}i:1;r:2;}') as PhpArray
    expect(objects.entries[1]!.value).toBe(objects.entries[0]!.value)
  })

  it('fails clearly on unknown or recursive references', () => {
    expect(errorOf('a:1:{i:0;R:5;}')).toMatchObject({
      offset: 9,
      reason: 'reference to value #5, which does not exist',
    })
    expect(errorOf('a:1:{i:0;R:1;}')).toMatchObject({
      offset: 9,
      reason: 'reference to value #1, which contains the reference (recursive data)',
    })
    expect(errorOf('a:1:{i:0;r:2;}')).toMatchObject({ offset: 9 })
    expect(errorOf('R:1;').reason).toBe('reference to value #1, which does not exist')
  })
})

describe('phpUnserialize: malformed input', () => {
  it.each([
    ['', 0, 'empty input'],
    ['x:1;', 0, 'unknown value type "x"'],
    ['N;x', 2, 'unexpected data after the serialized value'],
    ['b:2;', 2, 'expected 0 or 1 for a boolean'],
    ['i:12a;', 2, 'invalid integer "12a"'],
    ['d:1.2.3;', 2, 'invalid float "1.2.3"'],
    ['i:5', 3, 'unexpected end of data, expected ";"'],
    ['s:5:"Größe";', 10, `string of 5 bytes does not end with '"' (the length must count UTF-8 bytes)`],
    ['s:50:"abc";', 2, 'string length 50 runs past the end of the data'],
    ['a:2:{i:0;i:1;}', 13, 'a key must be an int (i:) or a string (s:)'],
    ['a:1:{s:1:"a";i:1;', 17, 'expected "}" to end the array (more elements than its count?)'],
    ['a:1:{i:0;i:1;i:1;i:2;}', 13, 'expected "}" to end the array (more elements than its count?)'],
    ['a:1:{d:0.5;i:1;}', 5, 'a key must be an int (i:) or a string (s:)'],
    ['a:99:{i:0;N;}', 2, 'array count 99 exceeds the data'],
    ['O:0:"":0:{}', 2, 'empty class name'],
    ['O:3:"a-b":0:{}', 6, 'invalid class name'],
    ['O:8:"stdClass":1:{s:3:"\u0000ab";N;}', 18, 'malformed private/protected property name'],
  ])('%j fails at byte %i', (input, offset, reason) => {
    const error = errorOf(input)
    expect(error).toBeInstanceOf(PhpUnserializeError)
    expect({ offset: error.offset, reason: error.reason }).toEqual({ offset, reason })
    expect(error.message).toBe(`${reason} at byte ${offset}`)
  })

  it('throws PhpUnserializeError from phpUnserialize', () => {
    expect(() => phpUnserialize('a:1:{')).toThrow(PhpUnserializeError)
  })
})

describe('phpUnserialize: depth limit', () => {
  const nested = (levels: number): string => 'a:1:{i:0;'.repeat(levels) + 'N;' + '}'.repeat(levels)

  it('accepts 512 nested arrays and refuses 513 without deep recursion', () => {
    expect(tryPhpUnserialize(nested(512)).ok).toBe(true)
    const error = errorOf(nested(513))
    expect(error.reason).toBe('nesting deeper than 512 levels')
    expect(error.offset).toBe(512 * 9 + 2)
    expect(errorOf(nested(100_000)).reason).toBe('nesting deeper than 512 levels')
  })

  it('honours maxDepth', () => {
    expect(tryPhpUnserialize(nested(2), { maxDepth: 2 }).ok).toBe(true)
    expect(errorOf(nested(3), { maxDepth: 2 }).reason).toBe('nesting deeper than 2 levels')
  })
})
