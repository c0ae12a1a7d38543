import { buyRequest, type CheckoutPlan, type PlannedItem } from './checkout-plan.js'
import { ZERO_DATE } from './clock.js'
import { serializeFor, tbl, type WriterContext } from './context.js'
import { dec, NO_WEEE_AMOUNTS, parseUnits, percentOf, sum, times, type Units } from './money.js'
import { phpSerialize } from './php-serialize.js'
import type { AddressData } from './sample-data.js'
import { idOf, rows } from './sql.js'
import type { StoreInfo } from './store-data.js'
import type { Line } from './totals.js'
import type { Conn, Id, Row } from './types.js'

const Q = 'sales_flat_quote'
const QI = 'sales_flat_quote_item'

export interface QuoteOwner {
  store: StoreInfo
  customerId: Id | null
  groupId: Id
  email: string | null
  firstname: string | null
  lastname: string | null
  checkoutMethod: string | null
  remoteIp: string
}

export async function insertQuote(conn: Conn, ctx: WriterContext, o: QuoteOwner, at: string): Promise<Id> {
  return ctx.schema.insert(conn, Q, {
    store_id: o.store.storeId,
    created_at: at,
    // Magento 1.7 leaves updated_at at its zero default until the quote is saved again.
    updated_at: ZERO_DATE,
    is_active: 1,
    is_virtual: 0,
    is_multi_shipping: 0,
    items_count: 0,
    items_qty: dec(0),
    orig_order_id: 0,
    store_to_base_rate: dec(10000),
    store_to_quote_rate: dec(10000),
    base_currency_code: ctx.currency,
    store_currency_code: ctx.currency,
    quote_currency_code: ctx.currency,
    global_currency_code: ctx.currency,
    base_to_global_rate: dec(10000),
    base_to_quote_rate: dec(10000),
    grand_total: dec(0),
    base_grand_total: dec(0),
    checkout_method: o.checkoutMethod,
    // A guest checkout sets customer_id NULL; an anonymous cart keeps the column default 0.
    customer_id: o.customerId ?? (o.checkoutMethod === 'guest' ? null : 0),
    customer_tax_class_id: ctx.groups.get(o.groupId) ?? '3',
    customer_group_id: o.groupId,
    customer_email: o.email,
    customer_firstname: o.firstname,
    customer_lastname: o.lastname,
    customer_note_notify: 1,
    customer_is_guest: o.customerId ? 0 : o.checkoutMethod === 'guest' ? 1 : 0,
    remote_ip: o.remoteIp,
    is_changed: 1,
    trigger_recollect: 0,
    is_persistent: 0,
  })
}

/** Add-to-cart: the item row plus its info_buyRequest option (PHP-serialized). */
export async function insertQuoteItem(
  conn: Conn,
  ctx: WriterContext,
  quoteId: Id,
  storeId: Id,
  item: PlannedItem,
  line: Line,
  uenc: string,
  taxPercent: Units,
  at: string,
): Promise<Id> {
  const p = item.product
  const itemId = await ctx.schema.insert(conn, QI, {
    quote_id: quoteId,
    created_at: at,
    updated_at: at,
    product_id: p.id,
    store_id: storeId,
    parent_item_id: null,
    is_virtual: p.typeId === 'simple' ? 0 : 1,
    sku: p.sku,
    name: p.name,
    description: null,
    applied_rule_ids: line.discount > 0 ? '1' : null,
    additional_data: null,
    free_shipping: 0,
    is_qty_decimal: 0,
    no_discount: 0,
    weight: dec(p.weight),
    qty: dec(item.qty),
    price: dec(line.price),
    base_price: dec(line.price),
    custom_price: null,
    discount_percent: dec(line.discount > 0 ? 100_000 : 0),
    discount_amount: dec(line.discount),
    base_discount_amount: dec(line.discount),
    tax_percent: dec(taxPercent),
    tax_amount: dec(line.tax),
    base_tax_amount: dec(line.tax),
    row_total: dec(line.rowTotal),
    base_row_total: dec(line.rowTotal),
    row_total_with_discount: dec(line.rowTotal - line.discount),
    row_weight: dec(line.rowWeight),
    product_type: p.typeId,
    price_incl_tax: dec(line.priceInclTax),
    base_price_incl_tax: dec(line.priceInclTax),
    row_total_incl_tax: dec(line.rowTotalInclTax),
    base_row_total_incl_tax: dec(line.rowTotalInclTax),
    hidden_tax_amount: dec(0),
    base_hidden_tax_amount: dec(0),
    weee_tax_applied: phpSerialize([]),
    ...NO_WEEE_AMOUNTS,
  })
  if (ctx.schema.has('sales_flat_quote_item_option')) {
    await ctx.schema.insert(conn, 'sales_flat_quote_item_option', {
      item_id: itemId,
      product_id: p.id ?? 0,
      code: 'info_buyRequest',
      value: serializeFor(ctx, 'sales_flat_quote_item_option', 'value', buyRequest(uenc, item)),
    })
    if (item.option) {
      await ctx.schema.insert(conn, 'sales_flat_quote_item_option', {
        item_id: itemId,
        product_id: p.id ?? 0,
        code: 'option_ids',
        value: String(item.option.optionId),
      })
      await ctx.schema.insert(conn, 'sales_flat_quote_item_option', {
        item_id: itemId,
        product_id: p.id ?? 0,
        code: `option_${item.option.optionId}`,
        value: item.option.value,
      })
    }
  }
  return itemId
}

