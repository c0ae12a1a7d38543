import { notBefore } from './clock.js'
import type { WriterContext } from './context.js'
import { dropCustomer, lockCustomer, saveCustomer, subscribeCustomer } from './customer-account.js'
import {
  customerModel,
  deleteEntity,
  loadValues,
  saveAttribute,
  saveValues,
  type CustomerModel,
  type EavEntity,
} from './customer-eav.js'
import type { Rng } from './prng.js'
import { address, FIRST_NAMES, LAST_NAMES } from './sample-data.js'
import { idOf, rows, str } from './sql.js'
import type { Conn, Id, OpOutcome } from './types.js'

/** Address attribute values as the address form posts them (null: left empty). */
export type AddressValues = Record<string, string | null>

/** Optional fields an edit sometimes empties (Magento then deletes the value row). */
const OPTIONAL = ['company', 'fax', 'middlename', 'prefix', 'vat_id'] as const

/**
 * A new address. Countries with directory regions get region_id and the region's name (what
 * Mage_Customer_Model_Address_Abstract::getRegion() stores); others get free-text region and
 * region_id 0 (Address::setRegionId() casts the empty form field to int, and 0 is not "empty"
 * for an int attribute, so Magento 1 writes it).
 */
export function planAddress(
  rng: Rng,
  model: CustomerModel,
  who: { firstname: string; lastname: string; middlename?: string | null; prefix?: string | null },
): AddressValues {
  const a = address(rng, {
    prefix: who.prefix ?? null,
    firstname: who.firstname,
    middlename: who.middlename ?? null,
    lastname: who.lastname,
    email: '',
  })
  const regions = model.regions.get(a.country_id) ?? []
  const region = regions.length > 0 ? rng.pick(regions) : null
  return {
    prefix: a.prefix,
    firstname: a.firstname,
    middlename: a.middlename,
    lastname: a.lastname,
    company: a.company,
    street: rng.chance(0.2) ? `${a.street}\nc/o ${rng.pick(LAST_NAMES)}` : a.street,
    city: a.city,
    country_id: a.country_id,
    region: region ? region.name : a.region,
    region_id: region ? region.id : '0',
    postcode: a.postcode,
    telephone: a.telephone,
    fax: a.fax,
    vat_id: rng.chance(0.1) ? `${a.country_id}${rng.digits(9)}` : null,
  }
}

/** Insert customer_address_entity and its values (Mage_Customer_Model_Address::save, new). */
export async function insertAddress(
  conn: Conn,
  ctx: WriterContext,
  entity: EavEntity,
  customerId: Id,
  values: AddressValues,
  at: string,
): Promise<Id> {
  // attribute_set_id is not set by Magento 1 (column default 0), as for customers.
  const id = await ctx.schema.insert(conn, 'customer_address_entity', {
    entity_type_id: entity.typeId,
    parent_id: customerId,
    created_at: at,
    updated_at: at,
  })
  await saveValues(conn, ctx, entity, id, values, new Map())
  return id
}

/** Address save of an existing row: the static columns (updated_at by the time backend). */
async function touchAddress(
  conn: Conn,
  ctx: WriterContext,
  entity: EavEntity,
  addressId: Id,
  customerId: Id,
  at: string,
): Promise<void> {
  await ctx.schema.update(
    conn,
    'customer_address_entity',
    { entity_type_id: entity.typeId, parent_id: customerId, updated_at: at },
    'entity_id = ?',
    [addressId],
  )
}

interface Defaults {
  billing: Id | null
  shipping: Id | null
}

async function loadDefaults(conn: Conn, ctx: WriterContext, model: CustomerModel, customerId: Id): Promise<Defaults> {
  const v = await loadValues(conn, ctx, model.customer, customerId)
  return { billing: v.get('default_billing')?.value ?? null, shipping: v.get('default_shipping')?.value ?? null }
}

