import { serializeFor, statusFor, tbl, type WriterContext } from './context.js'
import { notBefore } from './clock.js'
import { documentItemRow, documentLine } from './document-lines.js'
import { refreshGrid } from './grid.js'
import { allocateIncrementId } from './increment.js'
import { dec, sum, unitsOf, type Units } from './money.js'
import { addHistory, lockOrderItems, orderPayment, pickAndLockOrder } from './order-pick.js'
import { orderStateAfter } from './order-state.js'
import type { Rng } from './prng.js'
import { idOf, rows, str } from './sql.js'
import type { OpOutcome } from './types.js'

/** Admin "Invoice" (capture): invoice + items + comment + grid, order/item/payment totals, a capture transaction. */
export async function invoice(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const at0 = ctx.clock.tick(rng)
  return ctx.tx.run(rng.uint32(), async (conn, r) => {
    const s = ctx.schema
    const order = await pickAndLockOrder(
      conn,
      ctx,
      r,
      "o.state IN ('new', 'processing') AND IFNULL(o.total_invoiced, 0) < o.grand_total",
    )
    if (!order) return 'skipped'
    const orderId = idOf(order.entity_id)!
    const at = notBefore(at0, order.updated_at)
    const items = await lockOrderItems(conn, ctx, orderId)
    const partial = r.chance(0.2)
    const lines = items
      .map((it) => {
        const open = unitsOf(it, 'qty_ordered') - unitsOf(it, 'qty_invoiced') - unitsOf(it, 'qty_canceled')
        return { it, qty: partial ? Math.min(open, 10000) : open }
      })
      .filter((l) => l.qty > 0)
      .slice(0, partial ? 1 : undefined)
    if (lines.length === 0) return 'skipped'
    const storeId = idOf(order.store_id) ?? ctx.stores[0]!.storeId
    const incrementId = await allocateIncrementId(conn, s, ctx.types.invoice, storeId)

    const calc = lines.map(({ it, qty }) => documentLine(it, qty))
    const shippingDue = unitsOf(order, 'shipping_amount') - unitsOf(order, 'shipping_invoiced')
    const shipping: Units = shippingDue > 0 ? shippingDue : 0
    const subtotal = sum(calc.map((c) => c.row))
    const tax = sum(calc.map((c) => c.tax))
    const discount = sum(calc.map((c) => c.discount))
    const grand = subtotal + tax + shipping - discount
    const qty = sum(calc.map((c) => c.qty))
    const payment = await orderPayment(conn, ctx, orderId)
    const txnId = payment && str(payment.method) === 'ccsave' ? `${incrementId}-${r.hex(10)}` : null
    const cur = (c: string) => str(order[c]) ?? ctx.currency

    const invoiceId = await s.insert(conn, 'sales_flat_invoice', {
      store_id: storeId,
      base_grand_total: dec(grand),
      shipping_tax_amount: dec(0),
      tax_amount: dec(tax),
      base_tax_amount: dec(tax),
      store_to_order_rate: dec(10000),
      base_shipping_tax_amount: dec(0),
      base_discount_amount: dec(-discount),
      base_to_order_rate: dec(10000),
      grand_total: dec(grand),
      shipping_amount: dec(shipping),
      subtotal_incl_tax: dec(subtotal + tax),
      base_subtotal_incl_tax: dec(subtotal + tax),
      store_to_base_rate: dec(10000),
      base_shipping_amount: dec(shipping),
      total_qty: dec(qty),
      base_to_global_rate: dec(10000),
      subtotal: dec(subtotal),
      base_subtotal: dec(subtotal),
      discount_amount: dec(-discount),
      billing_address_id: idOf(order.billing_address_id),
      is_used_for_refund: null,
      order_id: orderId,
      email_sent: r.chance(0.5) ? 1 : null,
      can_void_flag: 0,
      state: 2, // paid
      shipping_address_id: idOf(order.shipping_address_id),
      store_currency_code: cur('store_currency_code'),
      transaction_id: txnId,
      order_currency_code: cur('order_currency_code'),
      base_currency_code: cur('base_currency_code'),
      global_currency_code: cur('global_currency_code'),
      increment_id: incrementId,
      created_at: at,
      updated_at: at,
      hidden_tax_amount: dec(0),
      base_hidden_tax_amount: dec(0),
      shipping_hidden_tax_amount: dec(0),
      base_shipping_hidden_tax_amnt: dec(0),
      shipping_incl_tax: dec(shipping),
      base_shipping_incl_tax: dec(shipping),
      base_total_refunded: null,
    })
    for (const c of calc) {
      await s.insert(conn, 'sales_flat_invoice_item', documentItemRow(ctx, 'sales_flat_invoice_item', invoiceId, c))
      const inv = unitsOf(c.it, 'qty_invoiced') + c.qty
      await s.update(
        conn,
        'sales_flat_order_item',
        {
          updated_at: at,
          qty_invoiced: dec(inv),
          tax_invoiced: dec(unitsOf(c.it, 'tax_invoiced') + c.tax),
          base_tax_invoiced: dec(unitsOf(c.it, 'base_tax_invoiced') + c.tax),
          discount_invoiced: dec(unitsOf(c.it, 'discount_invoiced') + c.discount),
          base_discount_invoiced: dec(unitsOf(c.it, 'base_discount_invoiced') + c.discount),
          row_invoiced: dec(unitsOf(c.it, 'row_invoiced') + c.row),
          base_row_invoiced: dec(unitsOf(c.it, 'base_row_invoiced') + c.row),
          hidden_tax_invoiced: dec(0),
          base_hidden_tax_invoiced: dec(0),
        },
        'item_id = ?',
        [idOf(c.it.item_id)!],
      )
      c.it.qty_invoiced = dec(inv)
    }
    if (r.chance(0.5) && s.has('sales_flat_invoice_comment')) {
      await s.insert(conn, 'sales_flat_invoice_comment', {
        parent_id: invoiceId,
        is_customer_notified: r.chance(0.5) ? 1 : 0,
        is_visible_on_front: r.chance(0.3) ? 1 : 0,
        comment: r.pick([
          'Danke für Ihren Einkauf, Zoë!',
          'Paid in full — 已付款',
          'Invoice for "Ørsted & Co" \\ ref 🎁',
        ]),
        created_at: at,
      })
    }
    await refreshGrid(conn, ctx, 'invoice', invoiceId)

    const add = (col: string, amount: Units) => dec(unitsOf(order, col) + amount)
    const paid = unitsOf(order, 'total_paid') + grand
    const state = orderStateAfter(String(order.state), items)
    await s.update(
      conn,
      'sales_flat_order',
      {
        state,
        status: state === String(order.state) ? str(order.status) : statusFor(ctx, state),
        updated_at: at,
        subtotal_invoiced: add('subtotal_invoiced', subtotal),
        base_subtotal_invoiced: add('base_subtotal_invoiced', subtotal),
        tax_invoiced: add('tax_invoiced', tax),
        base_tax_invoiced: add('base_tax_invoiced', tax),
        shipping_invoiced: add('shipping_invoiced', shipping),
        base_shipping_invoiced: add('base_shipping_invoiced', shipping),
        discount_invoiced: add('discount_invoiced', -discount),
        base_discount_invoiced: add('base_discount_invoiced', -discount),
        total_invoiced: add('total_invoiced', grand),
        base_total_invoiced: add('base_total_invoiced', grand),
        total_paid: dec(paid),
        base_total_paid: dec(paid),
        total_due: dec(unitsOf(order, 'grand_total') - paid),
        base_total_due: dec(unitsOf(order, 'base_grand_total') - paid),
        hidden_tax_invoiced: dec(0),
        base_hidden_tax_invoiced: dec(0),
      },
      'entity_id = ?',
      [orderId],
    )

    if (payment) {
      const paymentId = idOf(payment.entity_id)!
      await s.update(
        conn,
        'sales_flat_order_payment',
        {
          amount_paid: dec(unitsOf(payment, 'amount_paid') + grand),
          base_amount_paid: dec(unitsOf(payment, 'base_amount_paid') + grand),
          shipping_captured: dec(unitsOf(payment, 'shipping_captured') + shipping),
          base_shipping_captured: dec(unitsOf(payment, 'base_shipping_captured') + shipping),
          base_amount_paid_online: txnId ? dec(unitsOf(payment, 'base_amount_paid_online') + grand) : undefined,
          last_trans_id: txnId ?? undefined,
        },
        'entity_id = ?',
        [paymentId],
      )
      if (s.has('sales_payment_transaction')) {
        await s.insert(conn, 'sales_payment_transaction', {
          parent_id: null,
          order_id: orderId,
          payment_id: paymentId,
          txn_id: txnId ?? `${incrementId}-capture`,
          parent_txn_id: null,
          txn_type: 'capture',
          is_closed: 1,
          additional_information: serializeFor(ctx, 'sales_payment_transaction', 'additional_information', {
            raw_details_info: {
              amount: dec(grand),
              currency: cur('order_currency_code'),
              processor: 'Zoë Pay 🎁',
              approved: true,
            },
          }),
          created_at: at,
        })
      }
      if (txnId) {
        await addHistory(
          conn,
          ctx,
          orderId,
          statusFor(ctx, state),
          `Captured amount of ${dec(grand)} online. Transaction ID: "${txnId}".`,
          at,
        )
      }
    }
    await refreshGrid(conn, ctx, 'order', orderId)
    return 'done'
  })
}

export async function latestInvoiceId(
  conn: Parameters<typeof rows>[0],
  ctx: WriterContext,
  orderId: string,
): Promise<string | null> {
  const r = await rows(
    conn,
    `SELECT entity_id FROM ${tbl(ctx, 'sales_flat_invoice')} WHERE order_id = ? ORDER BY entity_id DESC LIMIT 1`,
    [orderId],
  )
  return idOf(r[0]?.entity_id)
}
