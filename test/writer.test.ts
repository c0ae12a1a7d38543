import { spawn } from 'node:child_process'
import { createReadStream } from 'node:fs'
import mysql from 'mysql2/promise'
import type { Connection, RowDataPacket } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeWithFixtures, fixturePath, MAGENTO1_DUMP } from './support/fixtures.js'
import {
  CATALOG_MIX,
  CUSTOMER_MIX,
  ORDER_CASCADES,
  adminBundleProduct,
  adminConfigurableProduct,
  adminCreateProduct,
  adminCustomOptions,
  adminDeleteProduct,
  adminProductImages,
  adminProductLinks,
  catalogModel,
  createWriterContext,
  Rng,
  isPhpSerialized,
  nextIncrement,
  phpFloat,
  phpSerialize,
  phpUnserialize,
  runWriter,
  type WriterStats,
} from './support/writer/index.js'

// ---------------------------------------------------------------------------------------------
// PHP serialize() encoder: pure unit tests, no database.
// ---------------------------------------------------------------------------------------------
describe('phpSerialize', () => {
  it('encodes scalars like PHP', () => {
    expect(phpSerialize(null)).toBe('N;')
    expect(phpSerialize(true)).toBe('b:1;')
    expect(phpSerialize(false)).toBe('b:0;')
    expect(phpSerialize(42)).toBe('i:42;')
    expect(phpSerialize(-7)).toBe('i:-7;')
    expect(phpSerialize(9223372036854775807n)).toBe('i:9223372036854775807;')
    expect(phpSerialize(1.5)).toBe('d:1.5;')
    expect(phpSerialize(0.1)).toBe('d:0.1;')
    expect(phpSerialize(phpFloat(2))).toBe('d:2;')
    expect(phpSerialize(1e25)).toBe('d:1.0E+25;')
    expect(phpSerialize(1.5e-7)).toBe('d:1.5E-7;')
    expect(phpSerialize(NaN)).toBe('d:NAN;')
    expect(phpSerialize(-Infinity)).toBe('d:-INF;')
  })

  it('measures strings in UTF-8 bytes', () => {
    expect(phpSerialize('')).toBe('s:0:"";')
    expect(phpSerialize('abc')).toBe('s:3:"abc";')
    expect(phpSerialize('Zoë')).toBe('s:4:"Zoë";')
    expect(phpSerialize('東京')).toBe('s:6:"東京";')
    expect(phpSerialize('🎁')).toBe('s:4:"🎁";')
    expect(phpSerialize('a"b;c\\')).toBe('s:6:"a"b;c\\";')
  })

  it('encodes lists, maps and nested arrays (numeric string keys become ints, as in PHP)', () => {
    expect(phpSerialize([])).toBe('a:0:{}')
    expect(phpSerialize(['a', 1])).toBe('a:2:{i:0;s:1:"a";i:1;i:1;}')
    expect(phpSerialize({ qty: '1', product: 5, '12': 'x', '012': 'y' })).toBe(
      'a:4:{i:12;s:1:"x";s:3:"qty";s:1:"1";s:7:"product";i:5;s:3:"012";s:1:"y";}',
    )
    expect(
      phpSerialize(
        new Map<string | number, string>([
          [3, 'Ø'],
          ['k', 'v'],
        ]),
      ),
    ).toBe('a:2:{i:3;s:2:"Ø";s:1:"k";s:1:"v";}')
    expect(phpSerialize({ info_buyRequest: { uenc: 'aHR0cA', options: { 7: 'Zoë 🎁' } } })).toBe(
      'a:1:{s:15:"info_buyRequest";a:2:{s:4:"uenc";s:6:"aHR0cA";s:7:"options";a:1:{i:7;s:9:"Zoë 🎁";}}}',
    )
  })

  it('round-trips through the strict unserializer and rejects wrong byte lengths', () => {
    const value = { a: [1, 'Ørsted 東京 🎁', null, true, 2.5], b: { c: 'd' } }
    const s = phpSerialize(value)
    const back = phpUnserialize(s) as Map<string | number, unknown>
    expect((back.get('a') as Map<number, unknown>).get(1)).toBe('Ørsted 東京 🎁')
    expect(isPhpSerialized(s)).toBe(true)
    expect(isPhpSerialized('s:3:"Zoë";')).toBe(false) // 4 bytes, not 3
    expect(isPhpSerialized('a:1:{i:0;s:1:"x";')).toBe(false)
    expect(isPhpSerialized('not serialized')).toBe(false)
  })

  it('computes Magento 1 numeric increment ids', () => {
    expect(nextIncrement('1', null, 8, '0')).toBe('100000001')
    expect(nextIncrement('1', '100000041', 8, '0')).toBe('100000042')
    expect(nextIncrement('0', '099999999', 8, '0')).toBe('0100000000')
    expect(nextIncrement('', '000000007', 8, '0')).toBe('00000008')
  })
})

// ---------------------------------------------------------------------------------------------
// The writer against the Magento 1.7 dump (mig's schema subset when the dump is absent: fixtures.ts).
// ---------------------------------------------------------------------------------------------
const dumpFile = fixturePath(MAGENTO1_DUMP)

const db = {
  host: process.env['MIG_TEST_DB_HOST'] ?? '127.0.0.1',
  port: Number(process.env['MIG_TEST_DB_PORT'] ?? '3306'),
  user: process.env['MIG_TEST_DB_USER'] ?? 'root',
  password: process.env['MIG_TEST_DB_PASSWORD'] ?? '',
}
const base = `mig_t_writer_${process.pid}`
const created: string[] = []
const open: Connection[] = []

async function connect(database?: string): Promise<Connection> {
  const c = await mysql.createConnection({
    ...db,
    ...(database ? { database } : {}),
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    charset: 'utf8mb4',
    timezone: 'Z',
  })
  open.push(c)
  return c
}

async function loadDump(database: string): Promise<void> {
  const admin = await connect()
  await admin.query(`DROP DATABASE IF EXISTS \`${database}\``)
  await admin.query(`CREATE DATABASE \`${database}\``)
  created.push(database)
  await new Promise<void>((resolve, reject) => {
    const args = [
      `-h${db.host}`,
      `-P${db.port}`,
      `-u${db.user}`,
      ...(db.password ? [`-p${db.password}`] : []),
      database,
    ]
    const child = spawn('mariadb', args, { stdio: ['pipe', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`mariadb exited ${code}: ${stderr}`))))
    createReadStream(dumpFile).pipe(child.stdin)
  })
}

async function q(c: Connection, sql: string, params: unknown[] = []): Promise<RowDataPacket[]> {
  const [r] = await c.query<RowDataPacket[]>(sql, params)
  return r
}
const count = async (c: Connection, sql: string, params: unknown[] = []): Promise<number> =>
  Number((await q(c, sql, params))[0]?.['n'])

const SALES_TABLES = [
  'sales_flat_quote',
  'sales_flat_quote_item',
  'sales_flat_quote_item_option',
  'sales_flat_quote_address',
  'sales_flat_quote_address_item',
  'sales_flat_quote_payment',
  'sales_flat_quote_shipping_rate',
  'sales_flat_order',
  'sales_flat_order_item',
  'sales_flat_order_address',
  'sales_flat_order_payment',
  'sales_flat_order_status_history',
  'sales_flat_order_grid',
  'sales_order_tax',
  'sales_order_tax_item',
  'gift_message',
  'sales_flat_invoice',
  'sales_flat_invoice_item',
  'sales_flat_invoice_comment',
  'sales_flat_invoice_grid',
  'sales_flat_shipment',
  'sales_flat_shipment_item',
  'sales_flat_shipment_track',
  'sales_flat_shipment_comment',
  'sales_flat_shipment_grid',
  'sales_flat_creditmemo',
  'sales_flat_creditmemo_item',
  'sales_flat_creditmemo_comment',
  'sales_flat_creditmemo_grid',
  'sales_payment_transaction',
  'eav_entity_store',
] as const

const SERIALIZED: ReadonlyArray<readonly [string, string]> = [
  ['sales_flat_order_item', 'product_options'],
  ['sales_flat_order_item', 'weee_tax_applied'],
  ['sales_flat_order_payment', 'additional_information'],
  ['sales_flat_quote_payment', 'additional_information'],
  ['sales_flat_quote_address', 'applied_taxes'],
  ['sales_flat_shipment', 'packages'],
  ['sales_payment_transaction', 'additional_information'],
]

async function rowCounts(c: Connection): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of SALES_TABLES) out[t] = await count(c, `SELECT COUNT(*) AS n FROM \`${t}\``)
  return out
}

