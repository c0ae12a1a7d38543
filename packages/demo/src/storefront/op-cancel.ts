import { statusFor, type WriterContext } from './context.js'
import { notBefore } from './clock.js'
import { refreshGrid } from './grid.js'
import { dec, share, sum, unitsOf } from './money.js'
import { addHistory, lockOrderItems, orderPayment, pickAndLockOrder } from './order-pick.js'
import type { Rng } from './prng.js'
import { idOf } from './sql.js'
import type { OpOutcome } from './types.js'

/** Order::cancel() of a new order: uninvoiced quantities canceled, canceled totals, state/status canceled, history, grid. */
export async function cancel(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const at0 = ctx.clock.tick(rng)
  return ctx.tx.run(rng.uint32(), async (conn, r) => {
    const s = ctx.schema
    const order = await pickAndLockOrder(conn, ctx, r, "o.state = 'new' AND IFNULL(o.total_invoiced, 0) = 0")
    if (!order) return 'skipped'
    const orderId = idOf(order.entity_id)!
    const at = notBefore(at0, order.updated_at)
    const items = await lockOrderItems(conn, ctx, orderId)
    const canceled = items.map((it) => {
      const ordered = unitsOf(it, 'qty_ordered')
      const qty =
        ordered - Math.max(unitsOf(it, 'qty_invoiced'), unitsOf(it, 'qty_shipped')) - unitsOf(it, 'qty_canceled')
      return {
        it,
        qty,
        row: share(unitsOf(it, 'row_total'), qty, ordered),
        tax: share(unitsOf(it, 'tax_amount'), qty, ordered),
        discount: share(unitsOf(it, 'discount_amount'), qty, ordered),
      }
    })
    for (const c of canceled) {
      if (c.qty <= 0) continue
      await s.update(
        conn,
        'sales_flat_order_item',
        {
          updated_at: at,
          qty_canceled: dec(unitsOf(c.it, 'qty_canceled') + c.qty),
          tax_canceled: dec(c.tax),
          hidden_tax_canceled: dec(0),
        },
        'item_id = ?',
        [idOf(c.it.item_id)!],
      )
    }
    const subtotal = sum(canceled.map((c) => c.row))
    const tax = sum(canceled.map((c) => c.tax))
    const discount = sum(canceled.map((c) => c.discount))
    const shipping = unitsOf(order, 'shipping_amount')
    const total = subtotal + tax + shipping - discount
    const status = statusFor(ctx, 'canceled')
    await s.update(
      conn,
      'sales_flat_order',
      {
        state: 'canceled',
        status,
        updated_at: at,
        subtotal_canceled: dec(subtotal),
        base_subtotal_canceled: dec(subtotal),
        tax_canceled: dec(tax),
        base_tax_canceled: dec(tax),
        shipping_canceled: dec(shipping),
        base_shipping_canceled: dec(shipping),
        discount_canceled: dec(-discount),
        base_discount_canceled: dec(-discount),
        total_canceled: dec(total),
        base_total_canceled: dec(total),
      },
      'entity_id = ?',
      [orderId],
    )
    const payment = await orderPayment(conn, ctx, orderId)
    if (payment) {
      await s.update(
        conn,
        'sales_flat_order_payment',
        { amount_canceled: dec(total), base_amount_canceled: dec(total) },
        'entity_id = ?',
        [idOf(payment.entity_id)!],
      )
    }
    await addHistory(
      conn,
      ctx,
      orderId,
      status,
      r.chance(0.5) ? null : 'Canceled at the customer’s request — Zoë 🙅',
      at,
      { notified: r.chance(0.5) ? 1 : null },
    )
    await refreshGrid(conn, ctx, 'order', orderId)
    return 'done'
  })
}
