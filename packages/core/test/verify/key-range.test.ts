import { describe, expect, it } from 'vitest'
import { rangeCondition } from '../../src/verify/key-range.js'

describe('verify key ranges', () => {
  it('is open at both ends without bounds', () => {
    expect(rangeCondition(['entity_id'], { from: undefined, to: undefined })).toEqual({ sql: '1', params: [] })
  })

  it('covers (from, to] on one column', () => {
    expect(rangeCondition(['entity_id'], { from: ['10'], to: ['20'] })).toEqual({
      sql: '(`entity_id` > ?) AND NOT (`entity_id` > ?)',
      params: ['10', '20'],
    })
  })

  it('covers (from, to] in composite key order', () => {
    const range = rangeCondition(['category_id', 'product_id'], { from: undefined, to: [3, 7] })
    expect(range.sql).toBe('NOT ((`category_id` > ?) OR (`category_id` = ? AND `product_id` > ?))')
    expect(range.params).toEqual([3, 3, 7])
  })
})
