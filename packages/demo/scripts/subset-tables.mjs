/**
 * Which tables and rows mig's schema subset keeps, and why. Read by extract-schema-subset.mjs.
 *
 * Tables come in groups, each with the code that needs it. Every table a kept table's foreign keys point at is added
 * too (foreign key parents), so the DDL loads as it is; those must have a row policy in parentRows, so that keeping
 * rows is always a decision. Row policies:
 *   'all'          every row of the dump (small metadata tables, the sample catalogs: catalogRows)
 *   'none'         the table's structure only (transactional tables: customers, orders, quotes, reviews, ...)
 *   { where(row) } rows the function accepts (row: column name -> value, a string or null)
 */

/** core_config_data paths the seeded store writer reads (packages/demo/src/storefront store-data.ts, customer-eav.ts). */
export const WRITER_CONFIG_PATHS = [
  'currency/options/base',
  'customer/account_share/scope',
  'customer/create_account/default_group',
  'general/locale/code',
  'newsletter/subscription/confirm',
]

/** The EAV metadata alignEav reads and re-keys on both sides (packages/core/src/magento/eav: eav-kinds.ts, eav-snapshot.ts). */
const EAV_METADATA = [
  'eav_entity_type',
  'eav_attribute_set',
  'eav_attribute_group',
  'eav_attribute',
  'eav_attribute_option',
  'eav_attribute_option_value',
  'eav_attribute_label',
  'eav_entity_attribute',
  'catalog_eav_attribute',
  'customer_eav_attribute',
  'customer_eav_attribute_website',
  'customer_form_attribute',
]

/** Addresses: the writer picks a region of the country and stores its name (customer-eav.ts, quote.ts). */
const DIRECTORY = ['directory_country', 'directory_country_region', 'directory_country_region_name']

/** The default status of each order state (store-data.ts loadStatuses) and their labels. */
const ORDER_STATUSES = ['sales_order_status', 'sales_order_status_state', 'sales_order_status_label']

/**
 * The dumps' small sample catalogs, whole: products with their EAV values, websites, stock, configurable links and
 * gallery; categories and their products. The writer sells Magento 1's products; alignEav re-keys the attribute and
 * option ids in Magento 2's values (colour of the configurable's children, swatches). Magento 1's products exist in
 * Magento 2 under the same ids (Magento 2's wishlist_item.product_id is a foreign key to them), so a test that copies
 * customers without the catalog still finds them; the script checks it.
 */
const CATALOG_ROWS = /^(catalog_(product|category)_|cataloginventory_stock_item$)/

/** Lookup tables that kept tables' foreign keys point at: what a storefront needs to write rows that refer to them. */
const LOOKUPS_ALL = [
  'catalog_product_link_attribute',
  'catalog_product_link_type',
  'cataloginventory_stock',
  'rating',
  'rating_entity',
  'rating_option',
  'review_entity',
  'review_status',
]

/** Ratings: configuration the storefront's votes refer to, copied by plugin-catalog. */
const RATINGS = ['rating', 'rating_option', 'rating_store', 'rating_title']

/**
 * Magento 2 tables alignEav re-keys besides the metadata (core/src/magento/eav/known-references.ts: EAV entity and
 * value tables, forms, the product gallery and EAV index, sales rules and fixed product taxes by attribute). The form
 * definitions and the index of the sample products are kept: their attribute and option ids move too.
 */
const REKEYED_ELSEWHERE = [
  /^eav_entity(_(datetime|decimal|int|text|varchar))?$/,
  /^eav_form_/,
  'catalog_product_entity_gallery',
  /^catalog_product_index_eav(_decimal)?(_idx|_tmp|_replica)?$/,
  'salesrule_product_attribute',
  'weee_tax',
]

