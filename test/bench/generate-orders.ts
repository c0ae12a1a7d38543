import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise'
import { phpArray, phpBool, phpInt, phpIntOf, phpString, phpStringOf, sqlText } from './php-serialized-sql.js'

/** The generated id ranges (inclusive), per Magento 1 table. */
export interface GeneratedOrders {
  readonly orders: number
  readonly ranges: Readonly<Record<OrderTable, { readonly key: string; readonly first: number; readonly last: number }>>
  /** Rows written, per table. */
  readonly rows: Readonly<Record<OrderTable, number>>
  readonly total: number
}

export const ORDER_TABLES = [
  'sales_flat_order',
  'sales_flat_order_item',
  'sales_flat_order_address',
  'sales_flat_order_payment',
] as const
export type OrderTable = (typeof ORDER_TABLES)[number]

const KEYS: Record<OrderTable, string> = {
  sales_flat_order: 'entity_id',
  sales_flat_order_item: 'item_id',
  sales_flat_order_address: 'entity_id',
  sales_flat_order_payment: 'entity_id',
}

/** Rows per order: the order, two items, billing + shipping address, one payment. */
export const ROWS_PER_ORDER = 6

/**
 * Writes `orders` guest orders into Magento 1 server-side (INSERT … SELECT over MariaDB's SEQUENCE
 * engine), each with 2 items, 2 addresses and a payment, with explicit ids above the current maxima.
 * Every statement is one autocommit INSERT, so mig's triggers log every row.
 *
 * Figures are consistent (row totals, tax 8.25 %, flat-rate shipping 5 per unit, grand total) and vary
 * with the order number; product_options and additional_information are PHP-serialized as Magento 1
 * writes them, including a custom option on the first item; one order in three is paid by card
 * (encrypted card number present, which map.xml turns into NULL).
 */
