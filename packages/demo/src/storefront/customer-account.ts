import { createHash } from 'node:crypto'
import { notBefore } from './clock.js'
import type { WriterContext } from './context.js'
import type { CustomerInfo } from './customers.js'
import {
  loadValues,
  saveValues,
  type CustomerModel,
  type SaveResult,
  type StoredValue,
  type WantedValues,
} from './customer-eav.js'
import type { Rng } from './prng.js'
import { idOf, rows, str } from './sql.js'
import type { StoreInfo } from './store-data.js'
import type { Conn, Id, Row } from './types.js'

/** Newsletter subscriber statuses (Mage_Newsletter_Model_Subscriber). */
export const SUBSCRIBED = 1
export const NOT_ACTIVE = 2
export const UNSUBSCRIBED = 3
export const UNCONFIRMED = 4

/** The customer_entity row, locked for the request (serializes writers acting on one customer). */
export interface LockedCustomer {
  id: Id
  email: string
  websiteId: Id | null
  storeId: Id | null
  groupId: Id
  updatedAt: string | null
}

/** SELECT … FOR UPDATE of the customer row: the first statement of every customer request, so
 *  the reads after it see what other writers committed. null: the customer is gone. */
export async function lockCustomer(conn: Conn, ctx: WriterContext, id: Id): Promise<LockedCustomer | null> {
  const r = (
    await rows(
      conn,
      `SELECT entity_id, email, website_id, store_id, group_id, CAST(updated_at AS CHAR) AS updated_at
         FROM ${ctx.schema.t('customer_entity')} WHERE entity_id = ? FOR UPDATE`,
      [id],
    )
  )[0]
  if (!r) return null
  return {
    id,
    email: str(r.email) ?? '',
    websiteId: idOf(r.website_id),
    storeId: idOf(r.store_id),
    groupId: idOf(r.group_id) ?? '0',
    updatedAt: str(r.updated_at),
  }
}

/** Mage_Customer_Model_Resource_Customer::_beforeSave: is the e-mail taken (per website when
 *  customer/account_share/scope is 1, Magento's default; globally when 0)? */
export async function emailTaken(
  conn: Conn,
  ctx: WriterContext,
  model: CustomerModel,
  email: string,
  websiteId: Id | null,
  exceptId: Id | null,
): Promise<boolean> {
  const websiteScope = model.config.get('customer/account_share/scope') !== '0'
  const where = ['email = ?']
  const params: (string | number)[] = [email]
  if (websiteScope) {
    where.push('website_id = ?')
    params.push(websiteId ?? 0)
  }
  if (exceptId !== null) {
    where.push('entity_id != ?')
    params.push(exceptId)
  }
  const r = await rows(
    conn,
    `SELECT entity_id FROM ${ctx.schema.t('customer_entity')} WHERE ${where.join(' AND ')} LIMIT 1`,
    params,
  )
  return r.length > 0
}

export interface CustomerSave {
  /** Static columns to change on customer_entity (updated_at is always written). */
  set?: Row
  /** EAV values posted with the request. */
  values?: WantedValues
  current?: ReadonlyMap<string, StoredValue>
  /** The request's is_subscribed flag (undefined: not posted). */
  subscribe?: boolean
}

/**
 * A full $customer->save() of a loaded customer: the entity row (updated_at by the time backend),
 * changed EAV values, then the customer_save_after newsletter observer.
 */
export async function saveCustomer(
  conn: Conn,
  ctx: WriterContext,
  model: CustomerModel,
  c: LockedCustomer,
  at: string,
  rng: Rng,
  save: CustomerSave = {},
): Promise<SaveResult> {
  await ctx.schema.update(
    conn,
    'customer_entity',
    { ...save.set, updated_at: notBefore(at, c.updatedAt) },
    'entity_id = ?',
    [c.id],
  )
  let result: SaveResult = { written: 0, deleted: 0 }
  if (save.values) {
    const current = save.current ?? (await loadValues(conn, ctx, model.customer, c.id))
    result = await saveValues(conn, ctx, model.customer, c.id, save.values, current)
  }
  const email = typeof save.set?.email === 'string' ? save.set.email : c.email
  const storeId = save.set?.store_id === undefined || save.set.store_id === null ? c.storeId : String(save.set.store_id)
  await subscribeCustomer(conn, ctx, model, { ...c, email, storeId }, save.subscribe, rng)
  return result
}

export interface SubscriberRow {
  id: Id
  storeId: Id | null
  customerId: Id
  email: string | null
  status: number
  code: string | null
}

const SUBSCRIBER_COLUMNS =
  'subscriber_id, store_id, customer_id, subscriber_email, subscriber_status, subscriber_confirm_code'

function subscriberOf(r: Record<string, unknown> | undefined): SubscriberRow | null {
  if (!r) return null
  return {
    id: idOf(r.subscriber_id) ?? '0',
    storeId: idOf(r.store_id),
    customerId: idOf(r.customer_id) ?? '0',
    email: str(r.subscriber_email),
    status: Number(r.subscriber_status),
    code: str(r.subscriber_confirm_code),
  }
}

/** Mage_Newsletter_Model_Resource_Subscriber::loadByCustomer: by customer_id, else by e-mail. */
export async function loadSubscriberOfCustomer(
  conn: Conn,
  ctx: WriterContext,
  customerId: Id,
  email: string,
): Promise<SubscriberRow | null> {
  const t = ctx.schema.t('newsletter_subscriber')
  const byId = subscriberOf(
    (
      await rows(conn, `SELECT ${SUBSCRIBER_COLUMNS} FROM ${t} WHERE customer_id = ? ORDER BY subscriber_id LIMIT 1`, [
        customerId,
      ])
    )[0],
  )
  if (byId) return byId
  return loadSubscriberByEmail(conn, ctx, email)
}