export function addressRow(a: AddressData): Row {
  return {
    email: a.email,
    prefix: a.prefix,
    firstname: a.firstname,
    middlename: a.middlename,
    lastname: a.lastname,
    suffix: null,
    company: a.company,
    street: a.street,
    city: a.city,
    region: a.region,
    region_id: null,
    postcode: a.postcode,
    country_id: a.country_id,
    telephone: a.telephone,
    fax: a.fax,
  }
}

/** Checkout steps: billing + shipping address, shipping rates, address items, payment. */
export async function saveCheckoutSteps(
  conn: Conn,
  ctx: WriterContext,
  plan: CheckoutPlan,
  quoteId: Id,
  itemIds: readonly Id[],
  at: string,
): Promise<{ billingId: Id; shippingId: Id; paymentId: Id }> {
  const t = plan.totals
  const customerId = plan.customer?.id ?? null
  const billingId = await ctx.schema.insert(conn, 'sales_flat_quote_address', {
    quote_id: quoteId,
    created_at: at,
    updated_at: at,
    customer_id: customerId,
    save_in_address_book: customerId ? 1 : 0,
    customer_address_id: null,
    address_type: 'billing',
    ...addressRow(plan.billing),
    same_as_billing: 0,
    free_shipping: 0,
    collect_shipping_rates: 0,
    weight: dec(0),
    subtotal: dec(0),
    base_subtotal: dec(0),
    subtotal_with_discount: dec(0),
    base_subtotal_with_discount: dec(0),
    tax_amount: dec(0),
    base_tax_amount: dec(0),
    shipping_amount: dec(0),
    base_shipping_amount: dec(0),
    discount_amount: dec(0),
    base_discount_amount: dec(0),
    grand_total: dec(0),
    base_grand_total: dec(0),
    applied_taxes: phpSerialize([]),
    vat_id: null,
  })
  const appliedTaxes =
    plan.taxPercent > 0
      ? {
          [`TAX-${plan.taxPercent / 10000}`]: {
            rates: [
              {
                code: `TAX-${plan.taxPercent / 10000}`,
                title: 'Moms / VAT 東京',
                percent: plan.taxPercent / 10000,
                position: '1',
                priority: '0',
                rule_id: '1',
              },
            ],
            percent: plan.taxPercent / 10000,
            id: `TAX-${plan.taxPercent / 10000}`,
            process: 0,
            amount: t.tax / 10000,
            base_amount: t.tax / 10000,
          },
        }
      : []
  const shippingId = await ctx.schema.insert(conn, 'sales_flat_quote_address', {
    quote_id: quoteId,
    created_at: at,
    updated_at: at,
    customer_id: customerId,
    save_in_address_book: 0,
    address_type: 'shipping',
    ...addressRow(plan.shipping),
    same_as_billing: plan.sameAsBilling ? 1 : 0,
    free_shipping: plan.shippingMethod.perItem === 0 ? 1 : 0,
    collect_shipping_rates: 0,
    shipping_method: `${plan.shippingMethod.carrier}_${plan.shippingMethod.method}`,
    shipping_description: `${plan.shippingMethod.carrierTitle} - ${plan.shippingMethod.methodTitle}`,
    weight: dec(t.weight),
    subtotal: dec(t.subtotal),
    base_subtotal: dec(t.subtotal),
    subtotal_with_discount: dec(t.subtotal - t.discount),
    base_subtotal_with_discount: dec(t.subtotal - t.discount),
    tax_amount: dec(t.tax),
    base_tax_amount: dec(t.tax),
    shipping_amount: dec(t.shipping),
    base_shipping_amount: dec(t.shipping),
    shipping_tax_amount: dec(0),
    base_shipping_tax_amount: dec(0),
    discount_amount: dec(-t.discount),
    base_discount_amount: dec(-t.discount),
    grand_total: dec(t.grand),
    base_grand_total: dec(t.grand),
    customer_notes: plan.customerNote === null ? null : plan.customerNote.slice(0, 200),
    applied_taxes: serializeFor(ctx, 'sales_flat_quote_address', 'applied_taxes', appliedTaxes),
    discount_description: plan.couponCode,
    subtotal_incl_tax: dec(t.subtotalInclTax),
    base_subtotal_total_incl_tax: dec(t.subtotalInclTax),
    shipping_incl_tax: dec(t.shipping),
    base_shipping_incl_tax: dec(t.shipping),
    hidden_tax_amount: dec(0),
    base_hidden_tax_amount: dec(0),
  })
  if (ctx.schema.has('sales_flat_quote_shipping_rate')) {
    // Magento keeps every rate it quoted, not only the chosen one.
    for (const m of [
      plan.shippingMethod,
      ...(plan.shippingMethod.carrier === 'flatrate'
        ? []
        : [
            {
              ...plan.shippingMethod,
              carrier: 'flatrate',
              carrierTitle: 'Flat Rate',
              method: 'flatrate',
              methodTitle: 'Fixed',
            },
          ]),
    ]) {
      await ctx.schema.insert(conn, 'sales_flat_quote_shipping_rate', {
        address_id: shippingId,
        created_at: at,
        updated_at: ZERO_DATE,
        carrier: m.carrier,
        carrier_title: m.carrierTitle,
        code: `${m.carrier}_${m.method}`,
        method: m.method,
        method_description: null,
        price: dec(times(m.perItem, t.qty)),
        error_message: null,
        method_title: m.methodTitle,
      })
    }
  }
  if (ctx.schema.has('sales_flat_quote_address_item')) {
    for (const [i, line] of t.lines.entries()) {
      await ctx.schema.insert(conn, 'sales_flat_quote_address_item', {
        quote_address_id: shippingId,
        quote_item_id: itemIds[i] ?? null,
        parent_item_id: null,
        created_at: at,
        updated_at: ZERO_DATE,
        weight: dec(line.product.weight),
        qty: dec(line.qty),
        discount_amount: dec(line.discount),
        tax_amount: dec(line.tax),
        row_total: dec(line.rowTotal),
        base_row_total: dec(line.rowTotal),
        row_total_with_discount: dec(line.rowTotal - line.discount),
        base_discount_amount: dec(line.discount),
        base_tax_amount: dec(line.tax),
        row_weight: dec(line.rowWeight),
        product_id: line.product.id,
        sku: line.product.sku,
        name: line.product.name,
        price: dec(line.price),
        base_price: dec(line.price),
        tax_percent: dec(plan.taxPercent),
        price_incl_tax: dec(line.priceInclTax),
        base_price_incl_tax: dec(line.priceInclTax),
        row_total_incl_tax: dec(line.rowTotalInclTax),
        base_row_total_incl_tax: dec(line.rowTotalInclTax),
      })
    }
  }
  const pay = plan.payment
  const paymentId = await ctx.schema.insert(conn, 'sales_flat_quote_payment', {
    quote_id: quoteId,
    created_at: at,
    updated_at: at,
    method: pay.method,
    cc_type: pay.ccType,
    cc_number_enc: pay.ccNumberEnc,
    cc_last4: pay.ccLast4,
    cc_cid_enc: null,
    cc_owner: pay.ccOwner,
    cc_exp_month: pay.ccExpMonth,
    cc_exp_year: pay.ccExpYear,
    cc_ss_start_month: 0,
    cc_ss_start_year: 0,
    po_number: pay.poNumber,
    additional_data: null,
    additional_information: serializeFor(ctx, 'sales_flat_quote_payment', 'additional_information', pay.additional),
  })
  return { billingId, shippingId, paymentId }
}