describeWithFixtures(
  'Magento 1 writer on the 1.7 dump',
  () => {
    let main: Connection
    let stats: WriterStats[] = []
    let throughput = 0

    beforeAll(async () => {
      await loadDump(base)
      main = await connect(base)
      const writers = await Promise.all([1, 2, 3].map(() => connect(base)))
      const t0 = Date.now()
      stats = await Promise.all(writers.map((connection, i) => runWriter({ connection, seed: i + 1, operations: 200 })))
      const seconds = (Date.now() - t0) / 1000
      throughput = 600 / seconds
      const done = (k: keyof WriterStats['done']) => stats.reduce((s, x) => s + x.done[k], 0)
      console.log(
        `writer: 3 connections × 200 ops in ${seconds.toFixed(1)} s = ${throughput.toFixed(0)} ops/s; ` +
          `retries ${stats.reduce((s, x) => s + x.retries, 0)}; orders ${done('guestCheckout') + done('registeredCheckout')}, ` +
          `invoices ${done('invoice')}, shipments ${done('ship')}, refunds ${done('refund')}, cancels ${done('cancel')}, ` +
          `edits ${done('adminEdit')}, deletes ${done('deleteOrder')}, carts ${done('abandonCart') + done('updateCart')}`,
      )
    })

    afterAll(async () => {
      for (const c of open.splice(0)) await c.end().catch(() => undefined)
      const admin = await mysql.createConnection(db)
      for (const name of created) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``)
      await admin.end()
    })

    it('ran every operation and reported no schema surprise', () => {
      for (const s of stats) {
        expect(s.executed).toBe(200)
        expect(s.warnings).toEqual([])
        expect(s.missingColumns).toEqual({})
      }
      const total = (k: keyof WriterStats['done']) => stats.reduce((s, x) => s + x.done[k], 0)
      for (const op of [
        'guestCheckout',
        'registeredCheckout',
        'invoice',
        'ship',
        'refund',
        'cancel',
        'adminEdit',
        'deleteOrder',
        'abandonCart',
        'updateCart',
      ] as const) {
        expect(total(op), op).toBeGreaterThan(0)
      }
      expect(throughput).toBeGreaterThan(0)
    })

    it('wrote complete orders: items, two addresses, payment, history, grid', async () => {
      expect(await count(main, 'SELECT COUNT(*) AS n FROM sales_flat_order')).toBeGreaterThan(50)
      const lacking = (sql: string) => count(main, `SELECT COUNT(*) AS n FROM sales_flat_order o WHERE ${sql}`)
      expect(await lacking('NOT EXISTS (SELECT 1 FROM sales_flat_order_item i WHERE i.order_id = o.entity_id)')).toBe(0)
      expect(
        await lacking(
          "(SELECT COUNT(*) FROM sales_flat_order_address a WHERE a.parent_id = o.entity_id AND a.address_type IN ('billing','shipping')) <> 2",
        ),
      ).toBe(0)
      expect(
        await lacking('(SELECT COUNT(*) FROM sales_flat_order_payment p WHERE p.parent_id = o.entity_id) <> 1'),
      ).toBe(0)
      expect(
        await lacking('NOT EXISTS (SELECT 1 FROM sales_flat_order_status_history h WHERE h.parent_id = o.entity_id)'),
      ).toBe(0)
      expect(
        await lacking(
          'NOT EXISTS (SELECT 1 FROM sales_flat_order_grid g WHERE g.entity_id = o.entity_id AND g.increment_id = o.increment_id AND g.status = o.status)',
        ),
      ).toBe(0)
      expect(await lacking('o.billing_address_id IS NULL OR o.shipping_address_id IS NULL')).toBe(0)
      // quotes of placed orders are inactive and carry the order number
      expect(
        await lacking(
          'NOT EXISTS (SELECT 1 FROM sales_flat_quote qq WHERE qq.entity_id = o.quote_id AND qq.is_active = 0 AND qq.reserved_order_id = o.increment_id)',
        ),
      ).toBe(0)
      // abandoned carts stay active with items
      expect(
        await count(
          main,
          'SELECT COUNT(*) AS n FROM sales_flat_quote q WHERE q.is_active = 1 AND EXISTS (SELECT 1 FROM sales_flat_quote_item i WHERE i.quote_id = q.entity_id)',
        ),
      ).toBeGreaterThan(0)
      expect(await count(main, 'SELECT COUNT(*) AS n FROM sales_order_tax_item')).toBeGreaterThan(0)
      expect(await count(main, 'SELECT COUNT(*) AS n FROM gift_message')).toBeGreaterThan(0)
      expect(
        await count(
          main,
          "SELECT COUNT(*) AS n FROM sales_flat_order_payment WHERE method = 'ccsave' AND cc_last4 REGEXP '^[0-9]{4}$'",
        ),
      ).toBeGreaterThan(0)
    })

    it('allocated unique increment ids under concurrency, one eav_entity_store row per type and store', async () => {
      for (const t of ['sales_flat_order', 'sales_flat_invoice', 'sales_flat_shipment', 'sales_flat_creditmemo']) {
        const r = (
          await q(
            main,
            `SELECT COUNT(*) AS n, COUNT(DISTINCT increment_id) AS d, SUM(increment_id IS NULL) AS nulls FROM ${t}`,
          )
        )[0]!
        expect(Number(r['d']), t).toBe(Number(r['n']))
        expect(Number(r['nulls']), t).toBe(0)
      }
      expect(
        await count(
          main,
          'SELECT COUNT(*) AS n FROM (SELECT entity_type_id, store_id FROM eav_entity_store GROUP BY 1, 2 HAVING COUNT(*) > 1) d',
        ),
      ).toBe(0)
      const last = (
        await q(
          main,
          "SELECT s.increment_last_id AS l FROM eav_entity_store s JOIN eav_entity_type t USING (entity_type_id) WHERE t.entity_type_code = 'order'",
        )
      )[0]!
      const max = (await q(main, 'SELECT MAX(CAST(increment_id AS UNSIGNED)) AS m FROM sales_flat_order'))[0]!
      expect(BigInt(String(last['l']))).toBeGreaterThanOrEqual(BigInt(String(max['m'])))
    })

    it('every invoice, shipment and credit memo belongs to an existing order', async () => {
      for (const t of [
        'sales_flat_invoice',
        'sales_flat_shipment',
        'sales_flat_creditmemo',
        'sales_payment_transaction',
      ]) {
        expect(
          await count(
            main,
            `SELECT COUNT(*) AS n FROM ${t} x LEFT JOIN sales_flat_order o ON o.entity_id = x.order_id WHERE o.entity_id IS NULL`,
          ),
          t,
        ).toBe(0)
      }
      for (const [child, parent] of [
        ['sales_flat_invoice_item', 'sales_flat_invoice'],
        ['sales_flat_shipment_item', 'sales_flat_shipment'],
        ['sales_flat_shipment_track', 'sales_flat_shipment'],
        ['sales_flat_creditmemo_item', 'sales_flat_creditmemo'],
      ] as const) {
        expect(
          await count(
            main,
            `SELECT COUNT(*) AS n FROM ${child} c LEFT JOIN ${parent} p ON p.entity_id = c.parent_id WHERE p.entity_id IS NULL`,
          ),
          child,
        ).toBe(0)
      }
      for (const grid of ['invoice', 'shipment', 'creditmemo']) {
        expect(
          await count(
            main,
            `SELECT COUNT(*) AS n FROM sales_flat_${grid} x LEFT JOIN sales_flat_${grid}_grid g ON g.entity_id = x.entity_id AND g.order_increment_id IS NOT NULL WHERE g.entity_id IS NULL`,
          ),
          grid,
        ).toBe(0)
      }
      // order totals follow the documents
      expect(
        await count(
          main,
          'SELECT COUNT(*) AS n FROM sales_flat_order WHERE IFNULL(total_refunded, 0) > IFNULL(total_paid, 0) + 0.0001',
        ),
      ).toBe(0)
    })

    it('deleted orders left no children (the dump cascades them)', async () => {
      expect(stats.reduce((s, x) => s + x.done.deleteOrder, 0)).toBeGreaterThan(0)
      for (const [table, column] of ORDER_CASCADES) {
        const fk = await count(
          main,
          `SELECT COUNT(*) AS n FROM information_schema.REFERENTIAL_CONSTRAINTS r JOIN information_schema.KEY_COLUMN_USAGE k
           ON k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME AND k.TABLE_NAME = r.TABLE_NAME
          WHERE r.CONSTRAINT_SCHEMA = DATABASE() AND k.TABLE_NAME = ? AND k.COLUMN_NAME = ? AND k.REFERENCED_TABLE_NAME = 'sales_flat_order' AND r.DELETE_RULE = 'CASCADE'`,
          [table, column],
        )
        expect(fk, `${table}.${column} cascades`).toBe(1)
        expect(
          await count(
            main,
            `SELECT COUNT(*) AS n FROM ${table} c LEFT JOIN sales_flat_order o ON o.entity_id = c.${column} WHERE o.entity_id IS NULL`,
          ),
          table,
        ).toBe(0)
      }
      for (const [child, column, parent, key] of [
        ['sales_flat_invoice_item', 'parent_id', 'sales_flat_invoice', 'entity_id'],
        ['sales_flat_invoice_grid', 'entity_id', 'sales_flat_invoice', 'entity_id'],
        ['sales_flat_shipment_track', 'parent_id', 'sales_flat_shipment', 'entity_id'],
        ['sales_flat_creditmemo_comment', 'parent_id', 'sales_flat_creditmemo', 'entity_id'],
        ['sales_order_tax_item', 'item_id', 'sales_flat_order_item', 'item_id'],
      ] as const) {
        expect(
          await count(
            main,
            `SELECT COUNT(*) AS n FROM ${child} c LEFT JOIN ${parent} p ON p.${key} = c.${column} WHERE p.${key} IS NULL`,
          ),
          child,
        ).toBe(0)
      }
      // Magento 1 quirk, kept on purpose: sales_order_tax has no foreign key, so taxes of deleted orders stay (without tax items).
      expect(
        await count(
          main,
          'SELECT COUNT(*) AS n FROM sales_order_tax t LEFT JOIN sales_flat_order o ON o.entity_id = t.order_id JOIN sales_order_tax_item ti ON ti.tax_id = t.tax_id WHERE o.entity_id IS NULL',
        ),
      ).toBe(0)
    })

    it('serialized fields are real PHP serialize() strings (UTF-8 byte lengths)', async () => {
      for (const [table, column] of SERIALIZED) {
        const values = await q(main, `SELECT \`${column}\` AS v FROM ${table} WHERE \`${column}\` IS NOT NULL`)
        expect(values.length, `${table}.${column}`).toBeGreaterThan(0)
        for (const r of values) {
          const v = Buffer.isBuffer(r['v']) ? r['v'].toString('utf8') : String(r['v'])
          expect(isPhpSerialized(v), `${table}.${column}: ${v.slice(0, 120)}`).toBe(true)
        }
      }
      const options = await q(
        main,
        "SELECT value AS v FROM sales_flat_quote_item_option WHERE code = 'info_buyRequest'",
      )
      expect(options.length).toBeGreaterThan(0)
      for (const r of options) expect(isPhpSerialized(String(r['v']))).toBe(true)
      // multibyte content really is inside serialized values
      expect(
        await count(main, "SELECT COUNT(*) AS n FROM sales_flat_order_item WHERE product_options LIKE '%刻印%'"),
      ).toBeGreaterThan(0)
    })

    it('wrote varied data: unicode, 20 KB comments, zero dates, NULLs', async () => {
      expect(
        await count(
          main,
          "SELECT COUNT(*) AS n FROM sales_flat_order_address WHERE firstname IN ('Zoë', '美咲', 'Ивана') OR lastname = '東京'",
        ),
      ).toBeGreaterThan(0)
      expect(
        await count(main, 'SELECT COUNT(*) AS n FROM sales_flat_order_status_history WHERE LENGTH(comment) >= 20480'),
      ).toBeGreaterThan(0)
      expect(
        await count(main, "SELECT COUNT(*) AS n FROM sales_flat_order WHERE customer_dob = '0000-00-00 00:00:00'"),
      ).toBeGreaterThan(0)
      expect(
        await count(
          main,
          "SELECT COUNT(*) AS n FROM sales_flat_quote_shipping_rate WHERE updated_at = '0000-00-00 00:00:00'",
        ),
      ).toBeGreaterThan(0)
      expect(
        await count(
          main,
          'SELECT COUNT(*) AS n FROM sales_flat_order WHERE customer_id IS NULL AND customer_is_guest = 1',
        ),
      ).toBeGreaterThan(0)
      expect(
        await count(
          main,
          "SELECT COUNT(*) AS n FROM sales_flat_order WHERE state IN ('complete', 'closed', 'canceled', 'holded')",
        ),
      ).toBeGreaterThan(0)
    })

    it('is deterministic: the same seed on a fresh database gives the same rows', async () => {
      const runs: { counts: Record<string, number>; increments: string[]; checksums: Record<string, string> }[] = []
      for (const n of [1, 2]) {
        const name = `${base}_det${n}`
        await loadDump(name)
        const c = await connect(name)
        await runWriter({ connection: c, seed: 4242, operations: 150 })
        const increments = (await q(c, 'SELECT increment_id FROM sales_flat_order ORDER BY entity_id')).map((r) =>
          String(r['increment_id']),
        )
        const checksums: Record<string, string> = {}
        for (const t of SALES_TABLES) checksums[t] = String((await q(c, `CHECKSUM TABLE \`${t}\``))[0]?.['Checksum'])
        runs.push({ counts: await rowCounts(c), increments, checksums })
      }
      expect(runs[0]!.increments.length).toBeGreaterThan(20)
      expect(runs[1]!.counts).toEqual(runs[0]!.counts)
      expect(runs[1]!.increments).toEqual(runs[0]!.increments)
      expect(runs[1]!.checksums).toEqual(runs[0]!.checksums)
    })

    it('honours a table prefix', async () => {
      const name = `${base}_pfx`
      await loadDump(name)
      const c = await connect(name)
      const tables = (
        await q(
          c,
          "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'",
        )
      ).map((r) => String(r['t']))
      await c.query(`RENAME TABLE ${tables.map((t) => `\`${t}\` TO \`magev1_${t}\``).join(', ')}`)
      const s = await runWriter({ connection: c, seed: 7, tablePrefix: 'magev1_', operations: 60 })
      expect(s.warnings).toEqual([])
      expect(s.done.guestCheckout + s.done.registeredCheckout).toBeGreaterThan(0)
      expect(await count(c, 'SELECT COUNT(*) AS n FROM magev1_sales_flat_order')).toBeGreaterThan(0)
      expect(await count(c, 'SELECT COUNT(*) AS n FROM magev1_sales_flat_order_grid')).toBe(
        await count(c, 'SELECT COUNT(*) AS n FROM magev1_sales_flat_order'),
      )
      await expect(runWriter({ connection: c, seed: 7, operations: 1 })).rejects.toThrow(/not a Magento 1 database/)
    })
  },
  [MAGENTO1_DUMP],
)

// ---------------------------------------------------------------------------------------------
// Customer operations (CUSTOMER_MIX) against the Magento 1.7 dump (or the schema subset).
// ---------------------------------------------------------------------------------------------
const BACKEND_TYPES = ['datetime', 'decimal', 'int', 'text', 'varchar'] as const
const EAV_ENTITIES = [
  ['customer_entity', 'customer'],
  ['customer_address_entity', 'customer_address'],
] as const
const CUSTOMER_TABLES = [
  ...EAV_ENTITIES.flatMap(([table]) => [table, ...BACKEND_TYPES.map((b) => `${table}_${b}`)]),
  'newsletter_subscriber',
  'wishlist',
  'wishlist_item',
  'wishlist_item_option',
  'sales_flat_order',
] as const

/** Explicit DELETEs of EAV value rows, logged by triggers (foreign-key cascades fire no trigger). */
async function logValueDeletes(c: Connection): Promise<void> {
  await c.query(
    'CREATE TABLE t_value_deletes (tbl VARCHAR(64) NOT NULL, attribute_id INT NOT NULL, entity_id INT NOT NULL)',
  )
  for (const [table] of EAV_ENTITIES) {
    for (const b of BACKEND_TYPES) {
      const t = `${table}_${b}`
      await c.query(
        `CREATE TRIGGER \`t_del_${t}\` AFTER DELETE ON \`${t}\` FOR EACH ROW INSERT INTO t_value_deletes VALUES ('${t}', OLD.attribute_id, OLD.entity_id)`,
      )
    }
  }
}

