import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { writeConfigXml } from '../support/config-file.js'
import { describeWithFixtures, fixturePath, MAGENTO1_DUMP, MAGENTO2_DUMP } from '../support/fixtures.js'
import { loadDump } from '../support/load-dump.js'
import { runMig, startMig } from '../support/run-mig.js'
import { waitFor } from '../support/sales-checks.js'
import { queryRows, queryScalar } from '../support/sql-rows.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'
import { CATALOG_MIX, CUSTOMER_MIX, runWriter } from '../support/writer/index.js'

/**
 * Magento 1 deletes children through its foreign keys (ON DELETE CASCADE / SET NULL), which fire no
 * trigger. Whatever path a change takes to Magento 2 — rows through mig or the server's own copy
 * (direct_document_copy) — Magento 2 must not keep a child Magento 1's key removed or emptied.
 */
for (const direct of ['0', '1'] as const) {
  describeWithFixtures(`Magento 1's cascades reach Magento 2 (direct_document_copy ${direct})`, () => {
    const dbs = useTestDatabases()
    let m1: string
    let m2: string
    let config: string
    let m1db: Connection
    let m2db: Connection
    const scalar = queryScalar
    const insertId = async (sql: string, params: unknown[]): Promise<string> => {
      await m1db.query(sql, params)
      return scalar(m1db, 'SELECT CAST(LAST_INSERT_ID() AS CHAR) AS id')
    }
    const count = async (sql: string, params: unknown[]): Promise<number> => Number(await scalar(m2db, sql, params))
    const deltaOnce = async (...flags: string[]): Promise<string> => {
      const result = await runMig(['delta', 'run', '--once', ...flags, config])
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0)
      return result.stdout
    }
    const verifyClean = async (): Promise<void> => {
      const verify = await runMig(['verify', config])
      expect(verify.code, verify.stdout).toBe(0)
    }

    /** A new product in Magento 1 with a gallery image, in a shopper's cart (item, option, address item): what its delete takes with it. */
    const productInCart = async (): Promise<{
      product: string
      image: string
      item: string
      option: string
      addressItem: string
    }> => {
      const [type] = (await queryRows(
        m1db,
        `SELECT CAST(entity_type_id AS CHAR) AS id, CAST(default_attribute_set_id AS CHAR) AS attributeSet FROM eav_entity_type WHERE entity_type_code = 'catalog_product'`,
      )) as { id: string; attributeSet: string }[]
      if (!type) throw new Error('no catalog_product entity type')
      const product = await insertId(
        `INSERT INTO catalog_product_entity (entity_type_id, attribute_set_id, type_id, sku, created_at, updated_at) VALUES (?, ?, 'simple', CONCAT('cascade-', UUID_SHORT()), NOW(), NOW())`,
        [type.id, type.attributeSet],
      )
      const gallery = await scalar(
        m1db,
        `SELECT CAST(attribute_id AS CHAR) FROM eav_attribute WHERE entity_type_id = ? AND attribute_code = 'media_gallery'`,
        [type.id],
      )
      const image = await insertId(
        `INSERT INTO catalog_product_entity_media_gallery (attribute_id, entity_id, value) VALUES (?, ?, '/c/a/cascade.jpg')`,
        [gallery, product],
      )
      await m1db.query(
        `INSERT INTO catalog_product_entity_media_gallery_value (value_id, store_id, label, position, disabled) VALUES (?, 0, 'front', 1, 0)`,
        [image],
      )
      const quote = await insertId(
        `INSERT INTO sales_flat_quote (store_id, created_at, updated_at, is_active, items_count, items_qty) VALUES (1, NOW(), NOW(), 1, 1, 1)`,
        [],
      )
      const address = await insertId(
        `INSERT INTO sales_flat_quote_address (quote_id, created_at, updated_at, address_type) VALUES (?, NOW(), NOW(), 'shipping')`,
        [quote],
      )
      const item = await insertId(
        `INSERT INTO sales_flat_quote_item (quote_id, product_id, store_id, sku, name, qty, price, base_price, row_total, base_row_total, product_type, created_at, updated_at) VALUES (?, ?, 1, 'cascade', 'Cascade', 1, 9.5, 9.5, 9.5, 9.5, 'simple', NOW(), NOW())`,
        [quote, product],
      )
      const option = await insertId(
        `INSERT INTO sales_flat_quote_item_option (item_id, product_id, code, value) VALUES (?, ?, 'info_buyRequest', 'a:1:{s:3:"qty";i:1;}')`,
        [item, product],
      )
      const addressItem = await insertId(
        `INSERT INTO sales_flat_quote_address_item (quote_address_id, quote_item_id, product_id, qty, created_at, updated_at) VALUES (?, ?, ?, 1, NOW(), NOW())`,
        [address, item, product],
      )
      return { product, image, item, option, addressItem }
    }

    /** What Magento 2 holds of such a product, as `product/gallery/link/item/option/addressItem` counts. */
    const productInM2 = async (ids: Awaited<ReturnType<typeof productInCart>>): Promise<string> =>
      [
        await count('SELECT COUNT(*) FROM catalog_product_entity WHERE entity_id = ?', [ids.product]),
        await count('SELECT COUNT(*) FROM catalog_product_entity_media_gallery WHERE value_id = ?', [ids.image]),
        await count('SELECT COUNT(*) FROM catalog_product_entity_media_gallery_value_to_entity WHERE value_id = ?', [
          ids.image,
        ]),
        await count('SELECT COUNT(*) FROM quote_item WHERE item_id = ?', [ids.item]),
        await count('SELECT COUNT(*) FROM quote_item_option WHERE option_id = ?', [ids.option]),
        await count('SELECT COUNT(*) FROM quote_address_item WHERE address_item_id = ?', [ids.addressItem]),
      ].join('/')

    beforeAll(async () => {
      m1 = await dbs.create('casc_m1')
      m2 = await dbs.create('casc_m2')
      await Promise.all([loadDump(m1, fixturePath(MAGENTO1_DUMP)), loadDump(m2, fixturePath(MAGENTO2_DUMP))])
      m1db = await openConnection(m1)
      m2db = await openConnection(m2)
      // A store with a history: customers with orders, a catalog with products sold.
      await runWriter({ connection: m1db, seed: 71, operations: 60, mix: CUSTOMER_MIX })
      await runWriter({ connection: m1db, seed: 72, operations: 40, mix: CATALOG_MIX })
      config = writeConfigXml({
        source: m1,
        destination: m2,
        options: { direct_document_copy: direct, bulk_size: '0' },
      })
      const data = await runMig(['data', 'run', config])
      expect(data.code, data.stderr).toBe(0)
    })

    afterAll(async () => {
      await m1db?.end()
      await m2db?.end()
    })

    it('a deleted product takes its cart items, their options and address items, and its gallery entries (Magento 2 has no key for the first and the second)', async () => {
      const ids = await productInCart()
      await deltaOnce()
      expect(await productInM2(ids)).toBe('1/1/1/1/1/1')
      // As the admin deletes a product: one DELETE; Magento 1's keys take the rest without a trigger.
      await m1db.query('DELETE FROM catalog_product_entity WHERE entity_id = ?', [ids.product])
      await deltaOnce()
      expect(await productInM2(ids)).toBe('0/0/0/0/0/0')
      await verifyClean()
    })

    it('a cart item read before its product is deleted and written after that delete does not survive (a round held between load and write)', async () => {
      const ids = await productInCart()
      await deltaOnce()
      expect(await productInM2(ids)).toBe('1/1/1/1/1/1')
      // The shopper changes the quantity: delta reads the item while its product still exists…
      await m1db.query('UPDATE sales_flat_quote_item SET qty = 2 WHERE item_id = ?', [ids.item])
      const hold = await openConnection(m2)
      let runner: ReturnType<typeof startMig> | undefined
      try {
        // …and its write waits on a lock the test holds on that Magento 2 row.
        await hold.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED')
        await hold.beginTransaction()
        await hold.query('SELECT item_id FROM quote_item WHERE item_id = ? FOR UPDATE', [ids.item])
        runner = startMig(['delta', 'run', '--once', config])
        await waitFor(
          async () =>
            Number(
              await scalar(
                m2db,
                `SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT' AND trx_query LIKE '%quote_item%'`,
              ),
            ) > 0,
          60_000,
          "delta's write of the cart item to wait on the test's lock",
        )
        // Meanwhile the admin deletes the product: Magento 1 removes the cart item with it.
        await m1db.query('DELETE FROM catalog_product_entity WHERE entity_id = ?', [ids.product])
      } finally {
        await hold.rollback()
        await hold.end()
      }
      const held = await runner.result
      expect(held.code, held.stderr).toBe(0)
      // The product's delete was captured after that cycle read its deltalog: the next cycle applies it.
      await deltaOnce()
      expect(await productInM2(ids)).toBe('0/0/0/0/0/0')
      await verifyClean()
    })

    it('a cart item whose product Magento 2 does not have waits for it, as a foreign key would make it', async () => {
      const ids = await productInCart()
      // The product's own change is not there (captured later, say): Magento 2 does not get it this cycle.
      await m1db.query('DELETE FROM m2_cl_catalog_product_entity WHERE entity_id = ?', [ids.product])
      const stdout = await deltaOnce()
      expect(stdout).toMatch(/waiting for a parent row/)
      expect(await productInM2(ids)).toBe('0/0/0/0/0/0')
      const status = JSON.parse((await runMig(['delta', 'status', '--json', config])).stdout) as {
        tables: { table: string; pending: number }[]
      }
      expect(status.tables.find((table) => table.table === 'sales_flat_quote_item')?.pending).toBe(1)
      // The product is saved again: both arrive, the product first.
      await m1db.query('UPDATE catalog_product_entity SET updated_at = NOW() WHERE entity_id = ?', [ids.product])
      await deltaOnce()
      expect(await productInM2(ids)).toBe('1/1/1/1/1/1')
      await verifyClean()
    })

    it('a deleted customer empties the order references Magento 1 empties (SET NULL), on the order and on its grid row', async () => {
      const order = async (): Promise<{ order: string; customer: string }> => {
        const [row] = (await queryRows(
          m1db,
          `SELECT CAST(o.entity_id AS CHAR) AS orderId, CAST(o.customer_id AS CHAR) AS customer FROM sales_flat_order o JOIN customer_entity c ON c.entity_id = o.customer_id ORDER BY o.entity_id DESC LIMIT 1`,
        )) as { orderId: string; customer: string }[]
        if (!row) throw new Error('no order of a registered customer in the history')
        return { order: row.orderId, customer: row.customer }
      }
      const references = async (id: string): Promise<string> =>
        scalar(
          m2db,
          `SELECT CONCAT(IFNULL(o.customer_id, 'NULL'), '/', IFNULL(g.customer_id, 'NULL')) FROM sales_order o JOIN sales_order_grid g USING (entity_id) WHERE o.entity_id = ?`,
          [id],
        )
      const first = await order()
      await deltaOnce()
      expect(await references(first.order)).toBe(`${first.customer}/${first.customer}`)
      await m1db.query('DELETE FROM customer_entity WHERE entity_id = ?', [first.customer])
      await deltaOnce()
      expect(await references(first.order)).toBe('NULL/NULL')

      // A Magento 2 without the order's key to its customer (a store whose schema lost it): mig empties the reference itself.
      const [key] = (await queryRows(
        m2db,
        `SELECT CONSTRAINT_NAME AS name FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'sales_order' AND REFERENCED_TABLE_NAME = 'customer_entity'`,
      )) as { name: string }[]
      if (!key) throw new Error("Magento 2's sales_order has no foreign key to customer_entity")
      await m2db.query(`ALTER TABLE sales_order DROP FOREIGN KEY \`${key.name}\``)
      const second = await order()
      expect(await references(second.order)).toBe(`${second.customer}/${second.customer}`)
      await m1db.query('DELETE FROM customer_entity WHERE entity_id = ?', [second.customer])
      await deltaOnce()
      expect(await references(second.order)).toBe('NULL/NULL')
      await verifyClean()
    })

    it('mig verify names an orphan Magento 2 keeps, with its missing parent, and --reset removes it', async () => {
      const ids = await productInCart()
      await deltaOnce()
      // What an earlier version left behind: the product gone on both sides, its cart item still in Magento 2.
      await m1db.query('DELETE FROM catalog_product_entity WHERE entity_id = ?', [ids.product])
      await m1db.query('DELETE FROM m2_cl_catalog_product_entity WHERE entity_id = ?', [ids.product])
      await m2db.query('DELETE FROM catalog_product_entity WHERE entity_id = ?', [ids.product])
      const verify = await runMig(['verify', config])
      expect(verify.code).toBe(1)
      expect(verify.stdout).toContain(
        `extra sales_flat_quote_item item_id=${ids.item} (quote_item): in Magento 2, not in Magento 1; orphan: its parent catalog_product_entity product_id=${ids.product} is not in Magento 2 (deleted with its children in Magento 1)`,
      )
      expect(verify.stdout).toMatch(
        new RegExp(
          `extra catalog_product_entity_media_gallery value_id=${ids.image} \\(catalog_product_entity_media_gallery\\): in Magento 2, not in Magento 1; orphan: no catalog_product_entity row in Magento 2 holds it`,
        ),
      )
      const json = JSON.parse((await runMig(['verify', '--json', config])).stdout) as {
        differences: { table: string; orphan?: string }[]
      }
      expect(json.differences.find((difference) => difference.table === 'sales_flat_quote_item')?.orphan).toMatch(
        /^orphan: its parent catalog_product_entity/,
      )
      await deltaOnce('--reset')
      expect(await productInM2(ids)).toBe('0/0/0/0/0/0')
      await verifyClean()
    })
  })
}