export const MAGENTO1 = {
  side: 'magento1',
  title: 'Magento 1',
  dump: 'magento1-ce-1.7.sql',
  output: 'magento1.sql',
  groups: [
    {
      reason:
        'websites, store groups, store views: alignStores copies them (core/src/magento/stores); the writer sells in the active ones',
      tables: ['core_website', 'core_store_group', 'core_store'],
      rows: 'all',
    },
    {
      reason: 'configuration the writer reads (base currency, locale, customer and newsletter settings)',
      tables: ['core_config_data'],
      rows: { where: (row) => WRITER_CONFIG_PATHS.includes(row.path) },
    },
    {
      reason: 'EAV metadata: alignEav reads it (core/src/magento/eav); the writer finds attributes and options by code',
      tables: EAV_METADATA,
      rows: 'all',
    },
    {
      reason:
        'increment ids of orders, invoices, shipments, credit memos (writer increment.ts; plugin-sales sequences)',
      tables: ['eav_entity_store'],
      rows: 'all',
    },
    {
      reason: 'customer groups and their tax classes (writer store-data.ts; plugin-customer merges groups)',
      tables: ['customer_group', 'tax_class'],
      rows: 'all',
    },
    { reason: 'countries and regions of addresses (writer customer-eav.ts)', tables: DIRECTORY, rows: 'all' },
    { reason: 'order statuses per state (writer store-data.ts)', tables: ORDER_STATUSES, rows: 'all' },
    {
      reason:
        "ratings, their options, stores and titles: the writer's reviews vote on them (op-review.ts); plugin-catalog copies them",
      tables: RATINGS,
      rows: 'all',
    },
    {
      reason:
        "every table the plugins capture (packages/plugin-*/etc/deltalog.xml); the writer writes the sales, quote, customer, newsletter and wishlist ones; rows only of the sample catalog's tables",
      tables: 'deltalog',
      rows: 'none',
    },
  ],
  catalogRows: CATALOG_ROWS,
  parentRows: Object.fromEntries(LOOKUPS_ALL.map((table) => [table, 'all'])),
}

export const MAGENTO2 = {
  side: 'magento2',
  title: 'Magento 2',
  dump: 'magento2-ce-2.4.8.sql',
  output: 'magento2.sql',
  groups: [
    {
      reason: "websites, store groups, store views: alignStores upserts Magento 1's into them",
      tables: ['store_website', 'store_group', 'store'],
      rows: 'all',
    },
    {
      reason: 'the same configuration paths as Magento 1 (what a storefront shows: currency, locale)',
      tables: ['core_config_data'],
      rows: { where: (row) => WRITER_CONFIG_PATHS.includes(row.path) },
    },
    {
      reason: 'EAV metadata alignEav matches and re-keys, with the swatches that follow option ids',
      tables: [...EAV_METADATA, 'eav_attribute_option_swatch'],
      rows: 'all',
    },
    {
      reason:
        'other tables alignEav re-keys (known-references.ts); form definitions and the EAV index of the sample products',
      tables: REKEYED_ELSEWHERE,
      rows: 'all',
    },
    {
      reason: 'Magento 2 keeps eav_entity_store too (plugin-sales reads Magento 1 one)',
      tables: ['eav_entity_store'],
      rows: 'all',
    },
    {
      reason: 'customer groups and tax classes plugin-customer merges into',
      tables: ['customer_group', 'tax_class'],
      rows: 'all',
    },
    {
      reason: 'the customer grid plugin-customer marks invalid in indexer_state',
      tables: ['indexer_state'],
      rows: 'all',
    },
    { reason: 'the customer grid index itself (rebuilt by Magento 2)', tables: ['customer_grid_flat'], rows: 'none' },
    { reason: 'countries and regions migrated addresses refer to', tables: DIRECTORY, rows: 'all' },
    { reason: 'order statuses migrated orders refer to', tables: ORDER_STATUSES, rows: 'all' },
    {
      reason:
        'increment sequences plugin-sales raises (src/sequences): meta, profiles and every sequence_<type>_<store>',
      tables: ['sales_sequence_meta', 'sales_sequence_profile', /^sequence_/],
      rows: 'all',
    },
    {
      reason: 'sales grids plugin-sales rebuilds (src/grids/grid-definitions.ts)',
      tables: ['sales_order_grid', 'sales_invoice_grid', 'sales_shipment_grid', 'sales_creditmemo_grid'],
      rows: 'none',
    },
    {
      reason: "the ratings plugin-catalog replaces with Magento 1's (the sample's own, as the dump has them)",
      tables: RATINGS,
      rows: 'all',
    },
    {
      reason:
        "tables plugin-catalog writes beside the mapped ones: gallery entries' products, and the URL rewrites a full copy removes; rows only of the sample catalog's",
      tables: [
        'catalog_product_entity_media_gallery_value_to_entity',
        'url_rewrite',
        'catalog_url_rewrite_product_category',
      ],
      rows: 'none',
    },
    {
      reason:
        "where every captured Magento 1 table lands: map.xml <rename> targets, else the same name; rows only of the sample catalog's tables",
      tables: 'destinations',
      rows: 'none',
    },
  ],
  catalogRows: CATALOG_ROWS,
  parentRows: { ...Object.fromEntries(LOOKUPS_ALL.map((table) => [table, 'all'])), salesrule: 'none' },
}