export async function generateOrders(
  connection: Connection,
  database: string,
  tablePrefix: string,
  orders: number,
): Promise<GeneratedOrders> {
  const t = (table: string): string => `\`${database}\`.\`${tablePrefix}${table}\``
  const seq = `seq_1_to_${orders}`
  const maxOf = async (table: OrderTable): Promise<number> => {
    const [rows] = await connection.query<RowDataPacket[]>(
      `SELECT COALESCE(MAX(${KEYS[table]}), 0) AS top FROM ${t(table)}`,
    )
    return Number(rows[0]?.['top'] ?? 0)
  }
  const orderBase = await maxOf('sales_flat_order')
  const itemBase = await maxOf('sales_flat_order_item')
  const addressBase = await maxOf('sales_flat_order_address')
  const paymentBase = await maxOf('sales_flat_order_payment')
  const [increments] = await connection.query<RowDataPacket[]>(
    `SELECT COALESCE(MAX(CAST(increment_id AS UNSIGNED)), 0) AS top FROM ${t('sales_flat_order')} WHERE increment_id REGEXP '^[0-9]+$'`,
  )
  const incrementBase = Math.max(Number(increments[0]?.['top'] ?? 0), 300_000_000)

  // Per-order figures, computed the same way wherever they are needed.
  const figures = `
    SELECT q.seq,
           ${orderBase} + q.seq AS order_id,
           ${addressBase} + (q.seq - 1) * 2 + 1 AS billing_id,
           ${addressBase} + (q.seq - 1) * 2 + 2 AS shipping_id,
           ${paymentBase} + q.seq AS payment_id,
           TIMESTAMP('2024-03-01 08:00:00') + INTERVAL q.seq * 47 SECOND AS created_at,
           1 + (q.seq * 7) % 180 AS product1, 181 + (q.seq * 11) % 120 AS product2,
           CAST(19.99 + (q.seq * 7) % 90 AS DECIMAL(12,4)) AS price1, 1 + q.seq % 3 AS qty1,
           CAST(4.5 + (q.seq * 13) % 40 AS DECIMAL(12,4)) AS price2, 1 + (q.seq + 1) % 2 AS qty2,
           q.seq % 10 AS kind
      FROM ${seq} q`
  const totals = `
    SELECT f.*,
           f.price1 * f.qty1 + f.price2 * f.qty2 AS subtotal,
           CAST(5 * (f.qty1 + f.qty2) AS DECIMAL(12,4)) AS shipping,
           ROUND((f.price1 * f.qty1 + f.price2 * f.qty2) * 0.0825, 4) AS tax,
           f.qty1 + f.qty2 AS qty
      FROM (${figures}) f`
  const state = `CASE WHEN g.kind < 5 THEN 'new' WHEN g.kind < 8 THEN 'processing' ELSE 'complete' END`
  const status = `CASE WHEN g.kind < 5 THEN 'pending' WHEN g.kind < 8 THEN 'processing' ELSE 'complete' END`
  const grand = `(g.subtotal + g.shipping + g.tax)`
  const paid = `CASE WHEN g.kind < 5 THEN NULL ELSE ${grand} END`
  const firstname = `ELT(1 + g.seq % 8, 'Anna', 'Ben', 'Chloé', 'David', 'Emma', 'Felix', 'Greta', 'Hugo')`
  const lastname = `ELT(1 + (g.seq DIV 8) % 7, 'Smith', 'Müller', 'García', 'Rossi', 'Nowak', 'Dubois', 'Jensen')`
  const email = `CONCAT('guest', g.seq, '@example.com')`

  const results: Record<OrderTable, number> = {
    sales_flat_order: 0,
    sales_flat_order_item: 0,
    sales_flat_order_address: 0,
    sales_flat_order_payment: 0,
  }
  const run = async (table: OrderTable, sql: string): Promise<void> => {
    const [result] = await connection.query<ResultSetHeader>(sql)
    results[table] = result.affectedRows
  }

  await run(
    'sales_flat_order',
    `INSERT INTO ${t('sales_flat_order')} (
       entity_id, state, status, protect_code, shipping_description, is_virtual, store_id, customer_id,
       base_discount_amount, base_grand_total, base_shipping_amount, base_shipping_tax_amount, base_subtotal, base_tax_amount,
       base_to_global_rate, base_to_order_rate, base_total_due, base_total_paid, base_total_invoiced, base_subtotal_incl_tax,
       discount_amount, grand_total, shipping_amount, shipping_tax_amount, store_to_base_rate, store_to_order_rate,
       subtotal, tax_amount, total_due, total_paid, total_invoiced, subtotal_incl_tax, total_qty_ordered, base_total_qty_ordered,
       customer_is_guest, customer_note_notify, billing_address_id, shipping_address_id, customer_group_id, email_sent,
       base_shipping_discount_amount, shipping_discount_amount, weight, increment_id, base_currency_code, customer_email,
       customer_firstname, customer_lastname, global_currency_code, order_currency_code, store_currency_code, remote_ip,
       shipping_method, store_name, created_at, updated_at, total_item_count,
       hidden_tax_amount, base_hidden_tax_amount, shipping_hidden_tax_amount, base_shipping_hidden_tax_amnt,
       shipping_incl_tax, base_shipping_incl_tax, paypal_ipn_customer_notified)
     SELECT g.order_id, ${state}, ${status}, SUBSTRING(MD5(g.seq), 1, 6), 'Flat Rate - Fixed', 0, 1, NULL,
            0.0000, ${grand}, g.shipping, 0.0000, g.subtotal, g.tax,
            1.0000, 1.0000, ${grand} - COALESCE(${paid}, 0), ${paid}, ${paid}, g.subtotal + g.tax,
            0.0000, ${grand}, g.shipping, 0.0000, 1.0000, 1.0000,
            g.subtotal, g.tax, ${grand} - COALESCE(${paid}, 0), ${paid}, ${paid}, g.subtotal + g.tax, g.qty, g.qty,
            1, 1, g.billing_id, g.shipping_id, 0, 1,
            0.0000, 0.0000, CAST(g.qty AS DECIMAL(12,4)), CAST(${incrementBase} + g.seq AS CHAR), 'USD', ${email},
            ${firstname}, ${lastname}, 'USD', 'USD', 'USD', CONCAT('10.', g.seq % 250, '.', g.seq % 199, '.', 1 + g.seq % 250),
            'flatrate_flatrate', 'Main Website\nMain Website Store\nDefault Store View', g.created_at, g.created_at + INTERVAL 3 MINUTE, 2,
            0.0000, 0.0000, 0.0000, 0.0000,
            g.shipping, g.shipping, 0
       FROM (${totals}) g`,
  )

  // product_options as Magento 1.7 writes it; the first item has a drop-down custom option.
  const buyRequest = (product: string, qty: string, withOption: boolean): string =>
    phpArray([
      [
        'uenc',
        phpStringOf(
          `REPLACE(TO_BASE64(CONCAT('http://shop.example.com/catalog/product/view/id/', ${product}, '/')), '=', ',')`,
        ),
      ],
      ['product', phpStringOf(`CAST(${product} AS CHAR)`)],
      ['form_key', phpStringOf('SUBSTRING(MD5(g.seq), 1, 16)')],
      ['related_product', phpString('')],
      ...(withOption ? ([['options', phpArray([[3, phpStringOf(`CAST(7 + g.seq % 3 AS CHAR)`)]])]] as const) : []),
      ['qty', phpStringOf(`CAST(${qty} AS CHAR)`)],
    ])
  const size = `ELT(1 + g.seq % 3, 'S', 'M', 'L')`
  const productOptions = (item: 1 | 2): string =>
    item === 1
      ? phpArray([
          ['info_buyRequest', buyRequest('g.product1', 'g.qty1', true)],
          [
            'options',
            phpArray([
              [
                0,
                phpArray([
                  ['label', phpString('Size')],
                  ['value', phpStringOf(size)],
                  ['print_value', phpStringOf(size)],
                  ['option_id', phpString('3')],
                  ['option_type', phpString('drop_down')],
                  ['option_value', phpStringOf(`CAST(7 + g.seq % 3 AS CHAR)`)],
                  ['custom_view', phpBool(false)],
                ]),
              ],
            ]),
          ],
        ])
      : phpArray([['info_buyRequest', buyRequest('g.product2', 'g.qty2', false)]])
  const itemSelect = (item: 1 | 2): string => {
    const price = `g.price${item}`
    const qty = `g.qty${item}`
    const product = `g.product${item}`
    return `SELECT ${itemBase} + (g.seq - 1) * 2 + ${item}, g.order_id, NULL, NULL, 1, g.created_at, g.created_at + INTERVAL 3 MINUTE,
            ${product}, 'simple', ${productOptions(item)}, 1.0000, 0, CONCAT('SKU-', LPAD(${product}, 5, '0')), CONCAT('Product ', ${product}),
            NULL, 'a:0:{}', 0, 0, 0, CAST(${qty} AS DECIMAL(12,4)), ROUND(${price} * 0.6, 4), ${price}, ${price}, ${price}, ${price},
            8.2500, ROUND(${price} * ${qty} * 0.0825, 4), ROUND(${price} * ${qty} * 0.0825, 4), ${price} * ${qty}, ${price} * ${qty},
            CAST(${qty} AS DECIMAL(12,4)), ROUND(${price} * 1.0825, 4), ROUND(${price} * 1.0825, 4),
            ${price} * ${qty} + ROUND(${price} * ${qty} * 0.0825, 4), ${price} * ${qty} + ROUND(${price} * ${qty} * 0.0825, 4),
            0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000
       FROM (${totals}) g`
  }
  await run(
    'sales_flat_order_item',
    `INSERT INTO ${t('sales_flat_order_item')} (
       item_id, order_id, parent_item_id, quote_item_id, store_id, created_at, updated_at,
       product_id, product_type, product_options, weight, is_virtual, sku, name,
       applied_rule_ids, weee_tax_applied, free_shipping, is_qty_decimal, no_discount, qty_ordered, base_cost, price, base_price, original_price, base_original_price,
       tax_percent, tax_amount, base_tax_amount, row_total, base_row_total,
       row_weight, price_incl_tax, base_price_incl_tax,
       row_total_incl_tax, base_row_total_incl_tax,
       discount_amount, base_discount_amount, hidden_tax_amount, base_hidden_tax_amount,
       weee_tax_applied_amount, base_weee_tax_applied_amount, weee_tax_applied_row_amount, base_weee_tax_applied_row_amnt)
     ${itemSelect(1)}
     UNION ALL
     ${itemSelect(2)}`,
  )

  const addressSelect = (type: 'billing' | 'shipping'): string => `
     SELECT g.${type}_id, g.order_id, NULL, NULL, 12, NULL, NULL, 'California', LPAD(90001 + g.seq % 900, 5, '0'), ${lastname},
            CONCAT(1 + g.seq % 9999, ' ', ELT(1 + g.seq % 5, 'Main St', 'Oak Ave', 'Pine Rd', 'Maple Dr', 'Cedar Ln')${type === 'shipping' ? ", '\\nApt ', 1 + g.seq % 40" : ''}),
            ELT(1 + g.seq % 4, 'Los Angeles', 'San Diego', 'San Jose', 'Fresno'), ${email}, CONCAT('555-', LPAD(g.seq % 10000, 4, '0')),
            'US', ${firstname}, ${sqlText(type)}, NULL, NULL, NULL, IF(g.seq % 7 = 0, 'Example Corp', NULL)
       FROM (${totals}) g`
  await run(
    'sales_flat_order_address',
    `INSERT INTO ${t('sales_flat_order_address')} (
       entity_id, parent_id, customer_address_id, quote_address_id, region_id, customer_id, fax, region, postcode, lastname,
       street, city, email, telephone, country_id, firstname, address_type, prefix, middlename, suffix, company)
     ${addressSelect('billing')}
     UNION ALL
     ${addressSelect('shipping')}`,
  )

  // One order in three by card (saved cc: encrypted number, last 4), the others by PayPal Express.
  const card = 'g.seq % 3 = 0'
  const paypalInfo = phpArray([
    ['paypal_payer_id', phpStringOf(`UPPER(SUBSTRING(MD5(CONCAT('payer', g.seq)), 1, 13))`)],
    ['paypal_payer_email', phpStringOf(email)],
    ['paypal_payer_status', phpString('verified')],
    ['paypal_address_status', phpString('Confirmed')],
    ['paypal_correlation_id', phpStringOf(`SUBSTRING(MD5(CONCAT('corr', g.seq)), 1, 13)`)],
    ['paypal_express_checkout_payer_id', phpStringOf(`UPPER(SUBSTRING(MD5(CONCAT('payer', g.seq)), 1, 13))`)],
    [
      'paypal_express_checkout_token',
      phpStringOf(`CONCAT('EC-', UPPER(SUBSTRING(MD5(CONCAT('token', g.seq)), 1, 17)))`),
    ],
    ['paypal_payment_status', phpString('completed')],
  ])
  const cardInfo = phpArray([
    ['cc_number_last4', phpStringOf(`LPAD(g.seq % 10000, 4, '0')`)],
    ['attempts', phpIntOf('1 + g.seq % 2')],
    ['retry', phpInt(0)],
  ])
  await run(
    'sales_flat_order_payment',
    `INSERT INTO ${t('sales_flat_order_payment')} (
       entity_id, parent_id, base_shipping_amount, shipping_amount, base_amount_paid, amount_paid, base_amount_authorized, amount_authorized,
       base_amount_ordered, amount_ordered, method, cc_type, cc_last4, cc_owner, cc_exp_month, cc_exp_year, cc_number_enc,
       last_trans_id, additional_information)
     SELECT g.payment_id, g.order_id, g.shipping, g.shipping, ${paid}, ${paid}, ${grand}, ${grand},
            ${grand}, ${grand}, IF(${card}, 'ccsave', 'paypal_express'),
            IF(${card}, ELT(1 + g.seq % 3, 'VI', 'MC', 'AE'), NULL), IF(${card}, LPAD(g.seq % 10000, 4, '0'), NULL),
            IF(${card}, CONCAT(${firstname}, ' ', ${lastname}), NULL), IF(${card}, CAST(1 + g.seq % 12 AS CHAR), '0'), IF(${card}, '2028', '0'),
            IF(${card}, TO_BASE64(UNHEX(SHA2(CONCAT('card', g.seq), 256))), NULL),
            IF(${card}, NULL, UPPER(SUBSTRING(MD5(CONCAT('txn', g.seq)), 1, 17))),
            IF(${card}, ${cardInfo}, ${paypalInfo})
       FROM (${totals}) g`,
  )

  const rows = (first: number, count: number): { first: number; last: number } => ({
    first: first + 1,
    last: first + count,
  })
  return {
    orders,
    ranges: {
      sales_flat_order: { key: KEYS.sales_flat_order, ...rows(orderBase, orders) },
      sales_flat_order_item: { key: KEYS.sales_flat_order_item, ...rows(itemBase, orders * 2) },
      sales_flat_order_address: { key: KEYS.sales_flat_order_address, ...rows(addressBase, orders * 2) },
      sales_flat_order_payment: { key: KEYS.sales_flat_order_payment, ...rows(paymentBase, orders) },
    },
    rows: results,
    total: Object.values(results).reduce((sum, count) => sum + count, 0),
  }
}
