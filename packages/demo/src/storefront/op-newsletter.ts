import type { WriterContext } from './context.js'
import {
  dropCustomer,
  lockCustomer,
  loadSubscriberByEmail,
  loadSubscriberOfCustomer,
  NOT_ACTIVE,
  randomSequence,
  saveCustomer,
  saveSubscriber,
  storesOf,
  SUBSCRIBED,
  UNSUBSCRIBED,
  writerEmail,
} from './customer-account.js'
import { customerModel } from './customer-eav.js'
import type { Rng } from './prng.js'
import { idOf, rows, str } from './sql.js'
import type { OpOutcome } from './types.js'

/**
 * Newsletter traffic:
 * - a customer ticks/unticks "General Subscription" (newsletter/manage/save): a full customer save
 *   with the current store_id and is_subscribed, whose observer inserts the subscriber row or sets
 *   its status to 1 / 3;
 * - a guest subscribes from the footer form (newsletter/subscriber/new): customer_id 0, status 1
 *   (2 when newsletter/subscription/confirm is on);
 * - a guest follows the unsubscribe link: status 3.
 */
export async function toggleNewsletter(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await customerModel(ctx)
  if (!model?.newsletter) return 'skipped'
  const kind =
    ctx.customers.length > 0 ? rng.weighted({ customer: 13, guestSubscribe: 4, guestUnsubscribe: 3 }) : 'guestSubscribe'

  if (kind === 'customer') {
    const info = rng.pick(ctx.customers)
    const store = rng.pick(storesOf(ctx, info.websiteId))
    const at = ctx.clock.tick(rng, 600)
    const done = await ctx.tx.run(rng.uint32(), async (conn, txRng) => {
      const c = await lockCustomer(conn, ctx, info.id)
      if (!c) return false
      const row = await loadSubscriberOfCustomer(conn, ctx, c.id, c.email)
      // The checkbox shows the current state; submitting it flipped.
      const subscribe = !(row && row.customerId !== '0' && row.status === SUBSCRIBED)
      await saveCustomer(conn, ctx, model, c, at, txRng, { set: { store_id: store.storeId }, subscribe })
      return true
    })
    if (!done) {
      dropCustomer(ctx, model, info.id)
      return 'skipped'
    }
    return 'done'
  }

  if (kind === 'guestSubscribe') {
    const email = writerEmail(ctx, 'g', ++ctx.seq.n)
    const store = rng.pick(ctx.stores)
    const confirm = model.config.get('newsletter/subscription/confirm', store) === '1'
    const code = randomSequence(rng)
    await ctx.tx.run(rng.uint32(), async (conn) => {
      // Mage_Newsletter_Model_Subscriber::subscribe(): loadByEmail, then save.
      const row = await loadSubscriberByEmail(conn, ctx, email)
      const status = confirm ? NOT_ACTIVE : SUBSCRIBED
      if (row) await saveSubscriber(conn, ctx, { ...row, status, storeId: store.storeId, customerId: '0' })
      else {
        await ctx.schema.insert(conn, 'newsletter_subscriber', {
          store_id: store.storeId,
          customer_id: 0,
          subscriber_email: email,
          subscriber_status: status,
          subscriber_confirm_code: code,
        })
      }
    })
    return 'done'
  }

  // Guest unsubscribe: this writer's own guest subscriptions only (e-mail prefix g<seed>-).
  const guests = await ctx.tx.withConn(async (conn) =>
    (
      await rows(
        conn,
        `SELECT subscriber_id FROM ${ctx.schema.t('newsletter_subscriber')}
          WHERE customer_id = 0 AND subscriber_status = ? AND subscriber_email LIKE ? ORDER BY subscriber_id`,
        [SUBSCRIBED, `g${ctx.seed}-%`],
      )
    ).map((r) => idOf(r.subscriber_id) ?? '0'),
  )
  if (guests.length === 0) return 'skipped'
  const id = rng.pick(guests)
  return ctx.tx.run(rng.uint32(), async (conn) => {
    const r = (
      await rows(
        conn,
        `SELECT subscriber_id, store_id, customer_id, subscriber_email, subscriber_confirm_code FROM ${ctx.schema.t('newsletter_subscriber')} WHERE subscriber_id = ? FOR UPDATE`,
        [id],
      )
    )[0]
    if (!r) return 'skipped'
    await saveSubscriber(conn, ctx, {
      id,
      storeId: idOf(r.store_id),
      customerId: idOf(r.customer_id) ?? '0',
      email: str(r.subscriber_email),
      status: UNSUBSCRIBED,
      code: str(r.subscriber_confirm_code),
    })
    return 'done'
  })
}
