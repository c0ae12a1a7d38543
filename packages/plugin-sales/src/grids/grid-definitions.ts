/**
 * The four Magento 2 sales grids as Magento 2.4 defines them in app/code/Magento/Sales/etc/di.xml
 * (`Magento\Sales\Model\ResourceModel\Grid` virtual types: Order\Grid, Order\Invoice\Grid,
 * ShipmentGridAggregator, CreditmemoGridAggregator) with their `columns` and `joins`.
 *
 * Table aliases used by the expressions:
 *   `m` the main table (sales_order for the order grid, sales_invoice/… otherwise)
 *   `o` sales_order (the same row as `m` for the order grid)
 *   `ba` / `sa` the billing / shipping sales_order_address
 *   `p` sales_order_payment
 */

export type GridKind = 'order' | 'invoice' | 'shipment' | 'creditmemo'

export const GRID_KINDS: readonly GridKind[] = ['order', 'invoice', 'shipment', 'creditmemo']

export type TableAlias = 'm' | 'o' | 'ba' | 'sa' | 'p'

/** A grid column's source, resolved against the live schema when the statement is built. */
export type GridExpression =
  /** One column of a joined table. */
  | { readonly kind: 'column'; readonly alias: TableAlias; readonly column: string }
  /**
   * Magento\Framework\DB\Sql\ConcatExpression:
   * TRIM(CONCAT_WS(separator, IF(c1 <> '', c1, NULL), IF(c2 <> '', c2, NULL), …)).
   */
  | {
      readonly kind: 'concat'
      readonly separator: string
      readonly parts: readonly { readonly alias: TableAlias; readonly column: string }[]
    }

export interface GridDefinition {
  readonly kind: GridKind
  /** Unprefixed Magento 2 names. */
  readonly gridTable: string
  readonly mainTable: string
  /** Grid column → expression, in Magento's order. */
  readonly columns: Readonly<Record<string, GridExpression>>
}

const col = (alias: TableAlias, column: string): GridExpression => ({ kind: 'column', alias, column })
const concat = (separator: string, alias: TableAlias, ...columns: string[]): GridExpression => ({
  kind: 'concat',
  separator,
  parts: columns.map((column) => ({ alias, column })),
})

const customerName = concat(' ', 'o', 'customer_firstname', 'customer_lastname')
const billingName = concat(' ', 'ba', 'firstname', 'lastname')
const shippingName = concat(' ', 'sa', 'firstname', 'lastname')
const billingAddress = concat(',', 'ba', 'street', 'city', 'region', 'postcode')
const shippingAddress = concat(',', 'sa', 'street', 'city', 'region', 'postcode')

