import { statusFor, tbl, type WriterContext } from './context.js'
import { notBefore } from './clock.js'
import { refreshGrid } from './grid.js'
import { addHistory, pickAndLockOrder } from './order-pick.js'
import type { Rng } from './prng.js'
import { CITIES, longNote, STREETS } from './sample-data.js'
import { idOf, rows, str } from './sql.js'
import type { OpOutcome } from './types.js'

/**
 * Admin work on an order: edit the shipping address, add a 20 KB status-history comment and
 * change the status (hold / unhold, as the admin buttons do), then refresh the grid.
 */
export async function adminEdit(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const at0 = ctx.clock.tick(rng)
  const note = longNote(rng)
  return ctx.tx.run(rng.uint32(), async (conn, r) => {
    const s = ctx.schema
    const order = await pickAndLockOrder(conn, ctx, r, '1 = 1')
    if (!order) return 'skipped'
    const orderId = idOf(order.entity_id)!
    const at = notBefore(at0, order.updated_at)
    const addresses = await rows(
      conn,
      `SELECT entity_id, address_type FROM ${tbl(ctx, 'sales_flat_order_address')} WHERE parent_id = ? ORDER BY address_type = 'shipping' DESC, entity_id FOR UPDATE`,
      [orderId],
    )
    const address = addresses[0]
    if (address) {
      await s.update(
        conn,
        'sales_flat_order_address',
        {
          street: `${r.pick(STREETS)}\n${r.int(1, 9)}. sal — Zoë`,
          city: r.pick(CITIES),
          postcode: r.digits(5),
          telephone: `+45 ${r.digits(8)}`,
          firstname: r.pick(['Zoë', 'Ørjan', '東京 太郎', 'Renée 🎁']),
          company: r.chance(0.5) ? null : 'Édition Ørsted',
        },
        'entity_id = ?',
        [idOf(address.entity_id)!],
      )
    }

    const state = String(order.state)
    const update: Record<string, string | null> = { updated_at: at }
    let status = str(order.status) ?? statusFor(ctx, state)
    if (state === 'holded') {
      // Unhold: back to what it was.
      update.state = str(order.hold_before_state) ?? 'processing'
      update.status = str(order.hold_before_status) ?? statusFor(ctx, update.state)
      update.hold_before_state = null
      update.hold_before_status = null
      status = update.status
    } else if ((state === 'new' || state === 'processing') && r.chance(0.5)) {
      update.state = 'holded'
      update.status = statusFor(ctx, 'holded')
      update.hold_before_state = state
      update.hold_before_status = str(order.status)
      status = update.status
    }
    await addHistory(conn, ctx, orderId, status, note, at, {
      notified: r.chance(0.3) ? 1 : 0,
      visible: r.chance(0.3) ? 1 : 0,
    })
    await s.update(conn, 'sales_flat_order', update, 'entity_id = ?', [orderId])
    await refreshGrid(conn, ctx, 'order', orderId)
    return 'done'
  })
}
