/**
 * @mig/plugin-customer: Magento 1 customers, addresses, customer groups, newsletter subscribers and
 * wishlists → Magento 2. etc/map.xml maps the tables; CustomerDelta writes the EAV values that are
 * columns of the entity tables in Magento 2 into those columns.
 */
export { pluginName } from './plugin-name.js'
export { CustomerDelta } from './customer-delta.js'
export { readStaticColumns, type StaticColumn, type EavSides } from './eav/static-columns.js'
export { staticColumnValue } from './eav/static-column-values.js'
export { CUSTOMER_EAV_ENTITIES, valueTableOf, type EavEntity } from './eav/eav-entities.js'
