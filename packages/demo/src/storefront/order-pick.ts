import { tbl, type WriterContext } from './context.js'
import type { Rng } from './prng.js'
import { idOf, rows, type DbRow } from './sql.js'
import type { Conn, Id, SqlValue } from './types.js'

/**
 * Choose one of the 40 most recent orders matching `where` (alias `o`) and lock it
 * (SELECT … FOR UPDATE), re-checking `where` on the locked, current row. null when nothing
 * qualifies or another writer changed/deleted it in between.
 */
export async function pickAndLockOrder(
  conn: Conn,
  ctx: WriterContext,
  rng: Rng,
  where: string,
  params: readonly SqlValue[] = [],
): Promise<DbRow | null> {
  const order = tbl(ctx, 'sales_flat_order')
  const candidates = await rows(
    conn,
    `SELECT o.entity_id FROM ${order} o WHERE ${where} ORDER BY o.entity_id DESC LIMIT 40`,
    params,
  )
  if (candidates.length === 0) return null
  const id = idOf(rng.pick(candidates).entity_id)
  const locked = await rows(conn, `SELECT o.* FROM ${order} o WHERE o.entity_id = ? AND (${where}) FOR UPDATE`, [
    id,
    ...params,
  ])
  return locked[0] ?? null
}

export async function lockOrderItems(conn: Conn, ctx: WriterContext, orderId: Id): Promise<DbRow[]> {
  return rows(
    conn,
    `SELECT * FROM ${tbl(ctx, 'sales_flat_order_item')} WHERE order_id = ? ORDER BY item_id FOR UPDATE`,
    [orderId],
  )
}

export async function orderPayment(conn: Conn, ctx: WriterContext, orderId: Id): Promise<DbRow | null> {
  const r = await rows(
    conn,
    `SELECT * FROM ${tbl(ctx, 'sales_flat_order_payment')} WHERE parent_id = ? ORDER BY entity_id LIMIT 1 FOR UPDATE`,
    [orderId],
  )
  return r[0] ?? null
}

export async function addHistory(
  conn: Conn,
  ctx: WriterContext,
  orderId: Id,
  status: string,
  comment: string | null,
  at: string,
  opts: { notified?: number | null; visible?: number; entity?: string } = {},
): Promise<Id | null> {
  if (!ctx.schema.has('sales_flat_order_status_history')) return null
  return ctx.schema.insert(conn, 'sales_flat_order_status_history', {
    parent_id: orderId,
    is_customer_notified: opts.notified === undefined ? 0 : opts.notified,
    is_visible_on_front: opts.visible ?? 0,
    comment,
    status,
    created_at: at,
    entity_name: opts.entity ?? 'order',
  })
}
