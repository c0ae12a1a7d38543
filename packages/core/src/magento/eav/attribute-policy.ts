/**
 * Who owns which column of an attribute both Magento versions have.
 *
 * Magento 2 owns what names its code or its storage: Magento 1 class aliases mean nothing to it, and
 * a matched attribute's backend_type/input are what Magento 2's code reads and writes.
 */
export const MAGENTO2_ATTRIBUTE_COLUMNS: readonly string[] = [
  'attribute_code',
  'attribute_model',
  'backend_model',
  'backend_type',
  'backend_table',
  'frontend_model',
  'frontend_input',
  'frontend_class',
  'source_model',
]

/**
 * What a merchant edits in the attribute form: Magento 1's values win for attributes the merchant
 * owns (user-defined). For Magento's own attributes only a non-empty label is taken: Magento 2
 * revised the flags and defaults of its attributes (status defaults to enabled, description is no
 * longer required, tax_class_id defaults to Taxable Goods, several labels were added) and Magento 1's
 * install-time values would undo that.
 */
export const MERCHANT_ATTRIBUTE_COLUMNS: readonly string[] = [
  'frontend_label',
  'is_required',
  'is_user_defined',
  'default_value',
  'is_unique',
  'note',
]

/** Model columns translated from Magento 1 aliases when an attribute is created (model-aliases.ts). */
export const MODEL_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  eav_attribute: ['attribute_model', 'backend_model', 'frontend_model', 'source_model'],
  catalog_eav_attribute: ['frontend_input_renderer'],
  customer_eav_attribute: ['data_model'],
}

/**
 * Columns of the per-attribute extension tables Magento 2 keeps for a matched attribute; the rest
 * (scope, search, layered navigation, listing, sort order, …) is the merchant's and comes from
 * Magento 1. For Magento's own attributes also admin visibility and product types: Magento 2 shows
 * e.g. the bundle "Dynamic Price" toggles Magento 1 hid, and applies weight to more types.
 */
export const MAGENTO2_EXTRA_COLUMNS: Readonly<
  Record<string, { readonly always: readonly string[]; readonly system: readonly string[] }>
> = {
  catalog_eav_attribute: { always: ['frontend_input_renderer'], system: ['is_visible', 'apply_to'] },
  // validate_rules: Magento 2 stores JSON where Magento 1 stored PHP serialize() output
  customer_eav_attribute: {
    always: ['data_model', 'input_filter', 'validate_rules', 'is_system'],
    system: ['is_visible'],
  },
}
