/**
 * The eight EAV metadata tables whose ids are aligned, parents first. Each kind's id is what later
 * steps copy verbatim from Magento 1 (value rows carry attribute_id and option ids, entities carry
 * attribute_set_id), so each is re-keyed in Magento 2 together with every column that refers to it.
 */
export const EAV_KINDS = [
  'entityType',
  'attributeSet',
  'attributeGroup',
  'attribute',
  'option',
  'optionValue',
  'label',
  'placement',
] as const

export type EavKind = (typeof EAV_KINDS)[number]

export interface EavKindTable {
  /** Logical (unprefixed) table name, the same on both sides. */
  readonly table: string
  readonly idColumn: string
}

export const EAV_TABLES: Readonly<Record<EavKind, EavKindTable>> = {
  entityType: { table: 'eav_entity_type', idColumn: 'entity_type_id' },
  attributeSet: { table: 'eav_attribute_set', idColumn: 'attribute_set_id' },
  attributeGroup: { table: 'eav_attribute_group', idColumn: 'attribute_group_id' },
  attribute: { table: 'eav_attribute', idColumn: 'attribute_id' },
  option: { table: 'eav_attribute_option', idColumn: 'option_id' },
  optionValue: { table: 'eav_attribute_option_value', idColumn: 'value_id' },
  label: { table: 'eav_attribute_label', idColumn: 'attribute_label_id' },
  placement: { table: 'eav_entity_attribute', idColumn: 'entity_attribute_id' },
}

/** Extension tables of eav_attribute (one row per attribute) that are copied with their attribute. */
export const ATTRIBUTE_EXTRA_TABLES = ['catalog_eav_attribute', 'customer_eav_attribute'] as const
export type AttributeExtraTable = (typeof ATTRIBUTE_EXTRA_TABLES)[number]

/** A record with one entry per kind, built in kind order. */
export function byKind<T>(value: (kind: EavKind) => T): Record<EavKind, T> {
  const result: Partial<Record<EavKind, T>> = {}
  for (const kind of EAV_KINDS) result[kind] = value(kind)
  return result as Record<EavKind, T>
}
