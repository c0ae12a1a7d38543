import { tbl, type WriterContext } from './context.js'
import { phpSerialize, type PhpValue } from './php-serialize.js'
import type { Rng } from './prng.js'
import { exec, idOf, rows } from './sql.js'
import type { Conn, OpOutcome } from './types.js'

/**
 * The dirty data a store that ran for ten years holds, written the way it arises (one kind per call):
 * - an emoji typed into a custom option, written by PHP through a utf8mb4 client into a utf8 column:
 *   the server stores `?`, the serialized length still counts the emoji's 4 bytes;
 * - the same through a `SET NAMES utf8` session: `????`, lengths right;
 * - serialized data whose lengths were counted in latin1 before the shop moved to utf8;
 * - serialized data cut short at a 4-byte character (MySQL 5.x), and plain text a hand edit left
 *   in a serialized column;
 * - zero dates, and dates no calendar has (a server that allowed invalid dates);
 * - text longer than Magento 2's column (a proxy chain as the remote IP, a long name prefix), and a
 *   number larger than it (an extension's counter in an unsigned column Magento 2 made signed);
 * - rows whose parent is gone (an import with foreign key checks off);
 * - UTF-8 text written through a latin1 connection into a latin1 column (where the store has one).
 */
export async function dirtyData(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const kind = rng.pick(DIRTY_KINDS)
  return ctx.tx.run(rng.uint32(), (conn, r) => kind(conn, ctx, r))
}

type DirtyKind = (conn: Conn, ctx: WriterContext, rng: Rng) => Promise<OpOutcome>

const EMOJI_OPTIONS = ['Gravur: Für Zoë 🎁', 'Name 🙂 Ørsted', 'Happy 🎂 birthday', '東京 🗼 tower'] as const

/** The buy request a product page posts, with a custom option text. */
const buyRequest = (product: string, text: string): PhpValue => ({
  product,
  qty: '1',
  options: new Map<number, PhpValue>([[3, text]]),
})

/** A random row's key (and columns) of a table, locked; null when the table is empty or absent. */
async function pickRow(
  conn: Conn,
  ctx: WriterContext,
  rng: Rng,
  table: string,
  key: string,
  columns: string,
  where = '1 = 1',
): Promise<Record<string, unknown> | null> {
  if (!ctx.schema.has(table)) return null
  const candidates = await rows(
    conn,
    `SELECT ${key} FROM ${tbl(ctx, table)} WHERE ${where} ORDER BY ${key} DESC LIMIT 30`,
  )
  if (candidates.length === 0) return null
  const id = idOf(rng.pick(candidates)[key])
  const [row] = await rows(conn, `SELECT ${key}, ${columns} FROM ${tbl(ctx, table)} WHERE ${key} = ? FOR UPDATE`, [id])
  return row ?? null
}

/** Runs `work` with session settings changed, restoring them after (the writer's connection is shared by its operations). */
async function withSession<T>(conn: Conn, set: string, reset: string, work: () => Promise<T>): Promise<T> {
  await conn.query(set)
  try {
    return await work()
  } finally {
    await conn.query(reset)
  }
}

const emojiThroughUtf8mb4: DirtyKind = async (conn, ctx, rng) => {
  const option = await pickRow(
    conn,
    ctx,
    rng,
    'sales_flat_quote_item_option',
    'option_id',
    'product_id',
    "code = 'info_buyRequest'",
  )
  const item = await pickRow(conn, ctx, rng, 'sales_flat_order_item', 'item_id', 'product_id')
  if (!option && !item) return 'skipped'
  const text = rng.pick(EMOJI_OPTIONS)
  // PHP's serialize() counts the emoji's 4 bytes; the utf8 column keeps '?' for it (sql_mode '').
  if (option)
    await exec(conn, `UPDATE ${tbl(ctx, 'sales_flat_quote_item_option')} SET value = ? WHERE option_id = ?`, [
      phpSerialize(buyRequest(String(option.product_id ?? '0'), text)),
      idOf(option.option_id),
    ])
  if (item) {
    const options: PhpValue = {
      info_buyRequest: buyRequest(String(item.product_id ?? '0'), text),
      options: [{ label: 'Engraving', value: text, option_id: 3, option_type: 'field' }],
    }
    await exec(conn, `UPDATE ${tbl(ctx, 'sales_flat_order_item')} SET product_options = ? WHERE item_id = ?`, [
      phpSerialize(options),
      idOf(item.item_id),
    ])
  }
  return 'done'
}

