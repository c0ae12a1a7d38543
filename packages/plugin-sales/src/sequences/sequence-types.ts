/** The entity types that have Magento 2 sequence tables (sequence_<type>_<store_id>). */
export const SALES_SEQUENCE_TYPES: readonly string[] = ['order', 'invoice', 'shipment', 'creditmemo']