/** Addresses of the writer's known customers (read outside the request; re-checked under lock). */
async function addressCandidates(ctx: WriterContext): Promise<{ id: Id; customerId: Id }[]> {
  if (ctx.customers.length === 0) return []
  const ids = ctx.customers.map((c) => c.id)
  return ctx.tx.withConn(async (conn) =>
    (
      await rows(
        conn,
        `SELECT entity_id, parent_id FROM ${ctx.schema.t('customer_address_entity')} WHERE parent_id IN (${ids.map(() => '?').join(', ')}) ORDER BY entity_id`,
        ids,
      )
    ).map((r) => ({ id: idOf(r.entity_id) ?? '0', customerId: idOf(r.parent_id) ?? '0' })),
  )
}

/** customer_id → its default_billing/default_shipping address ids (read before the request). */
async function defaultsOf(
  ctx: WriterContext,
  model: CustomerModel,
  customerIds: readonly Id[],
): Promise<Map<Id, Defaults>> {
  const m = new Map<Id, Defaults>()
  const billing = model.customer.attrs.get('default_billing')
  const shipping = model.customer.attrs.get('default_shipping')
  const table = billing?.table
  if (!billing || !table || shipping?.table !== table || customerIds.length === 0) return m
  const list = await ctx.tx.withConn((conn) =>
    rows(
      conn,
      `SELECT entity_id, attribute_id, value FROM ${ctx.schema.t(table)}
        WHERE attribute_id IN (?, ?) AND entity_id IN (${customerIds.map(() => '?').join(', ')})`,
      [billing.id, shipping.id, ...customerIds],
    ),
  )
  for (const r of list) {
    const id = idOf(r.entity_id) ?? '0'
    const d = m.get(id) ?? { billing: null, shipping: null }
    if (idOf(r.attribute_id) === billing.id) d.billing = idOf(r.value)
    else d.shipping = idOf(r.value)
    m.set(id, d)
  }
  return m
}

/** The address row under the customer's lock (null: deleted meanwhile). */
async function addressOf(
  conn: Conn,
  ctx: WriterContext,
  addressId: Id,
  customerId: Id,
): Promise<{ updatedAt: string | null } | null> {
  const r = (
    await rows(
      conn,
      `SELECT CAST(updated_at AS CHAR) AS updated_at FROM ${ctx.schema.t('customer_address_entity')} WHERE entity_id = ? AND parent_id = ? FOR UPDATE`,
      [addressId, customerId],
    )
  )[0]
  return r ? { updatedAt: str(r.updated_at) } : null
}

/** Storefront address book "add new address" (customer/address/formPost), sometimes as default. */
export async function addAddress(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await customerModel(ctx)
  if (!model?.address || ctx.customers.length === 0) return 'skipped'
  const entity = model.address
  const info = rng.pick(ctx.customers)
  const values = planAddress(rng, model, {
    firstname: rng.chance(0.8) ? info.firstname : rng.pick(FIRST_NAMES),
    lastname: rng.chance(0.8) ? info.lastname : rng.pick(LAST_NAMES),
    middlename: rng.chance(0.15) ? 'Ł.' : null,
    prefix: rng.chance(0.15) ? rng.pick(['Mr.', 'Ms.', 'Dr.']) : null,
  })
  const asBilling = rng.chance(0.4)
  const asShipping = rng.chance(0.4)
  const at = ctx.clock.tick(rng, 600)
  const done = await ctx.tx.run(rng.uint32(), async (conn, txRng) => {
    const c = await lockCustomer(conn, ctx, info.id)
    if (!c) return false
    // The form of a customer's first address carries hidden default_billing/default_shipping = 1.
    const first =
      (await rows(conn, `SELECT 1 FROM ${ctx.schema.t('customer_address_entity')} WHERE parent_id = ? LIMIT 1`, [c.id]))
        .length === 0
    const billing = asBilling || first
    const shipping = asShipping || first
    const id = await insertAddress(conn, ctx, entity, c.id, values, at)
    // Mage_Customer_Model_Resource_Address::_afterSave: default flags load and save the customer.
    if (billing || shipping) {
      await saveCustomer(conn, ctx, model, c, at, txRng, {
        values: { default_billing: billing ? id : undefined, default_shipping: shipping ? id : undefined },
      })
    }
    return true
  })
  if (!done) dropCustomer(ctx, model, info.id)
  return done ? 'done' : 'skipped'
}

