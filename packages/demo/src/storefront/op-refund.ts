import { serializeFor, statusFor, tbl, type WriterContext } from './context.js'
import { notBefore } from './clock.js'
import { documentItemRow, documentLine } from './document-lines.js'
import { refreshGrid } from './grid.js'
import { allocateIncrementId } from './increment.js'
import { dec, sum, units, unitsOf, type Units } from './money.js'
import { addHistory, lockOrderItems, orderPayment, pickAndLockOrder } from './order-pick.js'
import { orderStateAfter } from './order-state.js'
import type { Rng } from './prng.js'
import { idOf, rows, str } from './sql.js'
import type { OpOutcome } from './types.js'

/** Admin "Credit Memo" (offline refund): creditmemo + items + comment + grid; order, items, payment, invoice refunded totals. */
export async function refund(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const at0 = ctx.clock.tick(rng)
  return ctx.tx.run(rng.uint32(), async (conn, r) => {
    const s = ctx.schema
    const order = await pickAndLockOrder(
      conn,
      ctx,
      r,
      "o.state IN ('processing', 'complete') AND IFNULL(o.total_paid, 0) > IFNULL(o.total_refunded, 0)",
    )
    if (!order) return 'skipped'
    const orderId = idOf(order.entity_id)!
    const at = notBefore(at0, order.updated_at)
    const items = await lockOrderItems(conn, ctx, orderId)
    const partial = r.chance(0.3)
    const lines = items
      .map((it) => {
        const open = unitsOf(it, 'qty_invoiced') - unitsOf(it, 'qty_refunded')
        return { it, qty: partial ? Math.min(open, 10000) : open }
      })
      .filter((l) => l.qty > 0)
      .slice(0, partial ? 1 : undefined)
    if (lines.length === 0) return 'skipped'
    const storeId = idOf(order.store_id) ?? ctx.stores[0]!.storeId
    const incrementId = await allocateIncrementId(conn, s, ctx.types.creditmemo, storeId)

    const calc = lines.map(({ it, qty }) => documentLine(it, qty))
    const shippingLeft = unitsOf(order, 'shipping_invoiced') - unitsOf(order, 'shipping_refunded')
    const shipping: Units = !partial && shippingLeft > 0 ? shippingLeft : 0
    const subtotal = sum(calc.map((c) => c.row))
    const tax = sum(calc.map((c) => c.tax))
    const discount = sum(calc.map((c) => c.discount))
    // A restocking fee now and then (adjustment_negative); it only ever lowers the refund.
    const fee: Units = r.chance(0.2) ? Math.min(units(2.5), subtotal) : 0
    const grand = subtotal + tax + shipping - discount - fee
    const invoiceId = idOf(
      (
        await rows(
          conn,
          `SELECT entity_id FROM ${tbl(ctx, 'sales_flat_invoice')} WHERE order_id = ? ORDER BY entity_id DESC LIMIT 1 FOR UPDATE`,
          [orderId],
        )
      )[0]?.entity_id,
    )
    const cur = (c: string) => str(order[c]) ?? ctx.currency

    const memoId = await s.insert(conn, 'sales_flat_creditmemo', {
      store_id: storeId,
      adjustment_positive: dec(0),
      base_shipping_tax_amount: dec(0),
      store_to_order_rate: dec(10000),
      base_discount_amount: dec(-discount),
      base_to_order_rate: dec(10000),
      grand_total: dec(grand),
      base_adjustment_negative: dec(fee),
      base_subtotal_incl_tax: dec(subtotal + tax),
      shipping_amount: dec(shipping),
      subtotal_incl_tax: dec(subtotal + tax),
      adjustment_negative: dec(fee),
      base_shipping_amount: dec(shipping),
      store_to_base_rate: dec(10000),
      base_to_global_rate: dec(10000),
      base_adjustment: dec(-fee),
      base_subtotal: dec(subtotal),
      discount_amount: dec(-discount),
      subtotal: dec(subtotal),
      adjustment: dec(-fee),
      base_grand_total: dec(grand),
      base_adjustment_positive: dec(0),
      base_tax_amount: dec(tax),
      shipping_tax_amount: dec(0),
      tax_amount: dec(tax),
      order_id: orderId,
      email_sent: r.chance(0.5) ? 1 : null,
      creditmemo_status: null,
      state: 2, // refunded
      shipping_address_id: idOf(order.shipping_address_id),
      billing_address_id: idOf(order.billing_address_id),
      invoice_id: invoiceId,
      store_currency_code: cur('store_currency_code'),
      order_currency_code: cur('order_currency_code'),
      base_currency_code: cur('base_currency_code'),
      global_currency_code: cur('global_currency_code'),
      transaction_id: null,
      increment_id: incrementId,
      created_at: at,
      updated_at: at,
      hidden_tax_amount: dec(0),
      base_hidden_tax_amount: dec(0),
      shipping_hidden_tax_amount: dec(0),
      base_shipping_hidden_tax_amnt: dec(0),
      shipping_incl_tax: dec(shipping),
      base_shipping_incl_tax: dec(shipping),
    })
    for (const c of calc) {
      await s.insert(conn, 'sales_flat_creditmemo_item', documentItemRow(ctx, 'sales_flat_creditmemo_item', memoId, c))
      const refunded = unitsOf(c.it, 'qty_refunded') + c.qty
      await s.update(
        conn,
        'sales_flat_order_item',
        {
          updated_at: at,
          qty_refunded: dec(refunded),
          amount_refunded: dec(unitsOf(c.it, 'amount_refunded') + c.row),
          base_amount_refunded: dec(unitsOf(c.it, 'base_amount_refunded') + c.row),
          tax_refunded: dec(unitsOf(c.it, 'tax_refunded') + c.tax),
          base_tax_refunded: dec(unitsOf(c.it, 'base_tax_refunded') + c.tax),
          discount_refunded: dec(unitsOf(c.it, 'discount_refunded') + c.discount),
          base_discount_refunded: dec(unitsOf(c.it, 'base_discount_refunded') + c.discount),
          hidden_tax_refunded: dec(0),
          base_hidden_tax_refunded: dec(0),
        },
        'item_id = ?',
        [idOf(c.it.item_id)!],
      )
      c.it.qty_refunded = dec(refunded)
    }
    if (s.has('sales_flat_creditmemo_comment') && r.chance(0.6)) {
      await s.insert(conn, 'sales_flat_creditmemo_comment', {
        parent_id: memoId,
        is_customer_notified: r.chance(0.5) ? 1 : 0,
        is_visible_on_front: 0,
        comment: r.pick([
          'Retur modtaget — tak, Zoë',
          'Refunded: item arrived broken 💔',
          'Gutschrift für Bestellung "Ørsted"',
        ]),
        created_at: at,
      })
    }
    await refreshGrid(conn, ctx, 'creditmemo', memoId)

    const add = (col: string, amount: Units) => dec(unitsOf(order, col) + amount)
    const state = orderStateAfter(String(order.state), items)
    await s.update(
      conn,
      'sales_flat_order',
      {
        state,
        status: state === String(order.state) ? str(order.status) : statusFor(ctx, state),
        updated_at: at,
        subtotal_refunded: add('subtotal_refunded', subtotal),
        base_subtotal_refunded: add('base_subtotal_refunded', subtotal),
        tax_refunded: add('tax_refunded', tax),
        base_tax_refunded: add('base_tax_refunded', tax),
        shipping_refunded: add('shipping_refunded', shipping),
        base_shipping_refunded: add('base_shipping_refunded', shipping),
        discount_refunded: add('discount_refunded', -discount),
        base_discount_refunded: add('base_discount_refunded', -discount),
        adjustment_negative: add('adjustment_negative', fee),
        base_adjustment_negative: add('base_adjustment_negative', fee),
        adjustment_positive: add('adjustment_positive', 0),
        base_adjustment_positive: add('base_adjustment_positive', 0),
        total_refunded: add('total_refunded', grand),
        base_total_refunded: add('base_total_refunded', grand),
        total_offline_refunded: add('total_offline_refunded', grand),
        base_total_offline_refunded: add('base_total_offline_refunded', grand),
        hidden_tax_refunded: dec(0),
        base_hidden_tax_refunded: dec(0),
      },
      'entity_id = ?',
      [orderId],
    )
    if (invoiceId) {
      await s.update(
        conn,
        'sales_flat_invoice',
        { is_used_for_refund: 1, base_total_refunded: dec(grand), updated_at: at },
        'entity_id = ?',
        [invoiceId],
      )
    }
    const payment = await orderPayment(conn, ctx, orderId)
    if (payment) {
      const paymentId = idOf(payment.entity_id)!
      await s.update(
        conn,
        'sales_flat_order_payment',
        {
          amount_refunded: dec(unitsOf(payment, 'amount_refunded') + grand),
          base_amount_refunded: dec(unitsOf(payment, 'base_amount_refunded') + grand),
          shipping_refunded: dec(unitsOf(payment, 'shipping_refunded') + shipping),
          base_shipping_refunded: dec(unitsOf(payment, 'base_shipping_refunded') + shipping),
        },
        'entity_id = ?',
        [paymentId],
      )
      if (s.has('sales_payment_transaction')) {
        const capture = (
          await rows(
            conn,
            `SELECT transaction_id, txn_id FROM ${tbl(ctx, 'sales_payment_transaction')} WHERE order_id = ? AND txn_type = 'capture' ORDER BY transaction_id DESC LIMIT 1`,
            [orderId],
          )
        )[0]
        await s.insert(conn, 'sales_payment_transaction', {
          parent_id: idOf(capture?.transaction_id),
          order_id: orderId,
          payment_id: paymentId,
          txn_id: `${incrementId}-refund`,
          parent_txn_id: str(capture?.txn_id),
          txn_type: 'refund',
          is_closed: 1,
          additional_information: serializeFor(ctx, 'sales_payment_transaction', 'additional_information', {
            raw_details_info: { amount: dec(grand), reason: 'Retur — 退货', offline: true },
          }),
          created_at: at,
        })
      }
    }
    if (r.chance(0.5))
      await addHistory(conn, ctx, orderId, statusFor(ctx, state), `We refunded ${dec(grand)} offline.`, at)
    await refreshGrid(conn, ctx, 'order', orderId)
    return 'done'
  })
}
