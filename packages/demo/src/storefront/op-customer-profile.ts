import type { WriterContext } from './context.js'
import {
  dropCustomer,
  emailTaken,
  lockCustomer,
  passwordHash,
  saveCustomer,
  updateCustomerInfo,
  writerEmail,
} from './customer-account.js'
import { cleanFor, customerModel, loadValues, saveAttribute, type WantedValues } from './customer-eav.js'
import { dob, MIDDLE_NAMES, PREFIXES, SUFFIXES, taxvat } from './op-customer-register.js'
import type { Rng } from './prng.js'
import { FIRST_NAMES, LAST_NAMES } from './sample-data.js'
import type { OpOutcome } from './types.js'

/** Set a new value (p) or empty an optional one; undefined = field left as it is. */
function maybe<T extends string>(rng: Rng, p: number, clear: number, value: () => T): T | null | undefined {
  if (!rng.chance(p)) return undefined
  return rng.chance(clear) ? null : value()
}

/**
 * "Account Information" (customer/account/editPost): a full customer save. Changed values are
 * written, values that became empty (middlename, prefix, dob, gender, taxvat…) are deleted, a new
 * e-mail must be free on the website (else the old one stays, as Magento refuses the request's change).
 */
export async function editCustomerProfile(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await customerModel(ctx)
  if (!model || ctx.customers.length === 0) return 'skipped'
  const info = rng.pick(ctx.customers)
  const plan: Record<string, string | null | undefined> = {
    firstname: rng.chance(0.35) ? rng.pick(FIRST_NAMES) : undefined,
    lastname: rng.chance(0.3) ? rng.pick(LAST_NAMES) : undefined,
    middlename: maybe(rng, 0.35, 0.5, () => rng.pick(MIDDLE_NAMES)),
    prefix: maybe(rng, 0.15, 0.5, () => rng.pick(PREFIXES)),
    suffix: maybe(rng, 0.1, 0.5, () => rng.pick(SUFFIXES)),
    dob: maybe(rng, 0.3, 0.4, () => dob(rng)),
    gender: model.genderOptions.length > 0 ? maybe(rng, 0.25, 0.3, () => rng.pick(model.genderOptions)) : undefined,
    taxvat: maybe(rng, 0.25, 0.4, () => taxvat(rng)),
  }
  if (Object.values(plan).every((v) => v === undefined)) plan.firstname = rng.pick(FIRST_NAMES)
  const newEmail = rng.chance(0.2) ? writerEmail(ctx, model.own.has(info.id) ? 'c' : 'e', ++ctx.seq.n) : null
  const at = ctx.clock.tick(rng, 600)

  const result = await ctx.tx.run(rng.uint32(), async (conn, txRng) => {
    const c = await lockCustomer(conn, ctx, info.id)
    if (!c) return null
    const current = await loadValues(conn, ctx, model.customer, c.id)
    const email =
      newEmail !== null && !(await emailTaken(conn, ctx, model, newEmail, c.websiteId, c.id)) ? newEmail : c.email
    await saveCustomer(conn, ctx, model, c, at, txRng, { set: { email }, values: plan as WantedValues, current })
    const name = (code: 'firstname' | 'lastname', fallback: string): string => {
      const v = plan[code] ?? current.get(code)?.value ?? fallback
      return cleanFor(ctx, 'customer_entity_varchar', 'value', v)
    }
    return { email, firstname: name('firstname', info.firstname), lastname: name('lastname', info.lastname) }
  })
  if (!result) {
    dropCustomer(ctx, model, info.id)
    return 'skipped'
  }
  updateCustomerInfo(ctx, info.id, result)
  return 'done'
}

/**
 * Password changes, as three storefront requests do them:
 * - account edit with "Change Password": full save, password_hash updated;
 * - forgot password: saveAttribute() of rp_token and rp_token_created_at only (no entity update);
 * - reset password from the e-mailed link: full save with the new hash, rp_token and
 *   rp_token_created_at emptied (their value rows deleted). Without a token, it is a "forgot".
 */
export async function changePassword(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await customerModel(ctx)
  if (!model || ctx.customers.length === 0) return 'skipped'
  const info = rng.pick(ctx.customers)
  const flow = rng.weighted({ account: 5, forgot: 3, reset: 3 })
  const hash = passwordHash(rng, `pw-${rng.hex(10)}`)
  // Mage_Customer_Helper_Data::generateResetPasswordLinkToken(): md5(uniqid()) — 32 hex.
  const token = rng.hex(32)
  const at = ctx.clock.tick(rng, 600)

  const done = await ctx.tx.run(rng.uint32(), async (conn, txRng) => {
    const c = await lockCustomer(conn, ctx, info.id)
    if (!c) return false
    const current = await loadValues(conn, ctx, model.customer, c.id)
    if (flow === 'forgot' || (flow === 'reset' && !current.has('rp_token'))) {
      await saveAttribute(conn, ctx, model.customer, c.id, 'rp_token', token)
      await saveAttribute(conn, ctx, model.customer, c.id, 'rp_token_created_at', at)
    } else if (flow === 'reset') {
      await saveCustomer(conn, ctx, model, c, at, txRng, {
        values: { password_hash: hash, rp_token: null, rp_token_created_at: null, confirmation: null },
        current,
      })
    } else {
      await saveCustomer(conn, ctx, model, c, at, txRng, { values: { password_hash: hash }, current })
    }
    return true
  })
  if (!done) {
    dropCustomer(ctx, model, info.id)
    return 'skipped'
  }
  return 'done'
}