/** Storefront address edit: the form posts every field; changed ones are written, emptied ones deleted. */
export async function editAddress(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await customerModel(ctx)
  if (!model?.address) return 'skipped'
  const entity = model.address
  const candidates = await addressCandidates(ctx)
  if (candidates.length === 0) return 'skipped'
  const pick = rng.pick(candidates)
  const fresh = planAddress(rng, model, {
    firstname: rng.pick(FIRST_NAMES),
    lastname: rng.pick(LAST_NAMES),
    middlename: 'Ł.',
    prefix: 'Dr.',
  })
  const change = {
    street: rng.chance(0.4),
    city: rng.chance(0.3),
    postcode: rng.chance(0.3),
    telephone: rng.chance(0.3),
    country: rng.chance(0.2),
    names: rng.chance(0.15),
  }
  const optional = new Map(
    OPTIONAL.map((code) => [code, rng.chance(0.25) ? (rng.chance(0.6) ? 'clear' : 'set') : 'keep'] as const),
  )
  const at = ctx.clock.tick(rng, 600)
  const done = await ctx.tx.run(rng.uint32(), async (conn, txRng) => {
    const c = await lockCustomer(conn, ctx, pick.customerId)
    if (!c) return null
    const row = await addressOf(conn, ctx, pick.id, c.id)
    if (!row) return false
    const current = await loadValues(conn, ctx, entity, pick.id)
    const posted: AddressValues = Object.fromEntries([...current].map(([code, v]) => [code, v.value]))
    if (change.street) posted.street = fresh.street ?? null
    if (change.city) posted.city = fresh.city ?? null
    if (change.postcode) posted.postcode = fresh.postcode ?? null
    if (change.telephone) posted.telephone = fresh.telephone ?? null
    if (change.country) {
      for (const code of ['country_id', 'region', 'region_id', 'city', 'postcode'] as const)
        posted[code] = fresh[code] ?? null
    }
    if (change.names) {
      posted.firstname = fresh.firstname ?? null
      posted.lastname = fresh.lastname ?? null
    }
    for (const [code, what] of optional) {
      if (what === 'clear') posted[code] = null
      else if (what === 'set') {
        posted[code] =
          fresh[code] ??
          (code === 'company'
            ? 'Østergaard & Søn'
            : code === 'fax'
              ? txRng.digits(8)
              : code === 'vat_id'
                ? `${posted.country_id ?? 'DE'}${txRng.digits(9)}`
                : null)
      }
    }
    const when = notBefore(at, row.updatedAt)
    await touchAddress(conn, ctx, entity, pick.id, c.id, when)
    await saveValues(conn, ctx, entity, pick.id, posted, current)
    // A default address keeps its hidden default_* flag in the form: the customer is saved too.
    const d = await loadDefaults(conn, ctx, model, c.id)
    if (d.billing === pick.id || d.shipping === pick.id) await saveCustomer(conn, ctx, model, c, when, txRng)
    return true
  })
  if (done === null) dropCustomer(ctx, model, pick.customerId)
  return done ? 'done' : 'skipped'
}

/**
 * Delete an address. The storefront address book only offers it for non-default addresses
 * (AddressController::deleteAction: the EAV delete). A default address goes through the admin
 * customer save: the address is deleted in _saveAddresses, default_billing/default_shipping become
 * empty and saveAttribute() deletes their value rows, the other addresses are saved again.
 */
