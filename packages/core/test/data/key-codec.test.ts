import { describe, expect, it } from 'vitest'
import { decodeKey, encodeKey } from '../../src/data/key-codec.js'

describe('copy cursor codec', () => {
  it('round-trips every kind of key value exactly', () => {
    const key = ['18446744073709551615', '1.5000', '0000-00-00 00:00:00', 42, null, Buffer.from([0, 255, 96]), 'ÄBC ']
    const decoded = decodeKey(encodeKey(key))
    expect(decoded).toEqual(key)
    expect(Buffer.isBuffer(decoded[5])).toBe(true)
    expect(typeof decoded[0]).toBe('string')
  })

  it('stores a bigint as its decimal text', () => {
    expect(decodeKey(encodeKey([12345678901234567890n]))).toEqual(['12345678901234567890'])
  })

  it('refuses text that is not a stored key', () => {
    expect(() => decodeKey('{"a":1}')).toThrow(/not a stored key/)
    expect(() => decodeKey('[true]')).toThrow(/not a stored key value/)
  })
})
