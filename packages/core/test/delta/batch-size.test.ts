import { describe, expect, it } from 'vitest'
import { AUTO_MAX_LINES, autoBatchSize, fixedBatchSize } from '../../src/delta/batch-size.js'

describe('batch size', () => {
  it('keeps bulk_size exactly when it is set', () => {
    const size = fixedBatchSize(250)
    size.observe(250, 10)
    size.observe(250, 0.01)
    expect(size.current()).toBe(250)
  })

  it('grows while full rounds are quick, shrinks when one is slow, within bounds', () => {
    const size = autoBatchSize()
    expect(size.current()).toBe(1_000)
    size.observe(1_000, 0.1)
    expect(size.current()).toBe(2_000)
    size.observe(2_000, 0.1)
    expect(size.current()).toBe(2_000)
    size.observe(2_000, 3)
    expect(size.current()).toBe(1_000)
    for (let round = 0; round < 10; round++) size.observe(size.current(), 5)
    expect(size.current()).toBe(200)
  })

  it('grows up to a larger bound for pages of source-formatted lines', () => {
    const size = autoBatchSize(AUTO_MAX_LINES)
    for (let round = 0; round < 10; round++) size.observe(size.current(), 0.1)
    expect(size.current()).toBe(AUTO_MAX_LINES)
    size.observe(AUTO_MAX_LINES, 2)
    expect(size.current()).toBe(AUTO_MAX_LINES / 2)
  })

  it('does not grow on rounds that were small anyway (a quiet store)', () => {
    const size = autoBatchSize()
    size.observe(10, 0.01)
    expect(size.current()).toBe(1_000)
  })
})
