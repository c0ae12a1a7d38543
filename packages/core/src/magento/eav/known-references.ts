import type { EavKind } from './eav-kinds.js'

/** A column that holds a kind's id, named by logical table (a pattern matches table families). */
export interface KnownReference {
  readonly table: string | RegExp
  readonly column: string
}

/** Entity value tables of every EAV entity (Magento 2 declares foreign keys on most, not all installs do). */
const VALUE_TABLES =
  /^(catalog_product|catalog_category|customer|customer_address|eav)_entity_(datetime|decimal|int|text|varchar|gallery)$/
/** The layered-navigation index and its replicas; rebuilt by a reindex, but kept consistent meanwhile. */
const PRODUCT_EAV_INDEX = /^catalog_product_index_eav(_decimal)?(_idx|_tmp|_replica)?$/

/**
 * References found by inspecting Magento 2.4 (information_schema columns named like the ids) that are
 * followed even without a foreign key: Magento 2 declares none on many of them (entity
 * attribute_set_id, eav_entity_attribute.entity_type_id/attribute_set_id, the configurable super
 * attribute, the EAV index), and upgraded installs sometimes lack the ones it does declare. A
 * reference is followed only where the column exists in the live Magento 2 schema.
 *
 * Deliberately not followed: `option_id` of product custom options, bundles, ratings and quote/
 * wishlist item options (other id spaces); `eav_entity_type.additional_attribute_table` and
 * `entity_attribute_collection` (class/table names, not ids); flat catalog tables' per-attribute
 * columns (an index, rebuilt from the EAV tables).
 */
export const KNOWN_REFERENCES: Readonly<Record<EavKind, readonly KnownReference[]>> = {
  entityType: [
    { table: 'eav_attribute', column: 'entity_type_id' },
    { table: 'eav_attribute_set', column: 'entity_type_id' },
    { table: 'eav_entity_attribute', column: 'entity_type_id' },
    { table: 'eav_entity', column: 'entity_type_id' },
    { table: 'eav_entity_store', column: 'entity_type_id' },
    { table: 'eav_form_type_entity', column: 'entity_type_id' },
    { table: VALUE_TABLES, column: 'entity_type_id' },
  ],
  attributeSet: [
    { table: 'eav_entity_type', column: 'default_attribute_set_id' },
    { table: 'eav_attribute_group', column: 'attribute_set_id' },
    { table: 'eav_entity_attribute', column: 'attribute_set_id' },
    { table: 'eav_entity', column: 'attribute_set_id' },
    { table: 'catalog_product_entity', column: 'attribute_set_id' },
    { table: 'catalog_category_entity', column: 'attribute_set_id' },
    { table: 'customer_entity', column: 'attribute_set_id' },
    { table: 'customer_address_entity', column: 'attribute_set_id' },
    { table: /^catalog_product_flat_\d+$/, column: 'attribute_set_id' },
    { table: /^catalog_category_flat_store_\d+$/, column: 'attribute_set_id' },
  ],
  attributeGroup: [{ table: 'eav_entity_attribute', column: 'attribute_group_id' }],
  attribute: [
    { table: 'eav_entity_attribute', column: 'attribute_id' },
    { table: 'eav_attribute_option', column: 'attribute_id' },
    { table: 'eav_attribute_label', column: 'attribute_id' },
    { table: 'catalog_eav_attribute', column: 'attribute_id' },
    { table: 'customer_eav_attribute', column: 'attribute_id' },
    { table: 'customer_eav_attribute_website', column: 'attribute_id' },
    { table: 'customer_form_attribute', column: 'attribute_id' },
    { table: 'eav_form_element', column: 'attribute_id' },
    { table: 'catalog_product_super_attribute', column: 'attribute_id' },
    { table: 'catalog_product_entity_media_gallery', column: 'attribute_id' },
    { table: 'salesrule_product_attribute', column: 'attribute_id' },
    { table: 'weee_tax', column: 'attribute_id' },
    { table: VALUE_TABLES, column: 'attribute_id' },
    { table: PRODUCT_EAV_INDEX, column: 'attribute_id' },
  ],
  option: [
    { table: 'eav_attribute_option_value', column: 'option_id' },
    { table: 'eav_attribute_option_swatch', column: 'option_id' },
  ],
  optionValue: [],
  label: [],
  placement: [],
}

/** Index tables whose `value` holds option ids of select/multiselect attributes (one row per option). */
export const OPTION_INDEX_TABLES = /^catalog_product_index_eav(_idx|_tmp|_replica)?$/

export function matchesTable(reference: KnownReference, logicalTable: string): boolean {
  return typeof reference.table === 'string' ? reference.table === logicalTable : reference.table.test(logicalTable)
}
