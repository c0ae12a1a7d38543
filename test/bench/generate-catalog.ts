import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise'
import { quoteIdentifier as q } from '@mig/core/engine'
import { sqlText } from './php-serialized-sql.js'

/** Magento 1 tables the generator writes, parents first. */
export const CATALOG_TABLES = [
  'catalog_product_entity',
  'catalog_product_entity_varchar',
  'catalog_product_entity_decimal',
  'catalog_product_entity_int',
  'catalog_product_entity_text',
  'catalog_product_website',
  'catalog_category_product',
  'cataloginventory_stock_item',
  'catalog_product_entity_tier_price',
] as const
export type CatalogTable = (typeof CATALOG_TABLES)[number]

/** The column holding the product id, in Magento 1 and Magento 2 alike: generated rows are those of the generated products. */
export const PRODUCT_COLUMN: Readonly<Record<CatalogTable, string>> = {
  catalog_product_entity: 'entity_id',
  catalog_product_entity_varchar: 'entity_id',
  catalog_product_entity_decimal: 'entity_id',
  catalog_product_entity_int: 'entity_id',
  catalog_product_entity_text: 'entity_id',
  catalog_product_website: 'product_id',
  catalog_category_product: 'product_id',
  cataloginventory_stock_item: 'product_id',
  catalog_product_entity_tier_price: 'entity_id',
}

/** EAV values per product and backend table (store 0), as the admin's "Add Product" form posts them. */
const VALUES = {
  catalog_product_entity_varchar: ['name', 'url_key'],
  catalog_product_entity_decimal: ['price', 'weight'],
  catalog_product_entity_int: ['status', 'visibility', 'tax_class_id'],
  catalog_product_entity_text: ['description'],
} as const satisfies Partial<Record<CatalogTable, readonly string[]>>

/** One product in TIER_EVERY gets a tier price (5 and more for 10 % less, all groups, all websites). */
const TIER_EVERY = 4

/** Rows per product with one website: entity, 8 values, website, category, stock item, ¼ tier price. */
export const ROWS_PER_PRODUCT = 1 + 8 + 1 + 1 + 1 + 1 / TIER_EVERY

export interface GeneratedCatalog {
  readonly products: number
  /** The generated product ids (inclusive); every generated row belongs to one of them. */
  readonly first: number
  readonly last: number
  /** Rows written, per table. */
  readonly rows: Readonly<Record<CatalogTable, number>>
  readonly total: number
}

const NOUNS = ['Mug', 'T-Shirt', 'Notebook', 'Lamp', 'Kettle', 'Scarf', 'Teapot', 'Backpack']
const ADJECTIVES = ['Zoë', 'Ørsted', 'Kraków', '東京', 'Müller', 'São Paulo', 'Blue', 'Classic']
const DESCRIPTIONS = [
  '<p>Hand-made in København — «Ünïcödé» ✓</p>',
  '<p>Line one<br/>Line two</p>\n<ul><li>東京</li><li>Łódź</li></ul>',
  "Plain text with 'single' quotes",
]

/** `ELT(1 + index % n, …)`: one of `texts`, by an SQL integer expression. */
function pick(index: string, texts: readonly string[]): string {
  return `ELT(1 + (${index}) % ${texts.length}, ${texts.map(sqlText).join(', ')})`
}

/**
 * Writes `products` new simple products into Magento 1 the way its admin saves them (entity row, the
 * posted store-0 values, website and category links, stock item, some tier prices), server-side with
 * one INSERT … SELECT over MariaDB's SEQUENCE engine per table and explicit ids above the current
 * maxima of both databases. Every statement is one autocommit INSERT, so mig's triggers log every row.
 * Entity type, attribute set, attribute ids, websites, category, stock and tax class are read from
 * Magento 1 at run time.
 */