export async function deleteAddress(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await customerModel(ctx)
  if (!model?.address) return 'skipped'
  const entity = model.address
  const candidates = await addressCandidates(ctx)
  if (candidates.length === 0) return 'skipped'
  const pick = rng.pick(candidates)
  const at = ctx.clock.tick(rng, 600)
  const done = await ctx.tx.run(rng.uint32(), async (conn, txRng) => {
    const c = await lockCustomer(conn, ctx, pick.customerId)
    if (!c) return null
    if (!(await addressOf(conn, ctx, pick.id, c.id))) return false
    const d = await loadDefaults(conn, ctx, model, c.id)
    const isDefault = d.billing === pick.id || d.shipping === pick.id
    if (!isDefault) {
      await deleteEntity(conn, ctx, entity, pick.id)
      return true
    }
    const when = notBefore(at, c.updatedAt)
    await ctx.schema.update(conn, 'customer_entity', { updated_at: when }, 'entity_id = ?', [c.id])
    const others = await rows(
      conn,
      `SELECT entity_id FROM ${ctx.schema.t('customer_address_entity')} WHERE parent_id = ? AND entity_id != ? ORDER BY entity_id`,
      [c.id, pick.id],
    )
    for (const o of others) await touchAddress(conn, ctx, entity, idOf(o.entity_id) ?? '0', c.id, when)
    await deleteEntity(conn, ctx, entity, pick.id)
    if (d.billing === pick.id) await saveAttribute(conn, ctx, model.customer, c.id, 'default_billing', null)
    if (d.shipping === pick.id) await saveAttribute(conn, ctx, model.customer, c.id, 'default_shipping', null)
    // customer_save_after: the newsletter observer saves the subscription (if any) again.
    await subscribeCustomer(conn, ctx, model, c, undefined, txRng)
    return true
  })
  if (done === null) dropCustomer(ctx, model, pick.customerId)
  return done ? 'done' : 'skipped'
}

/** Storefront address edit with "Use as my default billing/shipping address" ticked. */
export async function setDefaultAddress(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await customerModel(ctx)
  if (!model?.address) return 'skipped'
  const entity = model.address
  const all = await addressCandidates(ctx)
  const defaults = await defaultsOf(ctx, model, [...new Set(all.map((a) => a.customerId))])
  // An address that is already both defaults shows no checkbox.
  const candidates = all.filter((a) => {
    const d = defaults.get(a.customerId)
    return d?.billing !== a.id || d.shipping !== a.id
  })
  if (candidates.length === 0) return 'skipped'
  const pick = rng.pick(candidates)
  const want = rng.weighted({ billing: 3, shipping: 3, both: 4 })
  const at = ctx.clock.tick(rng, 600)
  const done = await ctx.tx.run(rng.uint32(), async (conn, txRng) => {
    const c = await lockCustomer(conn, ctx, pick.customerId)
    if (!c) return null
    const row = await addressOf(conn, ctx, pick.id, c.id)
    if (!row) return false
    const d = await loadDefaults(conn, ctx, model, c.id)
    let billing = (want === 'billing' || want === 'both') && d.billing !== pick.id
    let shipping = (want === 'shipping' || want === 'both') && d.shipping !== pick.id
    // Only the flag that is not set yet shows as a checkbox.
    if (!billing && !shipping) {
      billing = d.billing !== pick.id
      shipping = !billing && d.shipping !== pick.id
    }
    if (!billing && !shipping) return false
    const when = notBefore(at, row.updatedAt)
    await touchAddress(conn, ctx, entity, pick.id, c.id, when)
    await saveCustomer(conn, ctx, model, c, when, txRng, {
      values: { default_billing: billing ? pick.id : undefined, default_shipping: shipping ? pick.id : undefined },
    })
    return true
  })
  if (done === null) dropCustomer(ctx, model, pick.customerId)
  return done ? 'done' : 'skipped'
}
