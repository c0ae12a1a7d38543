import { describe, expect, it } from 'vitest'
import { describeKey, keyIdentity, keyOf } from '../../src/delta/row-key.js'

describe('keyIdentity', () => {
  it('matches strings case-insensitively, like the key columns collations do', () => {
    expect(keyIdentity(['ABC'])).toBe(keyIdentity(['abc']))
    expect(keyIdentity(['Default', 'SKU-1'])).toBe(keyIdentity(['default', 'sku-1']))
    expect(keyIdentity(['abc'])).not.toBe(keyIdentity(['abd']))
  })

  it('ignores trailing spaces (PAD SPACE collations) but not leading ones or other whitespace', () => {
    expect(keyIdentity(['abc   '])).toBe(keyIdentity(['abc']))
    expect(keyIdentity(['ABC '])).toBe(keyIdentity(['abc']))
    expect(keyIdentity([' abc'])).not.toBe(keyIdentity(['abc']))
    expect(keyIdentity(['abc\t'])).not.toBe(keyIdentity(['abc']))
  })

  it('compares DECIMAL text by value', () => {
    expect(keyIdentity(['1.5000'])).toBe(keyIdentity(['1.5']))
    expect(keyIdentity(['1.50'])).toBe(keyIdentity(['1.5000']))
    expect(keyIdentity(['10.0000'])).toBe(keyIdentity(['10']))
    expect(keyIdentity(['100.00'])).toBe(keyIdentity(['100']))
    expect(keyIdentity(['0.0000'])).toBe(keyIdentity(['0']))
    expect(keyIdentity(['-2.2500'])).toBe(keyIdentity(['-2.25']))
    expect(keyIdentity(['1.0500'])).toBe(keyIdentity(['1.05']))
    expect(keyIdentity(['1.5'])).not.toBe(keyIdentity(['1.05']))
    expect(keyIdentity(['10.5'])).not.toBe(keyIdentity(['1.5']))
    // trailing zeros of an integer are significant
    expect(keyIdentity(['100'])).not.toBe(keyIdentity(['1']))
  })

  it('treats an integer key the same whether it arrives as a number, bigint or string', () => {
    expect(keyIdentity([5])).toBe(keyIdentity(['5']))
    expect(keyIdentity([5n])).toBe(keyIdentity(['5']))
    expect(keyIdentity(['18446744073709551615'])).toBe(keyIdentity([18446744073709551615n]))
    expect(keyIdentity([5, 'x'])).toBe(keyIdentity(['5', 'X']))
    expect(keyIdentity([5])).not.toBe(keyIdentity([6]))
  })

  it('keeps NULL apart from the string "null" and keeps parts apart', () => {
    expect(keyIdentity([null])).not.toBe(keyIdentity(['null']))
    expect(keyIdentity(['a,b'])).not.toBe(keyIdentity(['a', 'b']))
    expect(keyIdentity(['a', 'bc'])).not.toBe(keyIdentity(['ab', 'c']))
    expect(keyIdentity([1, 2])).not.toBe(keyIdentity([2, 1]))
    expect(keyIdentity([])).toBe('[]')
  })

  it('compares Buffers byte for byte (binary collations are case-sensitive)', () => {
    expect(keyIdentity([Buffer.from('abc')])).toBe(keyIdentity([Buffer.from([0x61, 0x62, 0x63])]))
    expect(keyIdentity([Buffer.from('abc')])).not.toBe(keyIdentity([Buffer.from('ABC')]))
    expect(keyIdentity([Buffer.from('ab ')])).not.toBe(keyIdentity([Buffer.from('ab')]))
    expect(keyIdentity([Buffer.from([0x00, 0xff])])).toContain('0x00ff')
  })

  it('is a string usable as a Map key', () => {
    const seen = new Map<string, number>()
    seen.set(keyIdentity([1, 'ABC']), 1)
    expect(seen.get(keyIdentity(['1', 'abc ']))).toBe(1)
  })
})

describe('keyOf', () => {
  it('reads the key columns in order and turns missing ones into NULL', () => {
    expect(keyOf({ b: 2, a: 'x', c: null }, ['a', 'b', 'c', 'd'])).toEqual(['x', 2, null, null])
  })
})

describe('describeKey', () => {
  it('names every key column with its value', () => {
    expect(describeKey(['entity_id'], [5])).toBe('entity_id=5')
    expect(describeKey(['category_id', 'product_id'], [3, '7'])).toBe('category_id=3,product_id=7')
  })

  it('prints NULL, missing values, Buffers and keeps the original text', () => {
    expect(describeKey(['a', 'b'], [null])).toBe('a=NULL,b=NULL')
    expect(describeKey(['hash'], [Buffer.from([0xde, 0xad])])).toBe('hash=0xdead')
    expect(describeKey(['sku', 'qty'], ['ABC ', '1.5000'])).toBe('sku=ABC ,qty=1.5000')
    expect(describeKey(['id'], [18446744073709551615n])).toBe('id=18446744073709551615')
  })
})