export async function generateCatalog(
  connection: Connection,
  database: string,
  destination: string,
  tablePrefix: string,
  destPrefix: string,
  products: number,
): Promise<GeneratedCatalog> {
  const t = (table: string): string => `${q(database)}.${q(`${tablePrefix}${table}`)}`
  const one = async (sql: string, what: string): Promise<number> => {
    const [rows] = await connection.query<RowDataPacket[]>(sql)
    const value = rows[0] === undefined ? undefined : Object.values(rows[0])[0]
    if (value === undefined || value === null) throw new Error(`Magento 1 has no ${what}`)
    return Number(value)
  }
  const list = async (sql: string): Promise<number[]> => {
    const [rows] = await connection.query<RowDataPacket[]>(sql)
    return rows.map((row) => Number(Object.values(row)[0]))
  }
  /** Above the highest id of `column` in both Magento 1 and Magento 2, so generated ids collide with nothing. */
  const above = async (table: string, column: string): Promise<number> =>
    Math.max(
      await one(`SELECT COALESCE(MAX(${q(column)}), 0) FROM ${t(table)}`, table),
      await one(
        `SELECT COALESCE(MAX(${q(column)}), 0) FROM ${q(destination)}.${q(`${destPrefix}${table}`)}`,
        `${table} in Magento 2`,
      ),
    )

  const typeId = await one(
    `SELECT entity_type_id FROM ${t('eav_entity_type')} WHERE entity_type_code = 'catalog_product'`,
    'catalog_product entity type',
  )
  const setId = await one(
    `SELECT COALESCE((SELECT default_attribute_set_id FROM ${t('eav_entity_type')} WHERE entity_type_id = ${typeId} AND default_attribute_set_id > 0),
                     (SELECT MIN(attribute_set_id) FROM ${t('eav_attribute_set')} WHERE entity_type_id = ${typeId}))`,
    'product attribute set',
  )
  const attribute = async (code: string, table: string): Promise<number> =>
    one(
      `SELECT attribute_id FROM ${t('eav_attribute')} WHERE entity_type_id = ${typeId} AND attribute_code = ${sqlText(code)} AND backend_type = ${sqlText(table.replace('catalog_product_entity_', ''))}`,
      `product attribute ${code} in ${table}`,
    )
  const websites = await list(`SELECT website_id FROM ${t('core_website')} WHERE website_id > 0 ORDER BY website_id`)
  if (websites.length === 0) throw new Error('Magento 1 has no website')
  const categories = await list(
    `SELECT entity_id FROM ${t('catalog_category_entity')} WHERE level >= 2 ORDER BY entity_id`,
  )
  if (categories.length === 0) throw new Error('Magento 1 has no category below a root')
  const stockId = await one(`SELECT MIN(stock_id) FROM ${t('cataloginventory_stock')}`, 'stock')
  const taxClasses = await list(`SELECT class_id FROM ${t('tax_class')} WHERE class_type = 'PRODUCT' ORDER BY class_id`)

  const base = await above('catalog_product_entity', 'entity_id')
  const seq = `seq_1_to_${products}`
  const product = `${base} + s.seq`
  const at = `TIMESTAMP('2024-05-01 09:00:00') + INTERVAL s.seq * 13 SECOND`
  const name = `CONCAT(${pick('s.seq', ADJECTIVES)}, ' ', ${pick('s.seq DIV 8', NOUNS)}, ' ', s.seq)`
  const price = `CAST(1 + (s.seq * 37) % 250 + (s.seq % 100) / 100 AS DECIMAL(12,4))`
  const expressions: Readonly<Record<string, string>> = {
    name,
    url_key: `CONCAT(LOWER(${pick('s.seq DIV 8', NOUNS)}), '-bench-', s.seq)`,
    price,
    weight: `CAST((s.seq * 7) % 20 + (s.seq % 10) / 10 AS DECIMAL(12,4))`,
    status: `IF(s.seq % 10 = 0, 2, 1)`,
    visibility: '4',
    tax_class_id: taxClasses.length === 0 ? '0' : `ELT(1 + s.seq % ${taxClasses.length}, ${taxClasses.join(', ')})`,
    description: pick('s.seq', DESCRIPTIONS),
  }

  const rows = Object.fromEntries(CATALOG_TABLES.map((table) => [table, 0])) as Record<CatalogTable, number>
  const run = async (table: CatalogTable, sql: string): Promise<void> => {
    const [result] = await connection.query<ResultSetHeader>(sql)
    rows[table] = result.affectedRows
  }

  await run(
    'catalog_product_entity',
    `INSERT INTO ${t('catalog_product_entity')} (entity_id, entity_type_id, attribute_set_id, type_id, sku, has_options, required_options, created_at, updated_at)
     SELECT ${product}, ${typeId}, ${setId}, 'simple', CONCAT('BENCH-', LPAD(s.seq, 7, '0')), 0, 0, ${at}, ${at} FROM ${seq} s`,
  )
  for (const [table, codes] of Object.entries(VALUES) as [CatalogTable, readonly string[]][]) {
    const valueBase = await above(table, 'value_id')
    const selects: string[] = []
    for (const [index, code] of codes.entries()) {
      selects.push(
        `SELECT ${valueBase} + (s.seq - 1) * ${codes.length} + ${index + 1}, ${typeId}, ${await attribute(code, table)}, 0, ${product}, ${expressions[code] ?? 'NULL'} FROM ${seq} s`,
      )
    }
    await run(
      table,
      `INSERT INTO ${t(table)} (value_id, entity_type_id, attribute_id, store_id, entity_id, value) ${selects.join(' UNION ALL ')}`,
    )
  }
  await run(
    'catalog_product_website',
    `INSERT INTO ${t('catalog_product_website')} (product_id, website_id)
     ${websites.map((website) => `SELECT ${product}, ${website} FROM ${seq} s`).join(' UNION ALL ')}`,
  )
  await run(
    'catalog_category_product',
    `INSERT INTO ${t('catalog_category_product')} (category_id, product_id, position)
     SELECT ELT(1 + s.seq % ${categories.length}, ${categories.join(', ')}), ${product}, 1 FROM ${seq} s`,
  )
  // Mage_CatalogInventory_Model_Stock_Item as the product form saves it: config defaults, the posted qty.
  const qty = '(s.seq * 17) % 500'
  const stockBase = await above('cataloginventory_stock_item', 'item_id')
  await run(
    'cataloginventory_stock_item',
    `INSERT INTO ${t('cataloginventory_stock_item')} (
       item_id, product_id, stock_id, qty, min_qty, use_config_min_qty, is_qty_decimal, backorders, use_config_backorders,
       min_sale_qty, use_config_min_sale_qty, max_sale_qty, use_config_max_sale_qty, is_in_stock, low_stock_date,
       notify_stock_qty, use_config_notify_stock_qty, manage_stock, use_config_manage_stock, stock_status_changed_auto,
       use_config_qty_increments, qty_increments, use_config_enable_qty_inc, enable_qty_increments, is_decimal_divided)
     SELECT ${stockBase} + s.seq, ${product}, ${stockId}, CAST(${qty} AS DECIMAL(12,4)), 0.0000, 1, 0, 0, 1,
            1.0000, 1, 0.0000, 1, IF(${qty} > 0, 1, 0), IF(${qty} < 1, ${at}, NULL),
            NULL, 1, 0, 1, 0,
            1, 0.0000, 1, 0, 0
       FROM ${seq} s`,
  )
  const tierBase = await above('catalog_product_entity_tier_price', 'value_id')
  await run(
    'catalog_product_entity_tier_price',
    `INSERT INTO ${t('catalog_product_entity_tier_price')} (value_id, entity_id, all_groups, customer_group_id, qty, value, website_id)
     SELECT ${tierBase} + s.seq DIV ${TIER_EVERY}, ${product}, 1, 0, 5.0000, ROUND(${price} * 0.9, 4), 0 FROM ${seq} s WHERE s.seq % ${TIER_EVERY} = 0`,
  )

  return {
    products,
    first: base + 1,
    last: base + products,
    rows,
    total: Object.values(rows).reduce((sum, count) => sum + count, 0),
  }
}
