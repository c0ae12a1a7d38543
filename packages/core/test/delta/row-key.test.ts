import { describe, expect, it } from 'vitest'
import { describeKey, keyFolds, keyIdentity, keyOf } from '../../src/delta/row-key.js'

describe('keyIdentity', () => {
  it('compares values exactly by default: same column type, same text', () => {
    expect(keyIdentity(['ABC'])).not.toBe(keyIdentity(['abc']))
    expect(keyIdentity(['abc '])).not.toBe(keyIdentity(['abc']))
    // VARCHAR keys that look like decimals are different keys (the earlier by-value rule merged them).
    expect(keyIdentity(['1.1'])).not.toBe(keyIdentity(['1.10']))
    expect(keyIdentity(['1.5000'])).toBe(keyIdentity(['1.5000']))
  })

  it('folds case and trailing spaces where the column collation is case-insensitive', () => {
    const folds = [true, false]
    expect(keyIdentity(['ABC ', 'X'], folds)).toBe(keyIdentity(['abc', 'X'], folds))
    expect(keyIdentity(['abc', 'X'], folds)).not.toBe(keyIdentity(['abc', 'x'], folds))
    expect(keyIdentity([' abc', 'X'], folds)).not.toBe(keyIdentity(['abc', 'X'], folds))
    expect(keyIdentity(['abc\t', 'X'], folds)).not.toBe(keyIdentity(['abc', 'X'], folds))
  })

  it('derives the folds from the key columns collations', () => {
    expect(keyFolds([{ collation: 'utf8mb4_general_ci' }, { collation: 'utf8mb4_bin' }, { collation: null }])).toEqual([
      true,
      false,
      false,
    ])
  })

  it('treats an integer key the same whether it arrives as a number, bigint or string', () => {
    expect(keyIdentity([5])).toBe(keyIdentity(['5']))
    expect(keyIdentity([5n])).toBe(keyIdentity(['5']))
    expect(keyIdentity(['18446744073709551615'])).toBe(keyIdentity([18446744073709551615n]))
    expect(keyIdentity([5])).not.toBe(keyIdentity([6]))
  })

  it('keeps NULL apart from the string "null" and keeps parts apart', () => {
    expect(keyIdentity([null])).not.toBe(keyIdentity(['null']))
    expect(keyIdentity(['a,b'])).not.toBe(keyIdentity(['a', 'b']))
    expect(keyIdentity(['a', 'bc'])).not.toBe(keyIdentity(['ab', 'c']))
    expect(keyIdentity([1, 2])).not.toBe(keyIdentity([2, 1]))
    expect(keyIdentity([])).toBe('[]')
  })

  it('compares Buffers byte for byte, folded or not', () => {
    expect(keyIdentity([Buffer.from('abc')])).toBe(keyIdentity([Buffer.from([0x61, 0x62, 0x63])]))
    expect(keyIdentity([Buffer.from('abc')], [true])).not.toBe(keyIdentity([Buffer.from('ABC')], [true]))
    expect(keyIdentity([Buffer.from([0x00, 0xff])])).toContain('0x00ff')
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
