import { HeldDelta } from '@mig/core'

export const pluginName = '@mig/plugin-customer'

/**
 * Customer changes are captured from the first `mig delta setup` on, but applying them needs the
 * EAV alignment of a full data run (attribute IDs differ between Magento 1 and 2), which this
 * version does not have yet: until then they stay pending instead of being written wrongly.
 */
export class CustomerDelta extends HeldDelta {
  constructor() {
    super('customer delta', pluginName)
  }
}
