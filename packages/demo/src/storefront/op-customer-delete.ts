import type { WriterContext } from './context.js'
import { dropCustomer, lockCustomer, loadSubscriberByEmail } from './customer-account.js'
import { customerModel, deleteEntity } from './customer-eav.js'
import type { Rng } from './prng.js'
import { exec } from './sql.js'
import type { OpOutcome } from './types.js'

/**
 * Admin "Delete Customer" (Mage_Adminhtml_CustomerController::deleteAction): the EAV delete of the
 * customer (its addresses, values and wishlist go through Magento 1's ON DELETE CASCADE keys,
 * sales_flat_order(_grid).customer_id through ON DELETE SET NULL; Magento's code does nothing
 * else), then the customer_delete_after observer of Mage_Newsletter deletes the subscription
 * found by the customer's e-mail. Only customers this writer registered are deleted, so other
 * writers never check out as a customer deleted under them.
 */
export async function deleteCustomer(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await customerModel(ctx)
  if (!model) return 'skipped'
  const own = ctx.customers.filter((c) => model.own.has(c.id))
  if (own.length === 0) return 'skipped'
  const info = rng.pick(own)
  const done = await ctx.tx.run(rng.uint32(), async (conn) => {
    const c = await lockCustomer(conn, ctx, info.id)
    if (!c) return false
    await deleteEntity(conn, ctx, model.customer, c.id)
    if (model.newsletter) {
      const s = await loadSubscriberByEmail(conn, ctx, c.email)
      if (s) await exec(conn, `DELETE FROM ${ctx.schema.t('newsletter_subscriber')} WHERE subscriber_id = ?`, [s.id])
    }
    return true
  })
  dropCustomer(ctx, model, info.id)
  return done ? 'done' : 'skipped'
}
