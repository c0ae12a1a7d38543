import { tbl, type WriterContext } from './context.js'
import type { Rng } from './prng.js'
import { exec, idOf, rows } from './sql.js'
import type { OpOutcome } from './types.js'

/**
 * Delete an order the way Magento 1 (and its order-delete extensions) do: one DELETE on
 * sales_flat_order. Items, addresses, payment, history, grid, invoices, shipments, credit memos
 * and transactions go through the dump's ON DELETE CASCADE foreign keys — no trigger fires for
 * them. (sales_order_tax and gift_message have no foreign key and stay behind, as in Magento 1.)
 */
export async function deleteOrder(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  return ctx.tx.run(rng.uint32(), async (conn, r) => {
    const order = tbl(ctx, 'sales_flat_order')
    const candidates = await rows(conn, `SELECT entity_id FROM ${order} ORDER BY entity_id DESC LIMIT 60`)
    if (candidates.length === 0) return 'skipped'
    const id = idOf(r.pick(candidates).entity_id)!
    const res = await exec(conn, `DELETE FROM ${order} WHERE entity_id = ?`, [id])
    return res.affectedRows > 0 ? 'done' : 'skipped'
  })
}