const emojiThroughSetNamesUtf8: DirtyKind = async (conn, ctx, rng) => {
  const item = await pickRow(conn, ctx, rng, 'sales_flat_order_item', 'item_id', 'product_id')
  if (!item) return 'skipped'
  const options: PhpValue = { info_buyRequest: buyRequest(String(item.product_id ?? '0'), rng.pick(EMOJI_OPTIONS)) }
  // Magento 1's own adapter: SET NAMES utf8. The 4 bytes arrive as four invalid characters: '????', lengths right.
  await withSession(conn, 'SET NAMES utf8', 'SET NAMES utf8mb4', () =>
    exec(conn, `UPDATE ${tbl(ctx, 'sales_flat_order_item')} SET product_options = ? WHERE item_id = ?`, [
      phpSerialize(options),
      idOf(item.item_id),
    ]),
  )
  return 'done'
}

const latin1Lengths: DirtyKind = async (conn, ctx, rng) => {
  const item = await pickRow(conn, ctx, rng, 'sales_flat_order_item', 'item_id', 'product_id')
  if (!item) return 'skipped'
  // Serialized on a latin1 store ("Zoë" is 3 bytes there), then the dump was converted to utf8 (4 bytes).
  const latin1 = (text: string): string => `s:${Buffer.byteLength(text, 'latin1')}:"${text}";`
  const value = `a:1:{s:15:"info_buyRequest";a:3:{s:7:"product";${latin1(String(item.product_id ?? '0'))}s:3:"qty";s:1:"1";s:7:"comment";${latin1(rng.pick(['Für Zoë', 'Grüße aus Köln', 'Café crème']))}}}`
  await exec(conn, `UPDATE ${tbl(ctx, 'sales_flat_order_item')} SET product_options = ? WHERE item_id = ?`, [
    value,
    idOf(item.item_id),
  ])
  return 'done'
}

const cutShortOrPlainText: DirtyKind = async (conn, ctx, rng) => {
  const payment = await pickRow(conn, ctx, rng, 'sales_flat_order_payment', 'entity_id', 'method')
  if (!payment) return 'skipped'
  const full = phpSerialize({ method_title: 'Bank transfer', note: 'Ref 🎁 Zoë', instructions: 'Pay within 14 days' })
  // MySQL 5.x stopped at the 4-byte character; a hand edit wrote plain text.
  const value = rng.chance(0.5) ? full.slice(0, full.indexOf('🎁')) : 'paid by bank transfer, ref 4711'
  await exec(
    conn,
    `UPDATE ${tbl(ctx, 'sales_flat_order_payment')} SET additional_information = ? WHERE entity_id = ?`,
    [value, idOf(payment.entity_id)],
  )
  return 'done'
}

const oddDates: DirtyKind = async (conn, ctx, rng) => {
  const order = await pickRow(conn, ctx, rng, 'sales_flat_order', 'entity_id', 'customer_dob')
  if (!order || !ctx.schema.hasColumn('sales_flat_order', 'customer_dob')) return 'skipped'
  // A date no calendar has, from a server that allowed invalid dates, or a zero date.
  const dob = rng.pick(['1985-02-30 00:00:00', '1979-04-31 00:00:00', '0000-00-00 00:00:00'])
  await withSession(conn, "SET SESSION sql_mode = 'ALLOW_INVALID_DATES'", "SET SESSION sql_mode = ''", () =>
    exec(conn, `UPDATE ${tbl(ctx, 'sales_flat_order')} SET customer_dob = ? WHERE entity_id = ?`, [
      dob,
      idOf(order.entity_id),
    ]),
  )
  return 'done'
}