/** Write the quote header totals (collectTotals + save). */
export async function updateQuoteTotals(
  conn: Conn,
  ctx: WriterContext,
  quoteId: Id,
  plan: CheckoutPlan,
  at: string,
  extra: Row = {},
): Promise<void> {
  const t = plan.totals
  await ctx.schema.update(
    conn,
    Q,
    {
      updated_at: at,
      items_count: t.lines.length,
      items_qty: dec(t.qty),
      grand_total: dec(t.grand),
      base_grand_total: dec(t.grand),
      subtotal: dec(t.subtotal),
      base_subtotal: dec(t.subtotal),
      subtotal_with_discount: dec(t.subtotal - t.discount),
      base_subtotal_with_discount: dec(t.subtotal - t.discount),
      coupon_code: plan.couponCode,
      applied_rule_ids: plan.couponCode ? '1' : null,
      customer_dob: plan.dob,
      customer_gender: plan.gender === null ? null : String(plan.gender),
      customer_prefix: plan.buyer.prefix,
      customer_middlename: plan.buyer.middlename,
      customer_note: plan.customerNote === null ? null : plan.customerNote.slice(0, 200),
      ...extra,
    },
    'entity_id = ?',
    [quoteId],
  )
}

/** Recompute a cart's totals from its live items (cart page). */
export async function recollectCart(conn: Conn, ctx: WriterContext, quoteId: Id, at: string): Promise<void> {
  const items = await rows(
    conn,
    `SELECT qty, row_total, tax_amount FROM ${tbl(ctx, QI)} WHERE quote_id = ? AND parent_item_id IS NULL`,
    [quoteId],
  )
  const subtotal = sum(items.map((i) => parseUnits(i.row_total as string)))
  const tax = sum(items.map((i) => parseUnits(i.tax_amount as string)))
  const qty = sum(items.map((i) => parseUnits(i.qty as string)))
  await ctx.schema.update(
    conn,
    Q,
    {
      updated_at: at,
      items_count: items.length,
      items_qty: dec(qty),
      subtotal: dec(subtotal),
      base_subtotal: dec(subtotal),
      subtotal_with_discount: dec(subtotal),
      base_subtotal_with_discount: dec(subtotal),
      grand_total: dec(subtotal + tax),
      base_grand_total: dec(subtotal + tax),
      is_changed: 1,
    },
    'entity_id = ?',
    [quoteId],
  )
}

