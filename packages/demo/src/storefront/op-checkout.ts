import { planCheckout } from './checkout-plan.js'
import type { WriterContext } from './context.js'
import { allocateIncrementId } from './increment.js'
import { placeOrder } from './place-order.js'
import type { Rng } from './prng.js'
import { insertQuote, insertQuoteItem, saveCheckoutSteps, updateQuoteTotals } from './quote.js'
import type { Id, OpOutcome } from './types.js'

export interface CheckoutResult {
  orderId: Id
  incrementId: string
  quoteId: Id
}

/**
 * A one-page checkout as the storefront does it, one transaction per request:
 * add to cart → checkout steps (addresses, rates, payment) → reserve the order number →
 * submit the order (and deactivate the quote).
 */
export async function checkout(ctx: WriterContext, rng: Rng, registered: boolean): Promise<CheckoutResult> {
  const plan = planCheckout(ctx, rng, registered)
  const c = plan.customer
  const tCart = ctx.clock.tick(rng, 600)

  const cart = await ctx.tx.run(rng.uint32(), async (conn) => {
    const quoteId = await insertQuote(
      conn,
      ctx,
      {
        store: plan.store,
        customerId: c?.id ?? null,
        groupId: c?.groupId ?? '0',
        email: c ? c.email : null,
        firstname: c ? c.firstname : null,
        lastname: c ? c.lastname : null,
        checkoutMethod: c ? 'customer' : 'guest',
        remoteIp: plan.remoteIp,
      },
      tCart,
    )
    const itemIds: Id[] = []
    for (const [i, line] of plan.totals.lines.entries()) {
      itemIds.push(
        await insertQuoteItem(
          conn,
          ctx,
          quoteId,
          plan.store.storeId,
          plan.items[i]!,
          line,
          plan.uenc,
          plan.taxPercent,
          tCart,
        ),
      )
    }
    await updateQuoteTotals(conn, ctx, quoteId, plan, tCart)
    return { quoteId, itemIds }
  })

  const tSteps = ctx.clock.tick(rng, 300)
  const steps = await ctx.tx.run(rng.uint32(), async (conn) => {
    const r = await saveCheckoutSteps(conn, ctx, plan, cart.quoteId, cart.itemIds, tSteps)
    await updateQuoteTotals(conn, ctx, cart.quoteId, plan, tSteps, {
      customer_email: plan.buyer.email,
      customer_firstname: plan.buyer.firstname,
      customer_lastname: plan.buyer.lastname,
    })
    return r
  })

  // Quote::reserveOrderId() runs outside the submit transaction in Magento 1.
  const incrementId = await ctx.tx.run(rng.uint32(), async (conn) => {
    const id = await allocateIncrementId(conn, ctx.schema, ctx.types.order, plan.store.storeId)
    await ctx.schema.update(conn, 'sales_flat_quote', { reserved_order_id: id }, 'entity_id = ?', [cart.quoteId])
    return id
  })

  const tSubmit = ctx.clock.tick(rng, 120)
  const orderId = await ctx.tx.run(rng.uint32(), (conn) =>
    placeOrder(conn, ctx, plan, { quoteId: cart.quoteId, itemIds: cart.itemIds, ...steps }, incrementId, tSubmit),
  )
  return { orderId, incrementId, quoteId: cart.quoteId }
}

export async function guestCheckout(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  await checkout(ctx, rng, false)
  return 'done'
}

/** Checkout by an existing customer_entity (falls back to a guest when the store has none). */
export async function registeredCheckout(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  await checkout(ctx, rng, true)
  return 'done'
}