export const GRID_DEFINITIONS: Readonly<Record<GridKind, GridDefinition>> = {
  order: {
    kind: 'order',
    gridTable: 'sales_order_grid',
    mainTable: 'sales_order',
    columns: {
      entity_id: col('m', 'entity_id'),
      status: col('m', 'status'),
      store_id: col('m', 'store_id'),
      store_name: col('m', 'store_name'),
      customer_id: col('m', 'customer_id'),
      base_grand_total: col('m', 'base_grand_total'),
      base_total_paid: col('m', 'base_total_paid'),
      grand_total: col('m', 'grand_total'),
      total_paid: col('m', 'total_paid'),
      increment_id: col('m', 'increment_id'),
      base_currency_code: col('m', 'base_currency_code'),
      order_currency_code: col('m', 'order_currency_code'),
      shipping_name: shippingName,
      billing_name: billingName,
      created_at: col('m', 'created_at'),
      updated_at: col('m', 'updated_at'),
      billing_address: billingAddress,
      shipping_address: shippingAddress,
      shipping_information: col('m', 'shipping_description'),
      customer_email: col('m', 'customer_email'),
      customer_group: col('m', 'customer_group_id'),
      subtotal: col('m', 'base_subtotal'),
      shipping_and_handling: col('m', 'base_shipping_amount'),
      customer_name: customerName,
      payment_method: col('p', 'method'),
      total_refunded: col('m', 'total_refunded'),
    },
  },
  invoice: {
    kind: 'invoice',
    gridTable: 'sales_invoice_grid',
    mainTable: 'sales_invoice',
    columns: {
      entity_id: col('m', 'entity_id'),
      increment_id: col('m', 'increment_id'),
      state: col('m', 'state'),
      store_id: col('m', 'store_id'),
      store_name: col('o', 'store_name'),
      order_id: col('m', 'order_id'),
      order_increment_id: col('o', 'increment_id'),
      order_created_at: col('o', 'created_at'),
      customer_name: customerName,
      customer_email: col('o', 'customer_email'),
      customer_group_id: col('o', 'customer_group_id'),
      payment_method: col('p', 'method'),
      store_currency_code: col('m', 'store_currency_code'),
      order_currency_code: col('m', 'order_currency_code'),
      base_currency_code: col('m', 'base_currency_code'),
      global_currency_code: col('m', 'global_currency_code'),
      billing_name: billingName,
      billing_address: billingAddress,
      shipping_address: shippingAddress,
      shipping_information: col('o', 'shipping_description'),
      subtotal: col('o', 'base_subtotal'),
      shipping_and_handling: col('o', 'base_shipping_amount'),
      base_grand_total: col('m', 'base_grand_total'),
      grand_total: col('m', 'grand_total'),
      created_at: col('m', 'created_at'),
      updated_at: col('m', 'updated_at'),
    },
  },
  shipment: {
    kind: 'shipment',
    gridTable: 'sales_shipment_grid',
    mainTable: 'sales_shipment',
    columns: {
      entity_id: col('m', 'entity_id'),
      increment_id: col('m', 'increment_id'),
      store_id: col('m', 'store_id'),
      order_increment_id: col('o', 'increment_id'),
      order_created_at: col('o', 'created_at'),
      customer_name: customerName,
      total_qty: col('m', 'total_qty'),
      shipment_status: col('m', 'shipment_status'),
      order_status: col('o', 'status'),
      billing_address: billingAddress,
      shipping_address: shippingAddress,
      billing_name: billingName,
      shipping_name: shippingName,
      customer_email: col('o', 'customer_email'),
      customer_group_id: col('o', 'customer_group_id'),
      payment_method: col('p', 'method'),
      created_at: col('m', 'created_at'),
      updated_at: col('m', 'updated_at'),
      order_id: col('m', 'order_id'),
      shipping_information: col('o', 'shipping_description'),
    },
  },
  creditmemo: {
    kind: 'creditmemo',
    gridTable: 'sales_creditmemo_grid',
    mainTable: 'sales_creditmemo',
    columns: {
      entity_id: col('m', 'entity_id'),
      increment_id: col('m', 'increment_id'),
      created_at: col('m', 'created_at'),
      updated_at: col('m', 'updated_at'),
      // Magento reads sales_order.entity_id; the credit memo's own order_id is the same value and
      // never NULL (the grid column is NOT NULL).
      order_id: col('m', 'order_id'),
      order_increment_id: col('o', 'increment_id'),
      order_created_at: col('o', 'created_at'),
      billing_name: billingName,
      state: col('m', 'state'),
      base_grand_total: col('m', 'base_grand_total'),
      order_status: col('o', 'status'),
      store_id: col('m', 'store_id'),
      billing_address: billingAddress,
      shipping_address: shippingAddress,
      customer_name: customerName,
      customer_email: col('o', 'customer_email'),
      customer_group_id: col('o', 'customer_group_id'),
      payment_method: col('p', 'method'),
      shipping_information: col('o', 'shipping_description'),
      subtotal: col('m', 'subtotal'),
      shipping_and_handling: col('m', 'shipping_amount'),
      adjustment_positive: col('m', 'adjustment_positive'),
      adjustment_negative: col('m', 'adjustment_negative'),
      order_base_grand_total: col('o', 'base_grand_total'),
    },
  },
}
