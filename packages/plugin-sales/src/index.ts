/**
 * @mig/plugin-sales: Magento 1 sales and quote tables → Magento 2.
 * etc/map.xml maps the tables; this module rebuilds what Magento 2 derives from them:
 * the sales grids (rebuildGrids) and the increment sequences (raiseSequences).
 */
export { pluginName } from './plugin-name.js'
export { SalesDelta } from './sales-delta.js'

export * from './grids/index.js'
export * from './sequences/index.js'
