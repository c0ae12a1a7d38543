import type { WriterContext } from './context.js'
import { emailTaken, passwordHash, storeViewName, subscribeCustomer, writerEmail } from './customer-account.js'
import { customerModel, saveAttribute, saveValues, type CustomerModel, type WantedValues } from './customer-eav.js'
import { insertAddress, planAddress } from './op-customer-address.js'
import type { Rng } from './prng.js'
import { FIRST_NAMES, LAST_NAMES } from './sample-data.js'
import type { StoreInfo } from './store-data.js'
import type { Id, OpOutcome } from './types.js'

export const PREFIXES = ['Mr.', 'Ms.', 'Dr.', 'Frau', 'Herr'] as const
export const SUFFIXES = ['Jr.', 'Sr.', 'III', 'PhD'] as const
export const MIDDLE_NAMES = ['Ł.', 'María', 'J.', 'Åse', 'Иванович'] as const

/** A birth date as the datetime backend stores it. */
export const dob = (rng: Rng): string =>
  `19${rng.int(40, 99)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')} 00:00:00`
export const taxvat = (rng: Rng): string => `${rng.pick(['DE', 'DK', 'PL', 'FR'])}${rng.digits(9)}`

/** Mage_Customer_Model_Customer::getGroupId(): customer/create_account/default_group of the store. */
export function defaultGroup(model: CustomerModel, store: StoreInfo): Id {
  const v = model.config.get('customer/create_account/default_group', store)
  return v !== null && /^\d+$/.test(v) ? v : '1'
}

/**
 * Storefront registration (customer/account/createPost) in one request: the customer_entity row,
 * the EAV values of the form (empty ones are not written), created_in by the store backend,
 * sometimes an address marked as default billing + shipping (the register form with address),
 * and the newsletter subscription when "Sign Up for Newsletter" is ticked.
 */
export async function registerCustomer(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await customerModel(ctx)
  if (!model) return 'skipped'
  const n = ++ctx.seq.n
  const store = rng.pick(ctx.stores)
  const firstname = rng.pick(FIRST_NAMES)
  const lastname = rng.pick(LAST_NAMES)
  const values: WantedValues = {
    prefix: rng.chance(0.2) ? rng.pick(PREFIXES) : null,
    firstname,
    middlename: rng.chance(0.25) ? rng.pick(MIDDLE_NAMES) : null,
    lastname,
    suffix: rng.chance(0.1) ? rng.pick(SUFFIXES) : null,
    dob: rng.chance(0.4) ? dob(rng) : null,
    gender: model.genderOptions.length > 0 && rng.chance(0.5) ? rng.pick(model.genderOptions) : null,
    taxvat: rng.chance(0.2) ? taxvat(rng) : null,
    password_hash: passwordHash(rng, `pw-${rng.hex(10)}`),
    created_in: storeViewName(store),
  }
  const subscribe = model.newsletter && rng.chance(0.3)
  const withAddress = model.address !== null && rng.chance(0.15)
  const addressValues = withAddress ? planAddress(rng, model, { firstname, lastname }) : null
  const groupId = defaultGroup(model, store)
  const at = ctx.clock.tick(rng, 600)

  const created = await ctx.tx.run(rng.uint32(), async (conn, txRng) => {
    let email = writerEmail(ctx, 'c', n)
    // Another run of the same seed on this database may own the address already.
    for (let attempt = 1; await emailTaken(conn, ctx, model, email, store.websiteId, null); attempt++)
      email = writerEmail(ctx, 'c', n, attempt)
    // attribute_set_id is left to its default (0): Magento 1 never sets it on customers.
    const id = await ctx.schema.insert(conn, 'customer_entity', {
      entity_type_id: model.customer.typeId,
      website_id: store.websiteId,
      email,
      group_id: groupId,
      store_id: store.storeId,
      created_at: at,
      updated_at: at,
      is_active: 1,
    })
    await saveValues(conn, ctx, model.customer, id, values, new Map())
    if (addressValues && model.address) {
      // _saveAddresses(): the address, then saveAttribute() for each default flag it carries.
      const addressId = await insertAddress(conn, ctx, model.address, id, addressValues, at)
      await saveAttribute(conn, ctx, model.customer, id, 'default_billing', addressId)
      await saveAttribute(conn, ctx, model.customer, id, 'default_shipping', addressId)
    }
    await subscribeCustomer(
      conn,
      ctx,
      model,
      { id, email, storeId: store.storeId, websiteId: store.websiteId },
      subscribe || undefined,
      txRng,
    )
    return { id, email }
  })

  model.own.add(created.id)
  ctx.customers.push({ id: created.id, email: created.email, firstname, lastname, groupId, websiteId: store.websiteId })
  return 'done'
}
