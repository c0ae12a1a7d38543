import { describe, expect, it } from 'vitest'
import { storeGroupCode } from '../../src/magento/stores/store-group-code.js'

describe('store group codes (Magento 2 requires one, Magento 1 has none)', () => {
  it('derives the code from the name as Magento 2 does', () => {
    expect(storeGroupCode('Main Website Store', new Set())).toBe('main_website_store')
    expect(storeGroupCode('Boutique Zürich — EU', new Set())).toBe('boutique_zurich_eu')
  })

  it('starts with a letter, fits 32 characters and is unique', () => {
    expect(storeGroupCode('2024 Outlet', new Set())).toBe('g_2024_outlet')
    const long = storeGroupCode('A very long store group name that keeps going', new Set())
    expect(long.length).toBeLessThanOrEqual(32)
    expect(storeGroupCode('Main Website Store', new Set(['main_website_store', 'main_website_store_2']))).toBe(
      'main_website_store_3',
    )
    expect(storeGroupCode('!!!', new Set())).toBe('group')
  })
})