describeWithFixtures(
  'Magento 1 writer: customer operations on the 1.7 dump',
  () => {
    // A seed whose run resets a password from an e-mailed token (a "forgot", later a "reset" of the same customer)
    // on the real dump and on the schema subset alike (seed 11 gets there only on the dump).
    const SEED = 12
    const OPS = 400
    const name = `${base}_cust`
    let c: Connection
    let stats: WriterStats
    const done = (k: keyof WriterStats['done']): number => stats.done[k]

    beforeAll(async () => {
      await loadDump(name)
      c = await connect(name)
      await logValueDeletes(c)
      const t0 = Date.now()
      stats = await runWriter({ connection: c, seed: SEED, operations: OPS, mix: CUSTOMER_MIX })
      const ops = Object.entries(stats.done)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')
      const skipped = Object.entries(stats.skipped)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')
      console.log(
        `customer writer: ${OPS} ops in ${((Date.now() - t0) / 1000).toFixed(1)} s; done: ${ops}; skipped: ${skipped || 'none'}`,
      )
    })

    afterAll(async () => {
      for (const conn of open.splice(0)) await conn.end().catch(() => undefined)
      const admin = await mysql.createConnection(db)
      for (const d of created.splice(0)) await admin.query(`DROP DATABASE IF EXISTS \`${d}\``)
      await admin.end()
    })

    it('ran every customer operation and reported no schema surprise', () => {
      expect(stats.executed).toBe(OPS)
      expect(stats.warnings).toEqual([])
      expect(stats.missingColumns).toEqual({})
      for (const op of Object.keys(CUSTOMER_MIX) as (keyof WriterStats['done'])[])
        expect(done(op), op).toBeGreaterThan(0)
    })

    it('wrote customers the way Magento 1 registers them', async () => {
      const mine = `c${SEED}-%`
      // Registered minus deleted; e-mail edits keep the writer's prefix.
      expect(await count(c, 'SELECT COUNT(*) AS n FROM customer_entity WHERE email LIKE ?', [mine])).toBe(
        done('registerCustomer') - done('deleteCustomer'),
      )
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM (SELECT email, website_id FROM customer_entity GROUP BY 1, 2 HAVING COUNT(*) > 1) d',
        ),
      ).toBe(0)
      const lacking = (code: string) =>
        count(
          c,
          `SELECT COUNT(*) AS n FROM customer_entity e WHERE e.email LIKE ? AND NOT EXISTS (
           SELECT 1 FROM customer_entity_varchar v JOIN eav_attribute a ON a.attribute_id = v.attribute_id
            WHERE v.entity_id = e.entity_id AND a.attribute_code = ?)`,
          [mine, code],
        )
      for (const code of ['firstname', 'lastname', 'password_hash', 'created_in'])
        expect(await lacking(code), code).toBe(0)
      const values = async (code: string) =>
        (
          await q(
            c,
            `SELECT CAST(v.value AS CHAR) AS v FROM customer_entity e
             JOIN eav_attribute a ON a.entity_type_id = e.entity_type_id AND a.attribute_code = ?
             JOIN customer_entity_${code === 'dob' || code === 'rp_token_created_at' ? 'datetime' : code === 'gender' ? 'int' : 'varchar'} v
               ON v.entity_id = e.entity_id AND v.attribute_id = a.attribute_id
            WHERE e.email LIKE ?`,
            [code, mine],
          )
        ).map((r) => String(r['v']))
      const hashes = await values('password_hash')
      expect(hashes.length).toBeGreaterThan(0)
      for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{32}:[A-Za-z0-9]{2}$/)
      const dobs = await values('dob')
      expect(dobs.length).toBeGreaterThan(0)
      for (const d of dobs) expect(d).toMatch(/^\d{4}-\d\d-\d\d 00:00:00$/)
      const genders = await values('gender')
      expect(genders.length).toBeGreaterThan(0)
      const options = (
        await q(
          c,
          "SELECT o.option_id AS id FROM eav_attribute_option o JOIN eav_attribute a USING (attribute_id) WHERE a.attribute_code = 'gender'",
        )
      ).map((r) => String(r['id']))
      for (const g of genders) expect(options).toContain(g)
      expect((await values('rp_token')).length).toBeGreaterThan(0)
      expect(
        await count(c, 'SELECT COUNT(*) AS n FROM customer_entity WHERE email LIKE ? AND (created_at <> updated_at)', [
          mine,
        ]),
      ).toBeGreaterThan(0)
      // Magento 1 leaves attribute_set_id at 0 on customers and addresses (as in the dump).
      expect(await count(c, 'SELECT COUNT(*) AS n FROM customer_entity WHERE attribute_set_id <> 0')).toBe(0)
      expect(
        await count(
          c,
          "SELECT COUNT(*) AS n FROM customer_entity_varchar WHERE value IN ('Zoë', '美咲', 'Ивана', 'Ørsted', '東京', 'Łukasz')",
        ),
      ).toBeGreaterThan(0)
    })

    it('every EAV value row references an existing entity and an attribute of its entity type and backend type', async () => {
      for (const [table, typeCode] of EAV_ENTITIES) {
        expect(await count(c, `SELECT COUNT(*) AS n FROM ${table}_varchar`), table).toBeGreaterThan(0)
        for (const b of BACKEND_TYPES) {
          const t = `${table}_${b}`
          expect(
            await count(
              c,
              `SELECT COUNT(*) AS n FROM ${t} v LEFT JOIN ${table} e ON e.entity_id = v.entity_id WHERE e.entity_id IS NULL`,
            ),
            `${t} orphans`,
          ).toBe(0)
          expect(
            await count(
              c,
              `SELECT COUNT(*) AS n FROM ${t} v
               LEFT JOIN eav_attribute a ON a.attribute_id = v.attribute_id
               LEFT JOIN eav_entity_type et ON et.entity_type_id = a.entity_type_id
              WHERE a.attribute_id IS NULL OR et.entity_type_code <> ? OR a.backend_type <> ? OR v.entity_type_id <> a.entity_type_id`,
              [typeCode, b],
            ),
            `${t} attributes`,
          ).toBe(0)
        }
      }
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM customer_address_entity a LEFT JOIN customer_entity e ON e.entity_id = a.parent_id WHERE e.entity_id IS NULL',
        ),
      ).toBe(0)
    })

    it('addresses carry the required values, regions from the directory, multi-line streets', async () => {
      expect(await count(c, 'SELECT COUNT(*) AS n FROM customer_address_entity')).toBeGreaterThan(0)
      for (const [code, b] of [
        ['firstname', 'varchar'],
        ['lastname', 'varchar'],
        ['street', 'text'],
        ['city', 'varchar'],
        ['country_id', 'varchar'],
        ['postcode', 'varchar'],
        ['telephone', 'varchar'],
        ['region_id', 'int'],
      ] as const) {
        expect(
          await count(
            c,
            `SELECT COUNT(*) AS n FROM customer_address_entity ad WHERE NOT EXISTS (
             SELECT 1 FROM customer_address_entity_${b} v JOIN eav_attribute a ON a.attribute_id = v.attribute_id
              WHERE v.entity_id = ad.entity_id AND a.attribute_code = ?)`,
            [code],
          ),
          code,
        ).toBe(0)
      }
      const regions = await q(
        c,
        `SELECT ri.value AS region_id, cv.value AS country, rv.value AS region
         FROM customer_address_entity_int ri
         JOIN eav_attribute a ON a.attribute_id = ri.attribute_id AND a.attribute_code = 'region_id'
         JOIN customer_address_entity_varchar cv ON cv.entity_id = ri.entity_id
         JOIN eav_attribute ca ON ca.attribute_id = cv.attribute_id AND ca.attribute_code = 'country_id'
         LEFT JOIN customer_address_entity_varchar rv ON rv.entity_id = ri.entity_id
              AND rv.attribute_id = (SELECT attribute_id FROM eav_attribute WHERE attribute_code = 'region' AND entity_type_id = a.entity_type_id)`,
      )
      const directory = new Map(
        (await q(c, 'SELECT region_id, country_id, default_name FROM directory_country_region')).map((r) => [
          String(r['region_id']),
          r,
        ]),
      )
      let withRegion = 0
      for (const r of regions) {
        if (String(r['region_id']) === '0') {
          expect(
            await count(c, 'SELECT COUNT(*) AS n FROM directory_country_region WHERE country_id = ?', [
              String(r['country']),
            ]),
          ).toBe(0)
          continue
        }
        withRegion++
        const d = directory.get(String(r['region_id']))
        expect(d?.['country_id']).toBe(String(r['country']))
        expect(String(r['region'])).toBe(String(d?.['default_name']))
      }
      expect(withRegion).toBeGreaterThan(0)
      expect(
        await count(c, "SELECT COUNT(*) AS n FROM customer_address_entity_text WHERE value LIKE '%\n%'"),
      ).toBeGreaterThan(0)
    })

    it('default_billing / default_shipping point to addresses of the same customer', async () => {
      const defaults = `SELECT v.entity_id, v.value FROM customer_entity_int v JOIN eav_attribute a ON a.attribute_id = v.attribute_id
                       WHERE a.attribute_code IN ('default_billing', 'default_shipping')`
      expect(await count(c, `SELECT COUNT(*) AS n FROM (${defaults}) d`)).toBeGreaterThan(0)
      expect(
        await count(
          c,
          `SELECT COUNT(*) AS n FROM (${defaults}) d LEFT JOIN customer_address_entity ad ON ad.entity_id = d.value AND ad.parent_id = d.entity_id WHERE ad.entity_id IS NULL`,
        ),
      ).toBe(0)
    })

    it('edits deleted the value rows of emptied fields', async () => {
      const deleted = async (table: string, codes: readonly string[]) =>
        count(
          c,
          `SELECT COUNT(*) AS n FROM t_value_deletes d JOIN eav_attribute a ON a.attribute_id = d.attribute_id WHERE d.tbl LIKE ? AND a.attribute_code IN (${codes.map(() => '?').join(', ')})`,
          [`${table}\\_%`, ...codes],
        )
      expect(
        await deleted('customer_entity', ['middlename', 'prefix', 'suffix', 'dob', 'gender', 'taxvat']),
      ).toBeGreaterThan(0)
      expect(await deleted('customer_entity', ['rp_token', 'rp_token_created_at'])).toBeGreaterThan(0)
      expect(
        await deleted('customer_address_entity', ['company', 'fax', 'middlename', 'prefix', 'vat_id']),
      ).toBeGreaterThan(0)
    })

    it('wishlists hold items whose options carry a PHP-serialized info_buyRequest', async () => {
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM wishlist w LEFT JOIN customer_entity e ON e.entity_id = w.customer_id WHERE e.entity_id IS NULL',
        ),
      ).toBe(0)
      expect(await count(c, "SELECT COUNT(*) AS n FROM wishlist WHERE sharing_code NOT REGEXP '^[0-9a-f]{32}$'")).toBe(
        0,
      )
      expect(await count(c, 'SELECT COUNT(*) AS n FROM wishlist_item')).toBeGreaterThan(0)
      expect(
        await count(
          c,
          "SELECT COUNT(*) AS n FROM wishlist_item i WHERE NOT EXISTS (SELECT 1 FROM wishlist_item_option o WHERE o.wishlist_item_id = i.wishlist_item_id AND o.code = 'info_buyRequest')",
        ),
      ).toBe(0)
      const requests = await q(
        c,
        "SELECT o.value AS v, o.product_id AS p, i.product_id AS ip FROM wishlist_item_option o JOIN wishlist_item i USING (wishlist_item_id) WHERE o.code = 'info_buyRequest'",
      )
      for (const r of requests) {
        const v = String(r['v'])
        expect(isPhpSerialized(v), v).toBe(true)
        const req = phpUnserialize(v) as Map<string | number, unknown>
        expect(String(req.get('product'))).toBe(String(r['ip']))
        expect(String(r['p'])).toBe(String(r['ip']))
      }
      expect(
        await count(
          c,
          "SELECT COUNT(*) AS n FROM wishlist_item_option WHERE code = 'option_ids' AND value REGEXP '^[0-9]+(,[0-9]+)*$'",
        ),
      ).toBeGreaterThan(0)
      expect(await count(c, 'SELECT COUNT(*) AS n FROM wishlist_item WHERE description IS NOT NULL')).toBeGreaterThan(0)
    })

    it('newsletter subscriptions: subscribed and unsubscribed, customers and guests', async () => {
      expect(
        await count(c, 'SELECT COUNT(*) AS n FROM newsletter_subscriber WHERE subscriber_status = 1'),
      ).toBeGreaterThan(0)
      expect(
        await count(c, 'SELECT COUNT(*) AS n FROM newsletter_subscriber WHERE subscriber_status = 3'),
      ).toBeGreaterThan(0)
      expect(await count(c, 'SELECT COUNT(*) AS n FROM newsletter_subscriber WHERE customer_id = 0')).toBeGreaterThan(0)
      expect(await count(c, 'SELECT COUNT(*) AS n FROM newsletter_subscriber WHERE customer_id <> 0')).toBeGreaterThan(
        0,
      )
      expect(
        await count(
          c,
          "SELECT COUNT(*) AS n FROM newsletter_subscriber WHERE subscriber_confirm_code NOT REGEXP '^[a-z0-9]{32}$'",
        ),
      ).toBe(0)
      // The delete observer removed subscriptions of deleted customers; e-mails follow profile edits.
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM newsletter_subscriber s LEFT JOIN customer_entity e ON e.entity_id = s.customer_id WHERE s.customer_id <> 0 AND (e.entity_id IS NULL OR e.email <> s.subscriber_email)',
        ),
      ).toBe(0)
    })

    it('registered orders reference existing customers, or NULL once the customer is deleted', async () => {
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM sales_flat_order o LEFT JOIN customer_entity e ON e.entity_id = o.customer_id WHERE o.customer_id IS NOT NULL AND e.entity_id IS NULL',
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM sales_flat_order o JOIN customer_entity e ON e.entity_id = o.customer_id WHERE e.email LIKE ?',
          [`c${SEED}-%`],
        ),
      ).toBeGreaterThan(0)
      // Orders of deleted customers stay, customer_id set to NULL by the foreign key (seeded run: there are some).
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM sales_flat_order WHERE customer_is_guest = 0 AND customer_id IS NULL',
        ),
      ).toBeGreaterThan(0)
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM sales_flat_order_grid WHERE customer_id IS NOT NULL AND customer_id NOT IN (SELECT entity_id FROM customer_entity)',
        ),
      ).toBe(0)
    })

    it('is deterministic: the same seed on a fresh database gives the same customer tables', async () => {
      const other = `${base}_cust_det`
      await loadDump(other)
      const c2 = await connect(other)
      await logValueDeletes(c2)
      const s2 = await runWriter({ connection: c2, seed: SEED, operations: OPS, mix: CUSTOMER_MIX })
      expect(s2.done).toEqual(stats.done)
      for (const t of CUSTOMER_TABLES) {
        expect(await count(c2, `SELECT COUNT(*) AS n FROM ${t}`), t).toBe(
          await count(c, `SELECT COUNT(*) AS n FROM ${t}`),
        )
        const sum = async (conn: Connection) => String((await q(conn, `CHECKSUM TABLE \`${t}\``))[0]?.['Checksum'])
        expect(await sum(c2), t).toBe(await sum(c))
      }
    })

    it('honours a table prefix', async () => {
      const pfx = `${base}_cust_pfx`
      await loadDump(pfx)
      const cp = await connect(pfx)
      const tables = (
        await q(
          cp,
          "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'",
        )
      ).map((r) => String(r['t']))
      await cp.query(`RENAME TABLE ${tables.map((t) => `\`${t}\` TO \`magev1_${t}\``).join(', ')}`)
      const s = await runWriter({
        connection: cp,
        seed: SEED,
        tablePrefix: 'magev1_',
        operations: 150,
        mix: CUSTOMER_MIX,
      })
      expect(s.warnings).toEqual([])
      expect(s.missingColumns).toEqual({})
      expect(s.done.registerCustomer).toBeGreaterThan(0)
      expect(
        await count(cp, 'SELECT COUNT(*) AS n FROM magev1_customer_entity WHERE email LIKE ?', [`c${SEED}-%`]),
      ).toBe(s.done.registerCustomer - s.done.deleteCustomer)
      expect(await count(cp, 'SELECT COUNT(*) AS n FROM magev1_wishlist_item_option')).toBeGreaterThan(0)
    })

    it('three writers at once on separate connections', async () => {
      const name3 = `${base}_cust_3w`
      await loadDump(name3)
      const main3 = await connect(name3)
      const writers = await Promise.all([1, 2, 3].map(() => connect(name3)))
      const all = await Promise.all(
        writers.map((connection, i) => runWriter({ connection, seed: 21 + i, operations: 150, mix: CUSTOMER_MIX })),
      )
      console.log(
        `customer writer: 3 connections × 150 ops, retries ${all.reduce((n, s) => n + s.retries, 0)}, deletes ${all.reduce((n, s) => n + s.done.deleteCustomer, 0)}`,
      )
      for (const s of all) {
        expect(s.executed).toBe(150)
        expect(s.warnings).toEqual([])
      }
      expect(all.reduce((n, s) => n + s.done.registerCustomer, 0)).toBeGreaterThan(0)
      expect(
        await count(
          main3,
          'SELECT COUNT(*) AS n FROM (SELECT email, website_id FROM customer_entity GROUP BY 1, 2 HAVING COUNT(*) > 1) d',
        ),
      ).toBe(0)
      expect(
        await count(
          main3,
          'SELECT COUNT(*) AS n FROM sales_flat_order o LEFT JOIN customer_entity e ON e.entity_id = o.customer_id WHERE o.customer_id IS NOT NULL AND e.entity_id IS NULL',
        ),
      ).toBe(0)
      expect(
        await count(
          main3,
          `SELECT COUNT(*) AS n FROM customer_entity_int v JOIN eav_attribute a ON a.attribute_id = v.attribute_id AND a.attribute_code IN ('default_billing', 'default_shipping')
           LEFT JOIN customer_address_entity ad ON ad.entity_id = v.value AND ad.parent_id = v.entity_id WHERE ad.entity_id IS NULL`,
        ),
      ).toBe(0)
    })
  },
  [MAGENTO1_DUMP],
)

// ---------------------------------------------------------------------------------------------
// Catalog admin and review operations (CATALOG_MIX) against the Magento 1.7 dump (or the schema subset).
// ---------------------------------------------------------------------------------------------
const CATALOG_EAV = [
  ['catalog_product_entity', 'catalog_product'],
  ['catalog_category_entity', 'catalog_category'],
] as const
/** Product structures the admin operations write (images, custom options, links, configurable and bundle products). */
const PRODUCT_STRUCTURE_TABLES = [
  'catalog_product_entity_media_gallery',
  'catalog_product_entity_media_gallery_value',
  'catalog_product_option',
  'catalog_product_option_title',
  'catalog_product_option_price',
  'catalog_product_option_type_value',
  'catalog_product_option_type_title',
  'catalog_product_option_type_price',
  'catalog_product_link',
  'catalog_product_link_attribute_int',
  'catalog_product_link_attribute_decimal',
  'catalog_product_super_attribute',
  'catalog_product_super_attribute_label',
  'catalog_product_super_link',
  'catalog_product_relation',
  'catalog_product_bundle_option',
  'catalog_product_bundle_option_value',
  'catalog_product_bundle_selection',
] as const
/** Every child → parent reference of those structures (a product delete must leave none dangling). */
const STRUCTURE_REFERENCES: ReadonlyArray<readonly [table: string, column: string, parent: string, key: string]> = [
  ['catalog_product_entity_media_gallery', 'entity_id', 'catalog_product_entity', 'entity_id'],
  ['catalog_product_entity_media_gallery_value', 'value_id', 'catalog_product_entity_media_gallery', 'value_id'],
  ['catalog_product_option', 'product_id', 'catalog_product_entity', 'entity_id'],
  ['catalog_product_option_title', 'option_id', 'catalog_product_option', 'option_id'],
  ['catalog_product_option_price', 'option_id', 'catalog_product_option', 'option_id'],
  ['catalog_product_option_type_value', 'option_id', 'catalog_product_option', 'option_id'],
  ['catalog_product_option_type_title', 'option_type_id', 'catalog_product_option_type_value', 'option_type_id'],
  ['catalog_product_option_type_price', 'option_type_id', 'catalog_product_option_type_value', 'option_type_id'],
  ['catalog_product_link', 'product_id', 'catalog_product_entity', 'entity_id'],
  ['catalog_product_link', 'linked_product_id', 'catalog_product_entity', 'entity_id'],
  ['catalog_product_link_attribute_int', 'link_id', 'catalog_product_link', 'link_id'],
  ['catalog_product_link_attribute_decimal', 'link_id', 'catalog_product_link', 'link_id'],
  ['catalog_product_super_attribute', 'product_id', 'catalog_product_entity', 'entity_id'],
  [
    'catalog_product_super_attribute_label',
    'product_super_attribute_id',
    'catalog_product_super_attribute',
    'product_super_attribute_id',
  ],
  ['catalog_product_super_link', 'product_id', 'catalog_product_entity', 'entity_id'],
  ['catalog_product_super_link', 'parent_id', 'catalog_product_entity', 'entity_id'],
  ['catalog_product_relation', 'parent_id', 'catalog_product_entity', 'entity_id'],
  ['catalog_product_relation', 'child_id', 'catalog_product_entity', 'entity_id'],
  ['catalog_product_bundle_option', 'parent_id', 'catalog_product_entity', 'entity_id'],
  ['catalog_product_bundle_option_value', 'option_id', 'catalog_product_bundle_option', 'option_id'],
  ['catalog_product_bundle_selection', 'option_id', 'catalog_product_bundle_option', 'option_id'],
  ['catalog_product_bundle_selection', 'parent_product_id', 'catalog_product_entity', 'entity_id'],
  ['catalog_product_bundle_selection', 'product_id', 'catalog_product_entity', 'entity_id'],
  ['cataloginventory_stock_item', 'product_id', 'catalog_product_entity', 'entity_id'],
  ['catalog_product_website', 'product_id', 'catalog_product_entity', 'entity_id'],
]
const orphans = (
  c: Connection,
  [table, column, parent, key]: readonly [string, string, string, string],
): Promise<number> =>
  count(
    c,
    `SELECT COUNT(*) AS n FROM ${table} x LEFT JOIN ${parent} p ON p.${key} = x.${column} WHERE p.${key} IS NULL`,
  )

const CATALOG_TABLES = [
  ...CATALOG_EAV.flatMap(([table]) => [table, ...BACKEND_TYPES.map((b) => `${table}_${b}`)]),
  'catalog_product_website',
  'catalog_category_product',
  'cataloginventory_stock_item',
  'catalog_product_entity_tier_price',
  'catalog_product_entity_group_price',
  'review',
  'review_detail',
  'review_store',
  'rating_store',
  'rating_option_vote',
  'rating_option_vote_aggregated',
  'review_entity_summary',
  ...PRODUCT_STRUCTURE_TABLES,
  'eav_attribute_option',
  'eav_attribute_option_value',
  'eav_entity_attribute',
] as const

describeWithFixtures(
  'Magento 1 writer: catalog and review operations on the 1.7 dump',
  () => {
    const SEED = 31
    const OPS = 300
    const name = `${base}_cat`
    let c: Connection
    let stats: WriterStats
    const done = (k: keyof WriterStats['done']): number => stats.done[k]
    const mine = `W${SEED}-P%`
    // mig's schema subset has no rating_store: there every rating counts as visible in every store.
    let tables = new Set<string>()
    let categoriesBefore = 0
    const ratingStoreJoin = (vote: string, store: string): string =>
      tables.has('rating_store')
        ? `JOIN rating_store rs ON rs.rating_id = ${vote}.rating_id AND rs.store_id = ${store}.store_id`
        : ''

    beforeAll(async () => {
      await loadDump(name)
      c = await connect(name)
      tables = new Set(
        (await q(c, 'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()')).map((r) =>
          String(r['t']),
        ),
      )
      categoriesBefore = await count(c, 'SELECT COALESCE(MAX(entity_id), 0) AS n FROM catalog_category_entity')
      const t0 = Date.now()
      stats = await runWriter({ connection: c, seed: SEED, operations: OPS, mix: CATALOG_MIX })
      const ops = Object.entries(stats.done)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')
      const skipped = Object.entries(stats.skipped)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')
      console.log(
        `catalog writer: ${OPS} ops in ${((Date.now() - t0) / 1000).toFixed(1)} s; done: ${ops}; skipped: ${skipped || 'none'}`,
      )
    })

    afterAll(async () => {
      for (const conn of open.splice(0)) await conn.end().catch(() => undefined)
      const admin = await mysql.createConnection(db)
      for (const d of created.splice(0)) await admin.query(`DROP DATABASE IF EXISTS \`${d}\``)
      await admin.end()
    })

    it('ran every catalog operation and reported no schema surprise', () => {
      expect(stats.executed).toBe(OPS)
      expect(stats.warnings).toEqual([])
      expect(stats.missingColumns).toEqual({})
      for (const op of Object.keys(CATALOG_MIX) as (keyof WriterStats['done'])[])
        expect(done(op), op).toBeGreaterThan(0)
    })

    it('created, edited and deleted products the way the admin saves them', async () => {
      const product = (
        await q(
          c,
          "SELECT entity_type_id AS t, default_attribute_set_id AS s FROM eav_entity_type WHERE entity_type_code = 'catalog_product'",
        )
      )[0]
      // A configurable brings 1-3 simple children, a bundle only itself; deletes take simples and composites alike.
      const created = done('adminCreateProduct') + done('adminBundleProduct')
      const mineNow = await count(c, 'SELECT COUNT(*) AS n FROM catalog_product_entity WHERE sku LIKE ?', [mine])
      expect(mineNow).toBeGreaterThanOrEqual(
        created + 2 * done('adminConfigurableProduct') - done('adminDeleteProduct'),
      )
      expect(mineNow).toBeLessThanOrEqual(created + 4 * done('adminConfigurableProduct') - done('adminDeleteProduct'))
      expect(
        await count(
          c,
          "SELECT COUNT(*) AS n FROM catalog_product_entity WHERE sku LIKE ? AND (type_id NOT IN ('simple', 'configurable', 'bundle') OR entity_type_id <> ? OR attribute_set_id <> ?)",
          [mine, product?.['t'], product?.['s']],
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM (SELECT sku FROM catalog_product_entity GROUP BY sku HAVING COUNT(*) > 1) d',
        ),
      ).toBe(0)
      const lacking = (code: string, b: string, types: string) =>
        count(
          c,
          `SELECT COUNT(*) AS n FROM catalog_product_entity e WHERE e.sku LIKE ? AND FIND_IN_SET(e.type_id, ?) AND NOT EXISTS (
           SELECT 1 FROM catalog_product_entity_${b} v JOIN eav_attribute a ON a.attribute_id = v.attribute_id
            WHERE v.entity_id = e.entity_id AND v.store_id = 0 AND a.attribute_code = ? AND a.entity_type_id = e.entity_type_id)`,
          [mine, types, code],
        )
      // Weight applies to simples (and fixed-weight bundles), price to all but dynamic-price bundles.
      const all = 'simple,configurable,bundle'
      for (const [code, b, types] of [
        ['name', 'varchar', all],
        ['url_key', 'varchar', all],
        ['price', 'decimal', 'simple,configurable'],
        ['weight', 'decimal', 'simple'],
        ['status', 'int', all],
        ['visibility', 'int', all],
        ['tax_class_id', 'int', all],
        ['description', 'text', all],
        ['price_type', 'int', 'bundle'],
        ['sku_type', 'int', 'bundle'],
        ['weight_type', 'int', 'bundle'],
        ['shipment_type', 'int', 'bundle'],
        ['price_view', 'int', 'bundle'],
      ] as const) {
        expect(await lacking(code, b, types), code).toBe(0)
      }
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM catalog_product_entity e WHERE e.sku LIKE ? AND NOT EXISTS (SELECT 1 FROM catalog_product_website w WHERE w.product_id = e.entity_id)',
          [mine],
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM catalog_product_entity_datetime v JOIN catalog_product_entity e USING (entity_id) WHERE e.sku LIKE ?',
          [mine],
        ),
      ).toBeGreaterThan(0)
      // Edits: updated_at moved, store-view overrides written next to store-0 values.
      expect(
        await count(c, 'SELECT COUNT(*) AS n FROM catalog_product_entity WHERE updated_at > created_at'),
      ).toBeGreaterThan(0)
      const views = (await q(c, 'SELECT store_id FROM core_store WHERE store_id > 0')).map((r) => String(r['store_id']))
      for (const b of BACKEND_TYPES) {
        expect(
          await count(
            c,
            `SELECT COUNT(*) AS n FROM catalog_product_entity_${b} WHERE store_id NOT IN (0, ${views.join(', ')})`,
          ),
          b,
        ).toBe(0)
      }
      expect(
        await count(
          c,
          `SELECT COUNT(*) AS n FROM catalog_product_entity_varchar v JOIN eav_attribute a USING (attribute_id) WHERE a.attribute_code = 'name' AND v.store_id > 0`,
        ),
      ).toBeGreaterThan(0)
    })

    it('every catalog value row references an existing entity and an attribute of its entity type and backend type', async () => {
      for (const [table, typeCode] of CATALOG_EAV) {
        for (const b of BACKEND_TYPES) {
          const t = `${table}_${b}`
          expect(
            await count(
              c,
              `SELECT COUNT(*) AS n FROM ${t} v LEFT JOIN ${table} e ON e.entity_id = v.entity_id WHERE e.entity_id IS NULL`,
            ),
            `${t} orphans`,
          ).toBe(0)
          expect(
            await count(
              c,
              `SELECT COUNT(*) AS n FROM ${t} v
               LEFT JOIN eav_attribute a ON a.attribute_id = v.attribute_id
               LEFT JOIN eav_entity_type et ON et.entity_type_id = a.entity_type_id
              WHERE a.attribute_id IS NULL OR et.entity_type_code <> ? OR a.backend_type <> ? OR v.entity_type_id <> a.entity_type_id`,
              [typeCode, b],
            ),
            `${t} attributes`,
          ).toBe(0)
        }
      }
      for (const [t, col] of [
        ['catalog_product_website', 'product_id'],
        ['catalog_category_product', 'product_id'],
        ['cataloginventory_stock_item', 'product_id'],
        ['catalog_product_entity_tier_price', 'entity_id'],
        ['catalog_product_entity_group_price', 'entity_id'],
      ] as const) {
        expect(
          await count(
            c,
            `SELECT COUNT(*) AS n FROM ${t} x LEFT JOIN catalog_product_entity e ON e.entity_id = x.${col} WHERE e.entity_id IS NULL`,
          ),
          t,
        ).toBe(0)
      }
    })

    it('stock items, tier prices (decimal qty) and group prices', async () => {
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM catalog_product_entity e WHERE e.sku LIKE ? AND NOT EXISTS (SELECT 1 FROM cataloginventory_stock_item s WHERE s.product_id = e.entity_id AND s.stock_id = 1)',
          [mine],
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          "SELECT COUNT(*) AS n FROM cataloginventory_stock_item s JOIN catalog_product_entity e ON e.entity_id = s.product_id WHERE e.type_id = 'simple' AND s.is_in_stock = 1 AND s.qty <= 0",
        ),
      ).toBe(0)
      // Types without qty (configurable, bundle): qty 0, in stock as posted, no low-stock date.
      expect(
        await count(
          c,
          "SELECT COUNT(*) AS n FROM cataloginventory_stock_item s JOIN catalog_product_entity e ON e.entity_id = s.product_id WHERE e.type_id IN ('configurable', 'bundle') AND (s.qty <> 0 OR s.is_in_stock <> 1 OR s.low_stock_date IS NOT NULL)",
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM cataloginventory_stock_item WHERE qty = 0 AND low_stock_date IS NOT NULL',
        ),
      ).toBeGreaterThan(0)
      expect(
        await count(c, 'SELECT COUNT(*) AS n FROM catalog_product_entity_tier_price WHERE qty <> FLOOR(qty)'),
      ).toBeGreaterThan(0)
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM catalog_product_entity_tier_price WHERE all_groups = 1 AND customer_group_id <> 0',
        ),
      ).toBe(0)
      expect(
        await count(c, 'SELECT COUNT(*) AS n FROM catalog_product_entity_tier_price WHERE all_groups = 0'),
      ).toBeGreaterThan(0)
      expect(await count(c, 'SELECT COUNT(*) AS n FROM catalog_product_entity_tier_price WHERE website_id <> 0')).toBe(
        0,
      )
      expect(await count(c, 'SELECT COUNT(*) AS n FROM catalog_product_entity_group_price')).toBeGreaterThan(0)
    })

    it('category paths, levels, positions and children_count stay consistent', async () => {
      const cats = await q(
        c,
        'SELECT entity_id, parent_id, path, level, position, children_count FROM catalog_category_entity ORDER BY entity_id',
      )
      expect(cats.length).toBeGreaterThan(5)
      const byId = new Map(cats.map((r) => [String(r['entity_id']), r]))
      for (const cat of cats) {
        const id = String(cat['entity_id'])
        const path = String(cat['path'])
        const parts = path.split('/')
        expect(parts[parts.length - 1], path).toBe(id)
        expect(Number(cat['level']), path).toBe(parts.length - 1)
        if (Number(cat['level']) === 0) continue // the dump's tree root keeps its own count
        const parent = byId.get(String(cat['parent_id']))
        expect(`${String(parent?.['path'])}/${id}`).toBe(path)
        // Magento 1's children_count counts all descendants (every ancestor is incremented on create).
        expect(Number(cat['children_count']), path).toBe(
          cats.filter((x) => String(x['path']).startsWith(`${path}/`)).length,
        )
      }
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM (SELECT parent_id, position FROM catalog_category_entity WHERE level > 0 GROUP BY 1, 2 HAVING COUNT(*) > 1) d',
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          "SELECT COUNT(*) AS n FROM catalog_category_entity e WHERE NOT EXISTS (SELECT 1 FROM catalog_category_entity_varchar v JOIN eav_attribute a USING (attribute_id) WHERE v.entity_id = e.entity_id AND a.attribute_code = 'name')",
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM catalog_category_product cp JOIN catalog_category_entity e ON e.entity_id = cp.category_id WHERE e.entity_id > ?',
          [categoriesBefore],
        ),
      ).toBeGreaterThan(0)
    })

    it('reviews with votes; approved ones reflected in the aggregates as Magento computes them', async () => {
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM review r WHERE EXISTS (SELECT 1 FROM rating_option_vote v WHERE v.review_id = r.review_id)',
        ),
      ).toBeGreaterThan(0)
      expect(await count(c, 'SELECT COUNT(*) AS n FROM review WHERE status_id = 1')).toBeGreaterThan(0)
      expect(await count(c, 'SELECT COUNT(*) AS n FROM review WHERE status_id = 3')).toBeGreaterThan(0)
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM review r WHERE NOT EXISTS (SELECT 1 FROM review_detail d WHERE d.review_id = r.review_id) OR NOT EXISTS (SELECT 1 FROM review_store s WHERE s.review_id = r.review_id AND s.store_id = 0)',
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM rating_option_vote v JOIN rating_option o USING (option_id) WHERE v.value <> o.value OR v.percent <> o.value * 20 OR v.rating_id <> o.rating_id',
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM rating_option_vote v JOIN review r USING (review_id) WHERE v.entity_pk_value <> r.entity_pk_value',
        ),
      ).toBe(0)
      // Aggregates per rating, product and store, recomputed from the votes (products that still exist).
      const expected = await q(
        c,
        `SELECT v.rating_id, v.entity_pk_value, s.store_id, COUNT(*) AS cnt, SUM(v.value) AS sum,
              COUNT(IF(r.status_id = 1, 1, NULL)) AS app_cnt, SUM(IF(r.status_id = 1, v.value, 0)) AS app_sum
         FROM rating_option_vote v JOIN review r USING (review_id) JOIN review_store s USING (review_id)
         ${ratingStoreJoin('v', 's')}
        GROUP BY 1, 2, 3`,
      )
      expect(expected.length).toBeGreaterThan(0)
      const aggregated = new Map(
        (await q(c, 'SELECT * FROM rating_option_vote_aggregated')).map((r) => [
          `${r['rating_id']}/${r['entity_pk_value']}/${r['store_id']}`,
          r,
        ]),
      )
      let approved = 0
      for (const e of expected) {
        const a = aggregated.get(`${e['rating_id']}/${e['entity_pk_value']}/${e['store_id']}`)
        expect(a, JSON.stringify(e)).toBeDefined()
        expect(Number(a?.['vote_count'])).toBe(Number(e['cnt']))
        expect(Number(a?.['vote_value_sum'])).toBe(Number(e['sum']))
        expect(Number(a?.['percent'])).toBe(Math.round((Number(e['sum']) / Number(e['cnt'])) * 20))
        const appCnt = Number(e['app_cnt'])
        expect(Number(a?.['percent_approved'])).toBe(appCnt > 0 ? Math.round((Number(e['app_sum']) / appCnt) * 20) : 0)
        if (appCnt > 0) approved++
      }
      expect(approved).toBeGreaterThan(0)
      // review_entity_summary: approved reviews per store view, rating_summary = average vote percent.
      const summaries = await q(
        c,
        'SELECT s.* FROM review_entity_summary s JOIN catalog_product_entity p ON p.entity_id = s.entity_pk_value WHERE s.store_id > 0',
      )
      expect(summaries.filter((s) => Number(s['reviews_count']) > 0).length).toBeGreaterThan(0)
      for (const s of summaries) {
        const p = [s['entity_pk_value'], s['store_id']]
        expect(Number(s['reviews_count'])).toBe(
          await count(
            c,
            'SELECT COUNT(*) AS n FROM review r JOIN review_store st USING (review_id) WHERE r.entity_pk_value = ? AND st.store_id = ? AND r.status_id = 1',
            p,
          ),
        )
        const avg = (
          await q(
            c,
            `SELECT SUM(v.percent) AS sum, COUNT(*) AS cnt FROM rating_option_vote v JOIN review r USING (review_id) JOIN review_store st USING (review_id)
             ${ratingStoreJoin('v', 'st')}
            WHERE v.entity_pk_value = ? AND st.store_id = ? AND r.status_id = 1`,
            p,
          )
        )[0]
        expect(Number(s['rating_summary'])).toBe(
          Number(avg?.['cnt']) > 0 ? Math.round(Number(avg?.['sum']) / Number(avg?.['cnt'])) : 0,
        )
      }
      // Deleted products took their reviews and summaries with them.
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM review r LEFT JOIN catalog_product_entity p ON p.entity_id = r.entity_pk_value WHERE p.entity_id IS NULL',
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM review_entity_summary s LEFT JOIN catalog_product_entity p ON p.entity_id = s.entity_pk_value WHERE p.entity_id IS NULL',
        ),
      ).toBe(0)
    })

    it('images: gallery rows of media_gallery, a store-0 _value row each, store-view labels, roles that point at the gallery', async () => {
      const media = (
        await q(
          c,
          "SELECT a.attribute_id FROM eav_attribute a JOIN eav_entity_type t USING (entity_type_id) WHERE t.entity_type_code = 'catalog_product' AND a.attribute_code = 'media_gallery'",
        )
      )[0]?.['attribute_id']
      const images =
        'SELECT g.* FROM catalog_product_entity_media_gallery g JOIN catalog_product_entity e USING (entity_id) WHERE e.sku LIKE ?'
      expect(await count(c, `SELECT COUNT(*) AS n FROM (${images}) g`, [mine])).toBeGreaterThan(0)
      expect(
        await count(
          c,
          `SELECT COUNT(*) AS n FROM (${images}) g WHERE g.attribute_id <> ? OR g.value NOT LIKE CONCAT('/', LOWER(?), '%.jpg')`,
          [mine, media, `w/${String(SEED)[0]}/w${SEED}-p`],
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          `SELECT COUNT(*) AS n FROM (${images}) g WHERE NOT EXISTS (SELECT 1 FROM catalog_product_entity_media_gallery_value v WHERE v.value_id = g.value_id AND v.store_id = 0)`,
          [mine],
        ),
      ).toBe(0)
      expect(
        await count(c, 'SELECT COUNT(*) AS n FROM catalog_product_entity_media_gallery_value WHERE store_id > 0'),
      ).toBeGreaterThan(0)
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM catalog_product_entity_media_gallery_value v LEFT JOIN catalog_product_entity_media_gallery g USING (value_id) WHERE g.value_id IS NULL',
        ),
      ).toBe(0)
      // image / small_image / thumbnail: absent, no_selection (its image removed) or a file of the product's gallery.
      expect(
        await count(
          c,
          `SELECT COUNT(*) AS n FROM catalog_product_entity_varchar v JOIN eav_attribute a USING (attribute_id) JOIN catalog_product_entity e USING (entity_id)
          WHERE e.sku LIKE ? AND a.attribute_code IN ('image', 'small_image', 'thumbnail') AND v.value <> 'no_selection'
            AND NOT EXISTS (SELECT 1 FROM catalog_product_entity_media_gallery g WHERE g.entity_id = v.entity_id AND g.value = v.value)`,
          [mine],
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          "SELECT COUNT(*) AS n FROM catalog_product_entity_varchar v JOIN eav_attribute a USING (attribute_id) JOIN catalog_product_entity e USING (entity_id) WHERE e.sku LIKE ? AND a.attribute_code = 'image' AND v.store_id = 0",
          [mine],
        ),
      ).toBeGreaterThan(0)
    })

    it('custom options: titles, prices and values belong to their options; has_options / required_options follow them', async () => {
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM catalog_product_option o JOIN catalog_product_entity e ON e.entity_id = o.product_id WHERE e.sku LIKE ?',
          [mine],
        ),
      ).toBeGreaterThan(0)
      for (const ref of STRUCTURE_REFERENCES.filter(([t]) => t.startsWith('catalog_product_option')))
        expect(await orphans(c, ref), ref.join(' ')).toBe(0)
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM catalog_product_option o WHERE NOT EXISTS (SELECT 1 FROM catalog_product_option_title t WHERE t.option_id = o.option_id AND t.store_id = 0)',
        ),
      ).toBe(0)
      // Text options carry their own price; select options price their values, every value titled and priced in store 0.
      expect(
        await count(
          c,
          "SELECT COUNT(*) AS n FROM catalog_product_option o WHERE o.type IN ('field', 'area') AND NOT EXISTS (SELECT 1 FROM catalog_product_option_price p WHERE p.option_id = o.option_id AND p.store_id = 0)",
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          "SELECT COUNT(*) AS n FROM catalog_product_option o JOIN catalog_product_option_price p USING (option_id) WHERE o.type IN ('drop_down', 'radio')",
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          "SELECT COUNT(*) AS n FROM catalog_product_option o WHERE o.type IN ('drop_down', 'radio') AND NOT EXISTS (SELECT 1 FROM catalog_product_option_type_value v WHERE v.option_id = o.option_id)",
        ),
      ).toBe(0)
      expect(
        await count(c, "SELECT COUNT(*) AS n FROM catalog_product_option o WHERE o.type IN ('drop_down', 'radio')"),
      ).toBeGreaterThan(0)
      for (const t of ['catalog_product_option_type_title', 'catalog_product_option_type_price']) {
        expect(
          await count(
            c,
            `SELECT COUNT(*) AS n FROM catalog_product_option_type_value v WHERE NOT EXISTS (SELECT 1 FROM ${t} x WHERE x.option_type_id = v.option_type_id AND x.store_id = 0)`,
          ),
          t,
        ).toBe(0)
      }
      expect(
        await count(
          c,
          "SELECT COUNT(*) AS n FROM catalog_product_option_price WHERE price_type NOT IN ('fixed', 'percent')",
        ),
      ).toBe(0)
      expect(
        await count(c, 'SELECT COUNT(*) AS n FROM catalog_product_option_title WHERE store_id > 0'),
      ).toBeGreaterThan(0)
      expect(
        await count(
          c,
          `SELECT COUNT(*) AS n FROM catalog_product_entity e WHERE e.type_id = 'simple' AND (
           e.has_options <> EXISTS (SELECT 1 FROM catalog_product_option o WHERE o.product_id = e.entity_id) OR
           e.required_options <> EXISTS (SELECT 1 FROM catalog_product_option o WHERE o.product_id = e.entity_id AND o.is_require = 1))`,
        ),
      ).toBe(0)
    })

    it('links: related / up-sell / cross-sell between existing products, each with its type’s position value', async () => {
      expect(
        await count(
          c,
          "SELECT COUNT(*) AS n FROM catalog_product_link l JOIN catalog_product_link_type t USING (link_type_id) WHERE t.code IN ('relation', 'up_sell', 'cross_sell')",
        ),
      ).toBeGreaterThan(0)
      expect(await count(c, 'SELECT COUNT(DISTINCT link_type_id) AS n FROM catalog_product_link')).toBeGreaterThan(1)
      for (const ref of STRUCTURE_REFERENCES.filter(([t]) => t.startsWith('catalog_product_link')))
        expect(await orphans(c, ref), ref.join(' ')).toBe(0)
      expect(
        await count(c, 'SELECT COUNT(*) AS n FROM catalog_product_link WHERE product_id = linked_product_id'),
      ).toBe(0)
      expect(
        await count(
          c,
          `SELECT COUNT(*) AS n FROM catalog_product_link l WHERE NOT EXISTS (
           SELECT 1 FROM catalog_product_link_attribute_int v JOIN catalog_product_link_attribute a USING (product_link_attribute_id)
            WHERE v.link_id = l.link_id AND a.link_type_id = l.link_type_id AND a.product_link_attribute_code = 'position')`,
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM catalog_product_link_attribute_int v JOIN catalog_product_link l USING (link_id) JOIN catalog_product_link_attribute a USING (product_link_attribute_id) WHERE a.link_type_id <> l.link_type_id',
        ),
      ).toBe(0)
    })

    it('configurable products: one super attribute with a store-0 label, children carrying its options, super links matching relations', async () => {
      const configurables = await q(
        c,
        "SELECT entity_id, has_options, required_options FROM catalog_product_entity WHERE sku LIKE ? AND type_id = 'configurable'",
        [mine],
      )
      expect(configurables.length).toBeGreaterThan(0)
      for (const p of configurables) expect([Number(p['has_options']), Number(p['required_options'])]).toEqual([1, 1])
      for (const ref of STRUCTURE_REFERENCES.filter(
        ([t]) => t.startsWith('catalog_product_super') || t === 'catalog_product_relation',
      ))
        expect(await orphans(c, ref), ref.join(' ')).toBe(0)
      // The attribute: a global, configurable, user-defined select of the product's set.
      expect(
        await count(
          c,
          `SELECT COUNT(*) AS n FROM catalog_product_super_attribute s JOIN catalog_product_entity e ON e.entity_id = s.product_id
           JOIN eav_attribute a ON a.attribute_id = s.attribute_id JOIN catalog_eav_attribute ca ON ca.attribute_id = a.attribute_id
          WHERE a.frontend_input <> 'select' OR ca.is_global <> 1 OR ca.is_configurable <> 1 OR a.is_user_defined <> 1 OR e.type_id <> 'configurable'
             OR NOT EXISTS (SELECT 1 FROM eav_entity_attribute ea WHERE ea.attribute_id = a.attribute_id AND ea.attribute_set_id = e.attribute_set_id)`,
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          "SELECT COUNT(*) AS n FROM catalog_product_entity e WHERE e.sku LIKE ? AND e.type_id = 'configurable' AND (SELECT COUNT(*) FROM catalog_product_super_attribute s WHERE s.product_id = e.entity_id) <> 1",
          [mine],
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM catalog_product_super_attribute s WHERE NOT EXISTS (SELECT 1 FROM catalog_product_super_attribute_label l WHERE l.product_super_attribute_id = s.product_super_attribute_id AND l.store_id = 0)',
        ),
      ).toBe(0)
      // Children: simples whose store-0 value of the super attribute is one of its options.
      expect(await count(c, 'SELECT COUNT(*) AS n FROM catalog_product_super_link')).toBeGreaterThan(0)
      expect(
        await count(
          c,
          `SELECT COUNT(*) AS n FROM catalog_product_super_link l JOIN catalog_product_entity ch ON ch.entity_id = l.product_id
           JOIN catalog_product_super_attribute s ON s.product_id = l.parent_id
          WHERE ch.type_id <> 'simple' OR NOT EXISTS (
            SELECT 1 FROM catalog_product_entity_int v JOIN eav_attribute_option o ON o.option_id = v.value AND o.attribute_id = v.attribute_id
             WHERE v.entity_id = ch.entity_id AND v.attribute_id = s.attribute_id AND v.store_id = 0)`,
        ),
      ).toBe(0)
      const pairs = 'SELECT l.parent_id, l.product_id AS child_id FROM catalog_product_super_link l'
      const relations =
        "SELECT r.parent_id, r.child_id FROM catalog_product_relation r JOIN catalog_product_entity e ON e.entity_id = r.parent_id WHERE e.type_id = 'configurable'"
      expect(
        await count(c, `SELECT COUNT(*) AS n FROM (${pairs}) x WHERE (x.parent_id, x.child_id) NOT IN (${relations})`),
      ).toBe(0)
      expect(
        await count(c, `SELECT COUNT(*) AS n FROM (${relations}) x WHERE (x.parent_id, x.child_id) NOT IN (${pairs})`),
      ).toBe(0)
      expect(
        await count(
          c,
          "SELECT COUNT(*) AS n FROM catalog_product_entity_decimal v JOIN eav_attribute a USING (attribute_id) JOIN catalog_product_entity e USING (entity_id) WHERE e.type_id = 'configurable' AND a.attribute_code = 'weight'",
        ),
      ).toBe(0)
    })

    it('bundle products: titled options, selections of existing simples, relations matching the selections', async () => {
      const bundles = await count(
        c,
        "SELECT COUNT(*) AS n FROM catalog_product_entity WHERE sku LIKE ? AND type_id = 'bundle'",
        [mine],
      )
      expect(bundles).toBeGreaterThan(0)
      for (const ref of STRUCTURE_REFERENCES.filter(([t]) => t.startsWith('catalog_product_bundle')))
        expect(await orphans(c, ref), ref.join(' ')).toBe(0)
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM catalog_product_bundle_option o WHERE NOT EXISTS (SELECT 1 FROM catalog_product_bundle_option_value v WHERE v.option_id = o.option_id AND v.store_id = 0)',
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM catalog_product_bundle_selection s JOIN catalog_product_bundle_option o USING (option_id) WHERE o.parent_id <> s.parent_product_id',
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          "SELECT COUNT(*) AS n FROM catalog_product_bundle_selection s JOIN catalog_product_entity e ON e.entity_id = s.product_id WHERE e.type_id <> 'simple'",
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          "SELECT COUNT(*) AS n FROM catalog_product_bundle_option o JOIN catalog_product_entity e ON e.entity_id = o.parent_id WHERE e.type_id <> 'bundle'",
        ),
      ).toBe(0)
      const pairs =
        'SELECT DISTINCT s.parent_product_id AS parent_id, s.product_id AS child_id FROM catalog_product_bundle_selection s'
      const relations =
        "SELECT r.parent_id, r.child_id FROM catalog_product_relation r JOIN catalog_product_entity e ON e.entity_id = r.parent_id WHERE e.type_id = 'bundle'"
      expect(await count(c, `SELECT COUNT(*) AS n FROM (${pairs}) x`)).toBeGreaterThan(0)
      expect(
        await count(c, `SELECT COUNT(*) AS n FROM (${pairs}) x WHERE (x.parent_id, x.child_id) NOT IN (${relations})`),
      ).toBe(0)
      expect(
        await count(c, `SELECT COUNT(*) AS n FROM (${relations}) x WHERE (x.parent_id, x.child_id) NOT IN (${pairs})`),
      ).toBe(0)
      expect(
        await count(
          c,
          `SELECT COUNT(*) AS n FROM catalog_product_entity e WHERE e.type_id = 'bundle' AND (e.has_options <> 1 OR
           e.required_options <> EXISTS (SELECT 1 FROM catalog_product_bundle_option o WHERE o.parent_id = e.entity_id AND o.required = 1))`,
        ),
      ).toBe(0)
    })

    it('deleting products with images, options, links, configurable and bundle structures leaves no orphans', async () => {
      // On a database of its own (the main one is compared byte for byte by the determinism test).
      const other = `${base}_cat_del`
      await loadDump(other)
      const c2 = await connect(other)
      const ctx = await createWriterContext(c2, 77, '')
      const rng = new Rng(77)
      for (let i = 0; i < 4; i++) expect(await adminCreateProduct(ctx, rng.fork())).toBe('done')
      for (const op of [adminProductImages, adminCustomOptions, adminProductLinks])
        for (let i = 0; i < 6; i++) await op(ctx, rng.fork())
      expect(await adminConfigurableProduct(ctx, rng.fork())).toBe('done')
      expect(await adminBundleProduct(ctx, rng.fork())).toBe('done')
      const model = await catalogModel(ctx)
      const own = [...(model?.ownProducts ?? []), ...(model?.ownComposites ?? [])]
      expect(own.length).toBeGreaterThan(5)
      const structures = async (): Promise<number> => {
        let n = 0
        for (const t of PRODUCT_STRUCTURE_TABLES) n += await count(c2, `SELECT COUNT(*) AS n FROM ${t}`)
        return n
      }
      const before = await structures()
      expect(before).toBeGreaterThan(10)
      let deletes = 0
      while ((model?.ownProducts.size ?? 0) + (model?.ownComposites.length ?? 0) > 0 && deletes < 50) {
        expect(await adminDeleteProduct(ctx, rng.fork())).toBe('done')
        deletes++
      }
      expect(deletes).toBe(own.length)
      expect(
        await count(c2, `SELECT COUNT(*) AS n FROM catalog_product_entity WHERE entity_id IN (${own.join(', ')})`),
      ).toBe(0)
      for (const ref of STRUCTURE_REFERENCES) expect(await orphans(c2, ref), ref.join(' ')).toBe(0)
      // The dump's own structures (its gallery) stay; everything the writer built is gone.
      const left = await structures()
      expect(left).toBeLessThan(before)
      const remaining = new Set(
        (await q(c2, 'SELECT entity_id FROM catalog_product_entity')).map((r) => String(r['entity_id'])),
      )
      expect(own.some((id) => remaining.has(id))).toBe(false)
    })

    it('checkouts sold the new products; order items of deleted products are only those sold before the delete', async () => {
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM sales_flat_order_item i JOIN catalog_product_entity p ON p.entity_id = i.product_id WHERE p.sku LIKE ?',
          [mine],
        ),
      ).toBeGreaterThan(0)
      // Magento 1 keeps order items of deleted products (no foreign key); here they can only be the writer's own products.
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM sales_flat_order_item i LEFT JOIN catalog_product_entity p ON p.entity_id = i.product_id WHERE i.product_id IS NOT NULL AND p.entity_id IS NULL AND i.sku NOT LIKE ?',
          [mine],
        ),
      ).toBe(0)
      expect(
        await count(
          c,
          'SELECT COUNT(*) AS n FROM sales_flat_quote_item i LEFT JOIN catalog_product_entity p ON p.entity_id = i.product_id WHERE i.product_id IS NOT NULL AND p.entity_id IS NULL',
        ),
      ).toBe(0)
    })

    it('is deterministic: the same seed on a fresh database gives the same catalog and review tables', async () => {
      const other = `${base}_cat_det`
      await loadDump(other)
      const c2 = await connect(other)
      const s2 = await runWriter({ connection: c2, seed: SEED, operations: OPS, mix: CATALOG_MIX })
      expect(s2.done).toEqual(stats.done)
      for (const t of CATALOG_TABLES.filter((x) => tables.has(x))) {
        expect(await count(c2, `SELECT COUNT(*) AS n FROM ${t}`), t).toBe(
          await count(c, `SELECT COUNT(*) AS n FROM ${t}`),
        )
        const sum = async (conn: Connection) => String((await q(conn, `CHECKSUM TABLE \`${t}\``))[0]?.['Checksum'])
        expect(await sum(c2), t).toBe(await sum(c))
      }
    })
  },
  [MAGENTO1_DUMP],
)
