import { describe, expect, it } from 'vitest'
import { assertIdentifier, isPlainIdentifier, quoteIdentifier } from '../../src/db/identifier.js'
import { shortenName } from '../../src/db/shorten-name.js'

describe('identifiers', () => {
  it('accepts plain MySQL names and refuses everything else', () => {
    for (const name of ['sales_flat_order', 'magev1_core_store', 'a$b', 'x1'])
      expect(isPlainIdentifier(name)).toBe(true)
    for (const name of ['', '123', 'a b', 'a`b', "a'b", 'a;b', 'a.b', 'é', 'x'.repeat(65)])
      expect(isPlainIdentifier(name)).toBe(false)
    expect(() => assertIdentifier('m1`; DROP', 'config.xml:3:5')).toThrow(
      /config\.xml:3:5: "m1`; DROP" is not a plain MySQL name/,
    )
  })

  it('quotes with backticks and doubles embedded ones', () => {
    expect(quoteIdentifier('order')).toBe('`order`')
    expect(quoteIdentifier('a`b')).toBe('`a``b`')
    expect(() => quoteIdentifier('')).toThrow()
  })

  it('shortens names over 64 characters deterministically and without collisions', () => {
    const a = `m2_cl_${'a'.repeat(70)}_one`
    const b = `m2_cl_${'a'.repeat(70)}_two`
    expect(shortenName('short')).toBe('short')
    expect(shortenName(a)).toHaveLength(64)
    expect(shortenName(a)).toBe(shortenName(a))
    expect(shortenName(a)).not.toBe(shortenName(b))
    expect(shortenName(a)).toMatch(/^m2_cl_a+_[0-9a-f]{8}$/)
  })
})
