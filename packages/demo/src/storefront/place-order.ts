import { buyRequest, type CheckoutPlan } from './checkout-plan.js'
import { serializeFor, statusFor, type WriterContext } from './context.js'
import { refreshGrid } from './grid.js'
import { dec, NO_WEEE_AMOUNTS } from './money.js'
import { addHistory } from './order-pick.js'
import type { PhpValue } from './php-serialize.js'
import { addressRow } from './quote.js'
import type { Conn, Id } from './types.js'

export interface QuoteIds {
  quoteId: Id
  itemIds: Id[]
  billingId: Id
  shippingId: Id
  paymentId: Id
}

const ORDER = 'sales_flat_order'

/**
 * Mage_Sales_Model_Service_Quote::submitOrder in one transaction: order, addresses (each
 * address save writes its id back on the order), items, payment, status history, grid,
 * taxes, gift message; the quote is deactivated in the same transaction.
 */
export async function placeOrder(
  conn: Conn,
  ctx: WriterContext,
  plan: CheckoutPlan,
  ids: QuoteIds,
  incrementId: string,
  at: string,
): Promise<Id> {
  const s = ctx.schema
  const t = plan.totals
  const c = plan.customer
  const state = 'new'
  const status = statusFor(ctx, state)
  const ship = plan.shippingMethod
  const groupId = c ? c.groupId : '0'

  let giftId: Id | null = null
  if (plan.gift && s.has('gift_message')) {
    giftId = await s.insert(conn, 'gift_message', {
      customer_id: c?.id ?? 0,
      sender: plan.gift.sender,
      recipient: plan.gift.recipient,
      message: plan.gift.message,
    })
  }

  const orderId = await s.insert(conn, ORDER, {
    state,
    status,
    coupon_code: plan.couponCode,
    protect_code: plan.protectCode,
    shipping_description: `${ship.carrierTitle} - ${ship.methodTitle}`,
    is_virtual: 0,
    store_id: plan.store.storeId,
    customer_id: c?.id ?? null,
    base_discount_amount: dec(-t.discount),
    base_grand_total: dec(t.grand),
    base_shipping_amount: dec(t.shipping),
    base_shipping_tax_amount: dec(0),
    base_subtotal: dec(t.subtotal),
    base_tax_amount: dec(t.tax),
    base_to_global_rate: dec(10000),
    base_to_order_rate: dec(10000),
    base_total_qty_ordered: null,
    discount_amount: dec(-t.discount),
    grand_total: dec(t.grand),
    shipping_amount: dec(t.shipping),
    shipping_tax_amount: dec(0),
    store_to_base_rate: dec(10000),
    store_to_order_rate: dec(10000),
    subtotal: dec(t.subtotal),
    tax_amount: dec(t.tax),
    total_qty_ordered: dec(t.qty),
    customer_is_guest: c ? 0 : 1,
    customer_note_notify: 1,
    customer_group_id: groupId,
    email_sent: 1,
    quote_id: ids.quoteId,
    base_shipping_discount_amount: dec(0),
    base_subtotal_incl_tax: dec(t.subtotalInclTax),
    base_total_due: dec(t.grand),
    shipping_discount_amount: dec(0),
    subtotal_incl_tax: dec(t.subtotalInclTax),
    total_due: dec(t.grand),
    weight: dec(t.weight),
    customer_dob: plan.dob,
    increment_id: incrementId,
    applied_rule_ids: plan.couponCode ? '1' : null,
    base_currency_code: ctx.currency,
    customer_email: plan.buyer.email,
    customer_firstname: plan.buyer.firstname,
    customer_lastname: plan.buyer.lastname,
    customer_middlename: plan.buyer.middlename,
    customer_prefix: plan.buyer.prefix,
    customer_suffix: null,
    customer_taxvat: null,
    discount_description: plan.couponCode,
    global_currency_code: ctx.currency,
    order_currency_code: ctx.currency,
    remote_ip: plan.remoteIp,
    shipping_method: `${ship.carrier}_${ship.method}`,
    store_currency_code: ctx.currency,
    store_name: plan.store.storeName,
    x_forwarded_for: null,
    customer_note: plan.customerNote,
    created_at: at,
    updated_at: at,
    total_item_count: t.lines.length,
    customer_gender: plan.gender,
    hidden_tax_amount: dec(0),
    base_hidden_tax_amount: dec(0),
    shipping_hidden_tax_amount: dec(0),
    base_shipping_hidden_tax_amnt: dec(0),
    shipping_incl_tax: dec(t.shipping),
    base_shipping_incl_tax: dec(t.shipping),
    coupon_rule_name: plan.couponCode ? 'Ti procent / 10 %' : null,
    paypal_ipn_customer_notified: 0,
    gift_message_id: giftId,
  })

  for (const [type, a, quoteAddressId] of [
    ['billing', plan.billing, ids.billingId],
    ['shipping', plan.shipping, ids.shippingId],
  ] as const) {
    const addressId = await s.insert(conn, 'sales_flat_order_address', {
      parent_id: orderId,
      customer_address_id: null,
      quote_address_id: quoteAddressId,
      customer_id: c?.id ?? null,
      address_type: type,
      ...addressRow(a),
      vat_id: null,
      vat_is_valid: null,
    })
    // Mage_Sales_Model_Resource_Order_Address::_afterSave writes the id back on the order.
    await s.update(conn, ORDER, { [`${type}_address_id`]: addressId }, 'entity_id = ?', [orderId])
  }

  const itemIds: Id[] = []
  for (const [i, line] of t.lines.entries()) {
    const planned = plan.items[i]!
    const options: Record<string, PhpValue> = { info_buyRequest: buyRequest(plan.uenc, planned) }
    if (planned.option) {
      options.options = [
        {
          label: planned.option.label,
          value: planned.option.value,
          print_value: planned.option.value,
          option_id: String(planned.option.optionId),
          option_type: 'field',
          option_value: planned.option.value,
          custom_view: false,
        },
      ]
    }
    itemIds.push(
      await s.insert(conn, 'sales_flat_order_item', {
        order_id: orderId,
        parent_item_id: null,
        quote_item_id: ids.itemIds[i] ?? null,
        store_id: plan.store.storeId,
        created_at: at,
        updated_at: at,
        product_id: line.product.id,
        product_type: line.product.typeId,
        product_options: serializeFor(ctx, 'sales_flat_order_item', 'product_options', options),
        weight: dec(line.product.weight),
        is_virtual: line.product.typeId === 'simple' ? 0 : 1,
        sku: line.product.sku,
        name: line.product.name,
        description: null,
        applied_rule_ids: line.discount > 0 ? '1' : null,
        additional_data: null,
        free_shipping: 0,
        is_qty_decimal: 0,
        no_discount: 0,
        qty_backordered: null,
        qty_canceled: dec(0),
        qty_invoiced: dec(0),
        qty_ordered: dec(line.qty),
        qty_refunded: dec(0),
        qty_shipped: dec(0),
        base_cost: null,
        price: dec(line.price),
        base_price: dec(line.price),
        original_price: dec(line.price),
        base_original_price: dec(line.price),
        tax_percent: dec(plan.taxPercent),
        tax_amount: dec(line.tax),
        base_tax_amount: dec(line.tax),
        tax_invoiced: dec(0),
        base_tax_invoiced: dec(0),
        discount_percent: dec(plan.discountPercent),
        discount_amount: dec(line.discount),
        base_discount_amount: dec(line.discount),
        discount_invoiced: dec(0),
        base_discount_invoiced: dec(0),
        amount_refunded: dec(0),
        base_amount_refunded: dec(0),
        row_total: dec(line.rowTotal),
        base_row_total: dec(line.rowTotal),
        row_invoiced: dec(0),
        base_row_invoiced: dec(0),
        row_weight: dec(line.rowWeight),
        price_incl_tax: dec(line.priceInclTax),
        base_price_incl_tax: dec(line.priceInclTax),
        row_total_incl_tax: dec(line.rowTotalInclTax),
        base_row_total_incl_tax: dec(line.rowTotalInclTax),
        hidden_tax_amount: dec(0),
        base_hidden_tax_amount: dec(0),
        is_nominal: 0,
        gift_message_available: plan.gift ? 1 : null,
        weee_tax_applied: serializeFor(ctx, 'sales_flat_order_item', 'weee_tax_applied', []),
        ...NO_WEEE_AMOUNTS,
      }),
    )
  }

  const pay = plan.payment
  await s.insert(conn, 'sales_flat_order_payment', {
    parent_id: orderId,
    base_shipping_amount: dec(t.shipping),
    shipping_amount: dec(t.shipping),
    base_amount_ordered: dec(t.grand),
    amount_ordered: dec(t.grand),
    quote_payment_id: ids.paymentId,
    additional_data: null,
    cc_exp_month: String(pay.ccExpMonth),
    cc_exp_year: String(pay.ccExpYear),
    cc_ss_start_month: '0',
    cc_ss_start_year: '0',
    method: pay.method,
    cc_last4: pay.ccLast4,
    cc_owner: pay.ccOwner,
    cc_type: pay.ccType,
    cc_number_enc: pay.ccNumberEnc,
    po_number: pay.poNumber,
    additional_information: serializeFor(ctx, 'sales_flat_order_payment', 'additional_information', pay.additional),
  })

  await addHistory(conn, ctx, orderId, status, null, at, { notified: 1 })

  if (plan.taxPercent > 0 && s.has('sales_order_tax')) {
    const code = `TAX-${plan.taxPercent / 10000}`
    const taxId = await s.insert(conn, 'sales_order_tax', {
      order_id: orderId,
      code,
      title: 'Moms / VAT 東京',
      percent: dec(plan.taxPercent),
      amount: dec(t.tax),
      priority: 0,
      position: 1,
      base_amount: dec(t.tax),
      process: 0,
      base_real_amount: dec(t.tax),
      hidden: 0,
    })
    if (s.has('sales_order_tax_item')) {
      for (const itemId of itemIds) {
        await s.insert(conn, 'sales_order_tax_item', {
          tax_id: taxId,
          item_id: itemId,
          tax_percent: dec(plan.taxPercent),
        })
      }
    }
  }

  await refreshGrid(conn, ctx, 'order', orderId)

  await s.update(
    conn,
    'sales_flat_quote',
    { is_active: 0, reserved_order_id: incrementId, updated_at: at, gift_message_id: giftId, converted_at: at },
    'entity_id = ?',
    [ids.quoteId],
  )
  return orderId
}
