import type { SqlRow } from '../../db/sql-value.js'
import { textOf } from './row-values.js'

const CONFIGURABLE_TYPES = ['simple', 'virtual', 'configurable'] as const

/**
 * Magento 1 marks an attribute usable for configurable products with catalog_eav_attribute
 * .is_configurable (global, user-defined select attributes), whatever its apply_to. Magento 2 dropped
 * the column and offers an attribute to configurable products only when apply_to is empty or names
 * simple, virtual and configurable; this adds the missing ones so the merchant's configurable
 * attributes stay usable. Returns the new apply_to, or undefined when nothing changes.
 */
export function configurableApplyTo(catalog: SqlRow, attribute: SqlRow): string | undefined {
  const applyTo = (textOf(catalog, 'apply_to') ?? '').trim()
  const eligible =
    applyTo !== '' &&
    Number(catalog['is_configurable'] ?? 0) === 1 &&
    Number(catalog['is_global'] ?? 0) === 1 &&
    Number(attribute['is_user_defined'] ?? 0) === 1 &&
    textOf(attribute, 'frontend_input') === 'select'
  if (!eligible) return undefined
  const types = applyTo
    .split(',')
    .map((type) => type.trim())
    .filter((type) => type !== '')
  const missing = CONFIGURABLE_TYPES.filter((type) => !types.includes(type))
  return missing.length === 0 ? undefined : [...types, ...missing].join(',')
}