export async function loadSubscriberByEmail(
  conn: Conn,
  ctx: WriterContext,
  email: string,
): Promise<SubscriberRow | null> {
  const t = ctx.schema.t('newsletter_subscriber')
  return subscriberOf(
    (
      await rows(
        conn,
        `SELECT ${SUBSCRIBER_COLUMNS} FROM ${t} WHERE subscriber_email = ? ORDER BY subscriber_id LIMIT 1`,
        [email],
      )
    )[0],
  )
}

/** Mage_Core_Model_Resource_Db_Abstract::save of a loaded subscriber: every column written back. */
export async function saveSubscriber(conn: Conn, ctx: WriterContext, s: SubscriberRow): Promise<void> {
  await ctx.schema.update(
    conn,
    'newsletter_subscriber',
    {
      store_id: s.storeId,
      customer_id: s.customerId,
      subscriber_email: s.email,
      subscriber_status: s.status,
      subscriber_confirm_code: s.code,
    },
    'subscriber_id = ?',
    [s.id],
  )
}

/**
 * Mage_Newsletter_Model_Subscriber::subscribeCustomer (observer of customer_save_after). Magento 1.7
 * core never sets change_status_at, so it stays NULL; confirmation is not required for customers.
 */
export async function subscribeCustomer(
  conn: Conn,
  ctx: WriterContext,
  model: CustomerModel,
  c: { id: Id; email: string; storeId: Id | null; websiteId: Id | null },
  isSubscribed: boolean | undefined,
  rng: Rng,
): Promise<SubscriberRow | null> {
  if (!model.newsletter) return null
  let row = await loadSubscriberOfCustomer(conn, ctx, c.id, c.email)
  // loadByCustomer(): a guest subscription with the customer's e-mail is taken over at once.
  if (row && row.customerId === '0') {
    row = { ...row, customerId: c.id, code: randomSequence(rng) }
    if (row.status === NOT_ACTIVE) row.status = isSubscribed ? SUBSCRIBED : UNSUBSCRIBED
    await saveSubscriber(conn, ctx, row)
  }
  if (!isSubscribed && !row) return null
  const status =
    isSubscribed !== undefined
      ? isSubscribed
        ? SUBSCRIBED
        : UNSUBSCRIBED
      : row?.status === UNCONFIRMED
        ? SUBSCRIBED
        : row?.status === NOT_ACTIVE
          ? UNSUBSCRIBED
          : (row?.status ?? SUBSCRIBED)
  if (!row) {
    // A customer of the admin store (0) subscribes in the website's default store.
    const storeId =
      c.storeId && c.storeId !== '0'
        ? c.storeId
        : ((ctx.stores.find((s) => s.websiteId === c.websiteId) ?? ctx.stores[0])?.storeId ?? '0')
    const fresh = { storeId, customerId: c.id, email: c.email, status, code: randomSequence(rng) }
    const id = await ctx.schema.insert(conn, 'newsletter_subscriber', {
      store_id: fresh.storeId,
      customer_id: fresh.customerId,
      subscriber_email: fresh.email,
      subscriber_status: fresh.status,
      subscriber_confirm_code: fresh.code,
    })
    return { id, ...fresh }
  }
  const saved = { ...row, status, storeId: c.storeId, email: c.email }
  await saveSubscriber(conn, ctx, saved)
  return saved
}

/** Mage_Newsletter_Model_Subscriber::randomSequence(): 32 characters of [a-z0-9]. */
export function randomSequence(rng: Rng, length = 32): string {
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789'
  let s = ''
  for (let i = 0; i < length; i++) s += chars[rng.int(0, chars.length - 1)]
  return s
}

/** Mage_Core_Model_Encryption::getHash($password, 2): md5(salt . password) . ':' . salt. */
export function passwordHash(rng: Rng, password: string): string {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
  const salt = chars[rng.int(0, chars.length - 1)]! + chars[rng.int(0, chars.length - 1)]!
  return `${createHash('md5')
    .update(salt + password, 'utf8')
    .digest('hex')}:${salt}`
}

/** Stores a customer of `websiteId` shops in (any store when the website has none). */
export function storesOf(ctx: WriterContext, websiteId: Id | null): StoreInfo[] {
  const own = ctx.stores.filter((s) => s.websiteId === websiteId)
  return own.length > 0 ? own : ctx.stores
}

/** The store view name (StoreInfo.storeName is "website\ngroup\nstore"). */
export const storeViewName = (store: StoreInfo): string => store.storeName.split('\n').pop() ?? ''

/**
 * A fresh e-mail of this writer (seed and per-writer counter keep writers apart): 'c' for
 * customers it registered (WRITER_CUSTOMER_EMAIL: other writers do not load them), 'e' for a
 * new e-mail of a customer it does not own, 'g' for guest subscribers.
 */
export const writerEmail = (ctx: WriterContext, kind: 'c' | 'e' | 'g', n: number, attempt = 0): string =>
  `${kind}${ctx.seed}-${n}${attempt > 0 ? `-${attempt}` : ''}@example.com`

/** Forget a customer that is gone, so no later operation (or registered checkout) picks it. */
export function dropCustomer(ctx: WriterContext, model: CustomerModel, id: Id): void {
  const i = ctx.customers.findIndex((c) => c.id === id)
  if (i >= 0) ctx.customers.splice(i, 1)
  model.own.delete(id)
}

export function updateCustomerInfo(ctx: WriterContext, id: Id, patch: Partial<CustomerInfo>): void {
  const c = ctx.customers.find((x) => x.id === id)
  if (c) Object.assign(c, patch)
}
