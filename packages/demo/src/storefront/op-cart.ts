import { planCheckout } from './checkout-plan.js'
import { tbl, type WriterContext } from './context.js'
import { parseUnits, units } from './money.js'
import type { Rng } from './prng.js'
import { insertQuote, insertQuoteItem, recollectCart, setQuoteItemQty } from './quote.js'
import { exec, idOf, rows } from './sql.js'
import type { Id, OpOutcome } from './types.js'

/** A cart that never reaches checkout: created with items, later one item changed or removed; it stays active. */
export async function abandonCart(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const plan = planCheckout(ctx, rng, rng.chance(0.4))
  const c = plan.customer
  const tAdd = ctx.clock.tick(rng, 600)
  const quoteId = await ctx.tx.run(rng.uint32(), async (conn) => {
    const id = await insertQuote(
      conn,
      ctx,
      {
        store: plan.store,
        customerId: c?.id ?? null,
        groupId: c?.groupId ?? '0',
        email: c?.email ?? null,
        firstname: c?.firstname ?? null,
        lastname: c?.lastname ?? null,
        checkoutMethod: null,
        remoteIp: plan.remoteIp,
      },
      tAdd,
    )
    for (const [i, line] of plan.totals.lines.entries()) {
      await insertQuoteItem(conn, ctx, id, plan.store.storeId, plan.items[i]!, line, plan.uenc, plan.taxPercent, tAdd)
    }
    await recollectCart(conn, ctx, id, tAdd)
    return id
  })
  const tLater = ctx.clock.tick(rng, 3600)
  await ctx.tx.run(rng.uint32(), async (conn, r) => {
    await changeCart(conn, ctx, r, quoteId, tLater)
  })
  return 'done'
}

/** The cart page on an existing active cart (not in checkout): change a qty, remove or add an item. */
export async function updateCart(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const at = ctx.clock.tick(rng, 3600)
  return ctx.tx.run(rng.uint32(), async (conn, r) => {
    const quote = tbl(ctx, 'sales_flat_quote')
    const candidates = await rows(
      conn,
      `SELECT entity_id FROM ${quote} WHERE is_active = 1 AND reserved_order_id IS NULL AND checkout_method IS NULL ORDER BY entity_id DESC LIMIT 40`,
    )
    if (candidates.length === 0) return 'skipped'
    const id = idOf(r.pick(candidates).entity_id)!
    const locked = await rows(
      conn,
      `SELECT entity_id FROM ${quote} WHERE entity_id = ? AND is_active = 1 AND reserved_order_id IS NULL FOR UPDATE`,
      [id],
    )
    if (locked.length === 0) return 'skipped'
    await changeCart(conn, ctx, r, id, at)
    return 'done'
  })
}

async function changeCart(
  conn: Parameters<typeof rows>[0],
  ctx: WriterContext,
  r: Rng,
  quoteId: Id,
  at: string,
): Promise<void> {
  const items = await rows(
    conn,
    `SELECT * FROM ${tbl(ctx, 'sales_flat_quote_item')} WHERE quote_id = ? ORDER BY item_id FOR UPDATE`,
    [quoteId],
  )
  const action = items.length === 0 ? 'add' : r.weighted({ qty: 5, remove: 3, add: 2 })
  if (action === 'qty') {
    const it = r.pick(items)
    const current = parseUnits(it.qty as string)
    const next = current === units(1) || r.chance(0.5) ? current + units(r.int(1, 2)) : units(1)
    await setQuoteItemQty(conn, ctx, it, next, at)
  } else if (action === 'remove') {
    // quote_item_option and quote_address_item go with it (ON DELETE CASCADE).
    await exec(conn, `DELETE FROM ${tbl(ctx, 'sales_flat_quote_item')} WHERE item_id = ?`, [
      idOf(r.pick(items).item_id)!,
    ])
  } else {
    const plan = planCheckout(ctx, r, false)
    const quoteRow = (
      await rows(conn, `SELECT store_id FROM ${tbl(ctx, 'sales_flat_quote')} WHERE entity_id = ?`, [quoteId])
    )[0]
    const storeId = idOf(quoteRow?.store_id) ?? plan.store.storeId
    const line = plan.totals.lines[0]!
    await insertQuoteItem(conn, ctx, quoteId, storeId, plan.items[0]!, line, plan.uenc, plan.taxPercent, at)
  }
  await recollectCart(conn, ctx, quoteId, at)
}
