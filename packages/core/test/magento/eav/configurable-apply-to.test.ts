import { describe, expect, it } from 'vitest'
import { configurableApplyTo } from '../../../src/magento/eav/configurable-apply-to.js'

const select = { is_user_defined: 1, frontend_input: 'select' }

describe('configurableApplyTo', () => {
  it('adds the types Magento 2 needs to offer a Magento 1 configurable attribute', () => {
    expect(configurableApplyTo({ apply_to: 'simple', is_configurable: 1, is_global: 1 }, select)).toBe(
      'simple,virtual,configurable',
    )
    expect(configurableApplyTo({ apply_to: 'simple,configurable', is_configurable: 1, is_global: 1 }, select)).toBe(
      'simple,configurable,virtual',
    )
  })

  it('leaves everything else alone', () => {
    expect(
      configurableApplyTo({ apply_to: 'simple,virtual,configurable', is_configurable: 1, is_global: 1 }, select),
    ).toBeUndefined()
    expect(configurableApplyTo({ apply_to: '', is_configurable: 1, is_global: 1 }, select)).toBeUndefined()
    expect(configurableApplyTo({ apply_to: 'simple', is_configurable: 0, is_global: 1 }, select)).toBeUndefined()
    expect(configurableApplyTo({ apply_to: 'simple', is_configurable: 1, is_global: 0 }, select)).toBeUndefined()
    expect(
      configurableApplyTo(
        { apply_to: 'simple', is_configurable: 1, is_global: 1 },
        { is_user_defined: 0, frontend_input: 'select' },
      ),
    ).toBeUndefined()
    expect(
      configurableApplyTo(
        { apply_to: 'simple', is_configurable: 1, is_global: 1 },
        { is_user_defined: 1, frontend_input: 'multiselect' },
      ),
    ).toBeUndefined()
  })
})
