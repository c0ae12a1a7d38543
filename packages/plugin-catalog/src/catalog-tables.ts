/** Magento 1 tables (unprefixed) the catalog step treats beyond map.xml, and Magento 2's gallery link table. */
export const PRODUCT = 'catalog_product_entity'
export const TIER_PRICE = 'catalog_product_entity_tier_price'
export const GROUP_PRICE = 'catalog_product_entity_group_price'
export const GALLERY = 'catalog_product_entity_media_gallery'
export const GALLERY_VALUE = 'catalog_product_entity_media_gallery_value'
/** Magento 2 only: which product a gallery entry belongs to (Magento 1 keeps entity_id on the entry). */
export const GALLERY_LINK = 'catalog_product_entity_media_gallery_value_to_entity'
export const BUNDLE_OPTION = 'catalog_product_bundle_option'
export const BUNDLE_OPTION_VALUE = 'catalog_product_bundle_option_value'
