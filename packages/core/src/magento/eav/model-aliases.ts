/**
 * Magento 1 names attribute models by class alias (`eav/entity_attribute_source_table`) or by full
 * class name (`Mage_Eav_Model_Entity_Attribute_Source_Table`); Magento 2 by namespaced class. Only
 * the aliases below have a known Magento 2 class; anything else (extension classes, models Magento 2
 * dropped such as recurring profiles or group price) cannot be loaded by Magento 2 and is written as
 * NULL, which makes Magento 2 use its defaults (Table source for select/multiselect, the default
 * backend and frontend), and is reported.
 */
const MODEL_CLASSES: Readonly<Record<string, string>> = {
  // eav: backends
  'eav/entity_attribute_backend_array': 'Magento\\Eav\\Model\\Entity\\Attribute\\Backend\\ArrayBackend',
  'eav/entity_attribute_backend_datetime': 'Magento\\Eav\\Model\\Entity\\Attribute\\Backend\\Datetime',
  'eav/entity_attribute_backend_default': 'Magento\\Eav\\Model\\Entity\\Attribute\\Backend\\DefaultBackend',
  'eav/entity_attribute_backend_increment': 'Magento\\Eav\\Model\\Entity\\Attribute\\Backend\\Increment',
  'eav/entity_attribute_backend_store': 'Magento\\Eav\\Model\\Entity\\Attribute\\Backend\\Store',
  'eav/entity_attribute_backend_time_created': 'Magento\\Eav\\Model\\Entity\\Attribute\\Backend\\Time\\Created',
  'eav/entity_attribute_backend_time_updated': 'Magento\\Eav\\Model\\Entity\\Attribute\\Backend\\Time\\Updated',
  // eav: sources and frontends
  'eav/entity_attribute_source_table': 'Magento\\Eav\\Model\\Entity\\Attribute\\Source\\Table',
  'eav/entity_attribute_source_boolean': 'Magento\\Eav\\Model\\Entity\\Attribute\\Source\\Boolean',
  'eav/entity_attribute_source_store': 'Magento\\Eav\\Model\\Entity\\Attribute\\Source\\Store',
  'eav/entity_attribute_frontend_datetime': 'Magento\\Eav\\Model\\Entity\\Attribute\\Frontend\\Datetime',
  // catalog: backends
  'catalog/product_attribute_backend_boolean': 'Magento\\Catalog\\Model\\Product\\Attribute\\Backend\\Boolean',
  'catalog/product_attribute_backend_price': 'Magento\\Catalog\\Model\\Product\\Attribute\\Backend\\Price',
  'catalog/product_attribute_backend_sku': 'Magento\\Catalog\\Model\\Product\\Attribute\\Backend\\Sku',
  'catalog/product_attribute_backend_startdate': 'Magento\\Catalog\\Model\\Attribute\\Backend\\Startdate',
  'catalog/product_attribute_backend_tierprice': 'Magento\\Catalog\\Model\\Product\\Attribute\\Backend\\Tierprice',
  'catalog/product_attribute_backend_weight': 'Magento\\Catalog\\Model\\Product\\Attribute\\Backend\\Weight',
  'catalog/product_attribute_backend_urlkey': 'Magento\\Catalog\\Model\\Product\\Attribute\\Backend\\Url',
  'catalog/attribute_backend_customlayoutupdate': 'Magento\\Catalog\\Model\\Attribute\\Backend\\Customlayoutupdate',
  'catalog/category_attribute_backend_image': 'Magento\\Catalog\\Model\\Category\\Attribute\\Backend\\Image',
  'catalog/category_attribute_backend_sortby': 'Magento\\Catalog\\Model\\Category\\Attribute\\Backend\\Sortby',
  // catalog: sources and frontends
  'catalog/product_attribute_source_boolean': 'Magento\\Catalog\\Model\\Product\\Attribute\\Source\\Boolean',
  'catalog/product_attribute_source_countryofmanufacture':
    'Magento\\Catalog\\Model\\Product\\Attribute\\Source\\Countryofmanufacture',
  'catalog/product_attribute_source_layout': 'Magento\\Catalog\\Model\\Product\\Attribute\\Source\\Layout',
  'catalog/product_status': 'Magento\\Catalog\\Model\\Product\\Attribute\\Source\\Status',
  'catalog/product_visibility': 'Magento\\Catalog\\Model\\Product\\Visibility',
  'catalog/category_attribute_source_layout': 'Magento\\Catalog\\Model\\Category\\Attribute\\Source\\Layout',
  'catalog/category_attribute_source_mode': 'Magento\\Catalog\\Model\\Category\\Attribute\\Source\\Mode',
  'catalog/category_attribute_source_page': 'Magento\\Catalog\\Model\\Category\\Attribute\\Source\\Page',
  'catalog/category_attribute_source_sortby': 'Magento\\Catalog\\Model\\Category\\Attribute\\Source\\Sortby',
  'catalog/product_attribute_frontend_image': 'Magento\\Catalog\\Model\\Product\\Attribute\\Frontend\\Image',
  'core/design_source_design': 'Magento\\Theme\\Model\\Theme\\Source\\Theme',
  'tax/class_source_product': 'Magento\\Tax\\Model\\TaxClass\\Source\\Product',
  // customer
  'customer/attribute_backend_data_boolean': 'Magento\\Customer\\Model\\Attribute\\Backend\\Data\\Boolean',
  'customer/entity_address_attribute_source_country':
    'Magento\\Customer\\Model\\ResourceModel\\Address\\Attribute\\Source\\Country',
  'customer/entity_address_attribute_source_region':
    'Magento\\Customer\\Model\\ResourceModel\\Address\\Attribute\\Source\\Region',
  'customer/attribute_data_postcode': 'Magento\\Customer\\Model\\Attribute\\Data\\Postcode',
  // admin form renderers (catalog_eav_attribute.frontend_input_renderer)
  'adminhtml/catalog_product_helper_form_weight': 'Magento\\Catalog\\Block\\Adminhtml\\Product\\Helper\\Form\\Weight',
  'adminhtml/catalog_category_helper_pricestep': 'Magento\\Catalog\\Block\\Adminhtml\\Category\\Helper\\Pricestep',
  'adminhtml/catalog_category_helper_sortby_available':
    'Magento\\Catalog\\Block\\Adminhtml\\Category\\Helper\\Sortby\\Available',
  'adminhtml/catalog_category_helper_sortby_default':
    'Magento\\Catalog\\Block\\Adminhtml\\Category\\Helper\\Sortby\\DefaultSortby',
  'giftmessage/adminhtml_product_helper_form_config':
    'Magento\\GiftMessage\\Block\\Adminhtml\\Product\\Helper\\Form\\Config',
}

export type ModelTranslation =
  | { readonly kind: 'none' }
  | { readonly kind: 'translated'; readonly className: string }
  | { readonly kind: 'untranslated'; readonly original: string }

/** Translates one Magento 1 model reference (NULL/'' stays empty; a Magento 2 class passes unchanged). */
export function translateModel(value: string | null): ModelTranslation {
  const text = value?.trim() ?? ''
  if (text === '') return { kind: 'none' }
  if (text.includes('\\')) return { kind: 'translated', className: text }
  const className = MODEL_CLASSES[aliasOf(text)]
  return className === undefined ? { kind: 'untranslated', original: text } : { kind: 'translated', className }
}

/** `Mage_Eav_Model_Entity_Attribute_Source_Table` → `eav/entity_attribute_source_table`; aliases lowercased. */
function aliasOf(text: string): string {
  const mage = /^Mage_([A-Za-z0-9]+)_(?:Model|Block)_(.+)$/.exec(text)
  if (mage?.[1] !== undefined && mage[2] !== undefined) {
    return `${mage[1].toLowerCase()}/${mage[2].toLowerCase()}`
  }
  return text.toLowerCase()
}