/** Change an item's qty the way the cart page does (row totals + info_buyRequest follow). */
export async function setQuoteItemQty(
  conn: Conn,
  ctx: WriterContext,
  item: Record<string, unknown>,
  qty: Units,
  at: string,
): Promise<void> {
  const itemId = idOf(item.item_id) ?? '0'
  const price = parseUnits(item.price as string)
  const taxPercent = parseUnits(item.tax_percent as string | null)
  const row = times(price, qty)
  const tax = percentOf(row, taxPercent)
  await ctx.schema.update(
    conn,
    QI,
    {
      updated_at: at,
      qty: dec(qty),
      row_total: dec(row),
      base_row_total: dec(row),
      row_total_with_discount: dec(row),
      tax_amount: dec(tax),
      base_tax_amount: dec(tax),
      row_total_incl_tax: dec(row + tax),
      base_row_total_incl_tax: dec(row + tax),
      row_weight: dec(times(parseUnits(item.weight as string | null), qty)),
    },
    'item_id = ?',
    [itemId],
  )
  if (ctx.schema.has('sales_flat_quote_item_option')) {
    const productId = idOf(item.product_id)
    await ctx.schema.update(
      conn,
      'sales_flat_quote_item_option',
      {
        value: serializeFor(ctx, 'sales_flat_quote_item_option', 'value', {
          product: productId ?? '0',
          qty: String(qty / 10000),
          form_key: 'Xk3yZ9aBcD1eF2gH',
          related_product: '',
          original_qty: String(parseUnits(item.qty as string) / 10000),
        }),
      },
      "item_id = ? AND code = 'info_buyRequest'",
      [itemId],
    )
  }
}