const longValues: DirtyKind = async (conn, ctx, rng) => {
  const order = await pickRow(conn, ctx, rng, 'sales_flat_order', 'entity_id', 'remote_ip')
  if (!order) return 'skipped'
  // The X-Forwarded-For chain a load balancer passed on, and a title as the customer typed it.
  const chain = `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}, 10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}, 203.0.113.${rng.int(1, 254)}, 198.51.100.${rng.int(1, 254)}`
  const update: Record<string, string> = { remote_ip: chain }
  if (ctx.schema.hasColumn('sales_flat_order', 'customer_prefix'))
    update.customer_prefix = 'Sehr geehrte Frau Professorin Dr. Dr. h.c.'
  // An extension that counted resent e-mails in Magento 1's unsigned email_sent (signed in Magento 2).
  if (ctx.schema.hasColumn('sales_flat_order', 'email_sent') && rng.chance(0.5)) update.email_sent = '40000'
  const columns = Object.keys(update)
  await exec(
    conn,
    `UPDATE ${tbl(ctx, 'sales_flat_order')} SET ${columns.map((column) => `${column} = ?`).join(', ')} WHERE entity_id = ?`,
    [...columns.map((column) => update[column] ?? null), idOf(order.entity_id)],
  )
  return 'done'
}

const orphans: DirtyKind = async (conn, ctx, rng) => {
  if (!ctx.schema.has('sales_flat_order_status_history')) return 'skipped'
  const [top] = await rows(conn, `SELECT COALESCE(MAX(entity_id), 0) AS id FROM ${tbl(ctx, 'sales_flat_order')}`)
  // An import that ran with foreign key checks off: a comment of an order that does not exist.
  const missing = String(Number(top?.id ?? 0) + 1_000_000 + rng.int(1, 1_000_000))
  await withSession(conn, 'SET SESSION foreign_key_checks = 0', 'SET SESSION foreign_key_checks = 1', () =>
    exec(
      conn,
      `INSERT INTO ${tbl(ctx, 'sales_flat_order_status_history')} (parent_id, is_customer_notified, is_visible_on_front, comment, status, created_at) VALUES (?, 0, 0, 'imported', 'pending', NOW())`,
      [missing],
    ),
  )
  return 'done'
}

const utf8ThroughLatin1: DirtyKind = async (conn, ctx, rng) => {
  const table = 'sales_flat_order_status_history'
  const column = ctx.schema.has(table) ? ctx.schema.columns(table).find((name) => name === 'comment') : undefined
  if (!column || ctx.schema.charsetOf(table, column) !== 'latin1') return 'skipped'
  const row = await pickRow(conn, ctx, rng, table, 'entity_id', 'parent_id')
  if (!row) return 'skipped'
  // The shop's pages were UTF-8, its connection latin1: PHP passed the page's UTF-8 bytes on as they were,
  // and each is stored as one latin1 character (a Buffer goes to the server as those very bytes).
  const text = Buffer.from(rng.pick(['Grüße aus Köln', 'Liefertermin: Mär', 'Zoë — déjà vu']), 'utf8')
  await withSession(conn, 'SET NAMES latin1', 'SET NAMES utf8mb4', () =>
    exec(conn, `UPDATE ${tbl(ctx, table)} SET comment = ? WHERE entity_id = ?`, [text, idOf(row.entity_id)]),
  )
  return 'done'
}

const DIRTY_KINDS: readonly DirtyKind[] = [
  emojiThroughUtf8mb4,
  emojiThroughSetNamesUtf8,
  latin1Lengths,
  cutShortOrPlainText,
  oddDates,
  longValues,
  orphans,
  utf8ThroughLatin1,
]
