import { describe, expect, it } from 'vitest'
import { MigError } from '../../../src/errors/mig-error.js'
import { planIds } from '../../../src/magento/eav/id-plan.js'

const base = {
  label: 'eav_attribute.attribute_id',
  limit: 65_535,
  limitedBy: 'eav_attribute.attribute_id (smallint(5) unsigned)',
  m1AutoIncrement: undefined,
}

describe('planIds', () => {
  it('gives matched rows their Magento 1 id and Magento 2-only rows in Magento 1’s way a fresh id with headroom', () => {
    const plan = planIds({
      ...base,
      m2Ids: [1, 2, 3, 7, 10, 200, 5_000],
      // 1 stays, 2 → 5, 3 → 2
      pairs: new Map([
        [1, 1],
        [2, 5],
        [3, 2],
      ]),
      replaced: new Set(),
      reserved: new Set([1, 2, 5, 10]),
      m1Ids: [1, 2, 5, 10, 150],
      m1AutoIncrement: 170,
    })
    // 10: Magento 1 writes it; 200: Magento 1 hands it out soon (its next id is 170). Both go 1000 above 170.
    // 7 (a gap Magento 1 will not reuse) and 5000 (far above) stay.
    expect([...plan.moves]).toEqual([
      [2, 5],
      [3, 2],
      [10, 5_001],
      [200, 5_002],
    ])
    expect(plan).toMatchObject({ moved: 2, magento2Only: 4, rekeyed: 2 })
  })

  it('places fresh ids at least the headroom above Magento 1', () => {
    const plan = planIds({
      ...base,
      m2Ids: [1, 2, 45],
      pairs: new Map(),
      replaced: new Set(),
      reserved: new Set([1]),
      m1Ids: [1],
      m1AutoIncrement: 40,
    })
    expect([...plan.moves]).toEqual([
      [1, 1_040],
      [45, 1_041],
    ])
  })

  it('is a no-op when every row already has a safe final id', () => {
    const plan = planIds({
      ...base,
      m2Ids: [1, 2, 1_300],
      pairs: new Map([
        [1, 1],
        [2, 2],
      ]),
      replaced: new Set(),
      reserved: new Set([1, 2]),
      m1Ids: [1, 2],
    })
    expect(plan.moves.size).toBe(0)
  })

  it('gives up the headroom when the column is too narrow for it, and fails naming the column when even that does not fit', () => {
    const input = {
      ...base,
      m2Ids: [1, 3, 65_534],
      pairs: new Map([[1, 1]]),
      replaced: new Set<number>(),
      reserved: new Set([1, 3]),
      m1Ids: [1, 3],
    }
    expect([...planIds(input).moves]).toEqual([[3, 65_535]])
    const full = { ...input, m2Ids: [1, 3, 65_535] }
    expect(() => planIds(full)).toThrow(MigError)
    expect(() => planIds(full)).toThrow(
      'eav_attribute.attribute_id: aligning Magento 2 with Magento 1 needs ids up to 65536, but eav_attribute.attribute_id (smallint(5) unsigned) holds at most 65535',
    )
  })
})
