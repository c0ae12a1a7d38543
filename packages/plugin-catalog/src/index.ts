/**
 * @mig/plugin-catalog: Magento 1 products, categories, prices, stock, media gallery and reviews →
 * Magento 2. etc/map.xml maps the tables; CatalogDelta adds what a map cannot say.
 */
export { pluginName } from './plugin-name.js'
export { CatalogDelta } from './catalog-delta.js'
export { settleOneUnitPrice, groupPriceAsTier, isOneUnit, ONE_UNIT, PRICE_GROUP_KEY } from './prices/one-unit-price.js'
export { CATALOG_INDEXERS } from './indexers/catalog-indexers.js'
