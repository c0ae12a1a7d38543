import { describe, expect, it } from 'vitest'
import { groupPriceAsTier, isOneUnit, settleOneUnitPrice } from '../src/prices/one-unit-price.js'

const group = (value: string) => ({
  value_id: 9,
  entity_id: 5,
  all_groups: 0,
  customer_group_id: 1,
  value,
  website_id: 0,
})
const tier = (value: string) => ({
  entity_id: 5,
  all_groups: 0,
  customer_group_id: 1,
  qty: '1.0000',
  value,
  website_id: 0,
})

describe('group prices as one-unit tier prices', () => {
  it('turns a group price into a tier price for one unit, without its Magento 1 value_id', () => {
    expect(groupPriceAsTier(group('9.9900'))).toEqual({
      entity_id: 5,
      all_groups: 0,
      customer_group_id: 1,
      qty: '1.0000',
      value: '9.9900',
      website_id: 0,
    })
  })

  it('keeps the lower price where Magento 1 has both under one key, as Magento 1 charged it', () => {
    expect(settleOneUnitPrice(group('8.0000'), tier('9.5000'))).toEqual(tier('8.0000'))
    expect(settleOneUnitPrice(group('12.0000'), tier('9.5000'))).toEqual(tier('9.5000'))
    // Numbers, not text: '10' sorts before '9' as text.
    expect(settleOneUnitPrice(group('10.0000'), tier('9.0000'))).toEqual(tier('9.0000'))
    expect(settleOneUnitPrice(group('9.0000'), tier('10.0000'))).toEqual(tier('9.0000'))
  })

  it('keeps whichever exists, and none when neither does (the Magento 2 row goes)', () => {
    expect(settleOneUnitPrice(group('8.0000'), undefined)).toEqual(groupPriceAsTier(group('8.0000')))
    expect(settleOneUnitPrice(undefined, tier('9.5000'))).toEqual(tier('9.5000'))
    expect(settleOneUnitPrice(undefined, undefined)).toBeUndefined()
  })

  it('recognises one unit whatever the scale', () => {
    expect(['1', '1.0000', '1.000000', 1].map(isOneUnit)).toEqual([true, true, true, true])
    expect(['2.5000', '0.9999', null, undefined].map(isOneUnit)).toEqual([false, false, false, false])
  })
})
