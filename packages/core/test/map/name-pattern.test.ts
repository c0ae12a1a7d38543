import { describe, expect, it } from 'vitest'
import { FieldMatcher, NameMatcher, isNamePattern, isPlainName, splitFieldName } from '../../src/map/name-pattern.js'

describe('NameMatcher', () => {
  it('matches exact names case-sensitively, like MySQL table names on Linux', () => {
    const matcher = new NameMatcher('admin_assert')
    expect(matcher.isWildcard).toBe(false)
    expect(matcher.matches('admin_assert')).toBe(true)
    expect(matcher.matches('Admin_Assert')).toBe(false)
    expect(matcher.matches('admin_assert2')).toBe(false)
    expect(matcher.matches('xadmin_assert')).toBe(false)
  })

  it('treats * as any run of characters, including none, anchored at both ends', () => {
    const suffix = new NameMatcher('*_idx')
    expect(suffix.isWildcard).toBe(true)
    expect(suffix.matches('catalog_product_index_price_idx')).toBe(true)
    expect(suffix.matches('_idx')).toBe(true)
    expect(suffix.matches('catalog_idx_tmp')).toBe(false)
    expect(suffix.matches('CATALOG_IDX')).toBe(false)

    const middle = new NameMatcher('sales_*_grid')
    expect(middle.matches('sales_flat_order_grid')).toBe(true)
    expect(middle.matches('sales__grid')).toBe(true)
    expect(middle.matches('sales_grid')).toBe(false)

    expect(new NameMatcher('*').matches('')).toBe(true)
    expect(new NameMatcher('a*b*c').matches('aXXbYYc')).toBe(true)
    expect(new NameMatcher('a*b*c').matches('aXXcYYb')).toBe(false)
  })

  it('gives $ and other regular-expression characters no special meaning', () => {
    const dollar = new NameMatcher('a$b*')
    expect(dollar.matches('a$bc')).toBe(true)
    expect(dollar.matches('ab')).toBe(false)
    // A name with a dot cannot be matched by a pattern without one.
    expect(new NameMatcher('a*').matches('a.b')).toBe(true)
    expect(new NameMatcher('a_b').matches('aXb')).toBe(false)
  })

  it('can ignore case (for column names)', () => {
    const matcher = new NameMatcher('Hidden_*', { ignoreCase: true })
    expect(matcher.matches('hidden_tax_amount')).toBe(true)
    expect(new NameMatcher('CC_LAST4', { ignoreCase: true }).matches('cc_last4')).toBe(true)
  })
})

describe('FieldMatcher', () => {
  it('matches table case-sensitively and column case-insensitively', () => {
    const matcher = new FieldMatcher('sales_flat_*.*hidden_tax*')
    expect(matcher.isWildcard).toBe(true)
    expect(matcher.matches('sales_flat_order', 'base_hidden_tax_amount')).toBe(true)
    expect(matcher.matches('sales_flat_order', 'BASE_HIDDEN_TAX_AMOUNT')).toBe(true)
    expect(matcher.matches('SALES_FLAT_ORDER', 'base_hidden_tax_amount')).toBe(false)
    expect(matcher.matches('sales_order', 'base_hidden_tax_amount')).toBe(false)
    const exact = new FieldMatcher('sales_flat_order_item.is_nominal')
    expect(exact.isWildcard).toBe(false)
    expect(exact.matches('sales_flat_order_item', 'is_nominal')).toBe(true)
    expect(exact.matches('sales_flat_order_item', 'is_nominal_x')).toBe(false)
  })

  it('refuses a pattern that is not table.field', () => {
    expect(() => new FieldMatcher('no_dot')).toThrow(/not a table\.field pattern/)
  })
})

describe('name checks', () => {
  it('accepts plain names and patterns, refuses the rest', () => {
    expect(isPlainName('sales_flat_order')).toBe(true)
    expect(isPlainName('a$1')).toBe(true)
    expect(isPlainName('sales_*')).toBe(false)
    expect(isPlainName('123')).toBe(false)
    expect(isPlainName('x'.repeat(65))).toBe(false)
    expect(isPlainName('a-b')).toBe(false)
    expect(isPlainName('')).toBe(false)
    expect(isNamePattern('*_idx')).toBe(true)
    expect(isNamePattern('a b')).toBe(false)
    expect(isNamePattern('a.b')).toBe(false)
  })

  it('splits table.field at its only dot', () => {
    expect(splitFieldName('sales_order.send_email')).toEqual({ table: 'sales_order', field: 'send_email' })
    expect(splitFieldName('a')).toBeUndefined()
    expect(splitFieldName('a.b.c')).toBeUndefined()
    expect(splitFieldName('a.')).toEqual({ table: 'a', field: '' })
  })
})
