import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { writeConfigXml } from '../support/config-file.js'
import { expectCustomersConverged } from '../support/customer-checks.js'
import { describeWithFixtures, fixturePath, MAGENTO1_DUMP, MAGENTO2_DUMP } from '../support/fixtures.js'
import { loadDump } from '../support/load-dump.js'
import { runMig, startMig } from '../support/run-mig.js'
import { expectSalesConverged, waitFor } from '../support/sales-checks.js'
import { queryRows, queryScalar } from '../support/sql-rows.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'
import { CUSTOMER_MIX, runWriter } from '../support/writer/index.js'

/** Storefront customers from several connections at once (seeded): registrations, profiles, addresses, newsletter, wishlists, checkouts. */
async function customerTraffic(database: string, prefix: string, seedBase: number, operations: number): Promise<void> {
  const connections: Connection[] = await Promise.all([0, 1].map(() => openConnection(database)))
  try {
    await Promise.all(
      connections.map((connection, index) =>
        runWriter({ connection, seed: seedBase + index, tablePrefix: prefix, operations, mix: CUSTOMER_MIX }),
      ),
    )
  } finally {
    await Promise.all(connections.map((connection) => connection.end()))
  }
}

/** Everything pending in the customer and sales deltalogs, and what is set aside, from `mig delta status --json`. */
async function backlog(
  config: string,
): Promise<{ pending: number; setAside: { table: string; key: string; reason: string }[] }> {
  const status = await runMig(['delta', 'status', '--json', config])
  const parsed = JSON.parse(status.stdout) as {
    tables: { table: string; pending: number }[]
    setAside?: { table: string; key: string; reason: string }[]
  }
  const pending = parsed.tables
    .filter((table) => !/catalog|review|rating|cataloginventory/.test(table.table))
    .reduce((sum, table) => sum + table.pending, 0)
  return { pending, setAside: (parsed.setAside ?? []).map(({ table, key, reason }) => ({ table, key, reason })) }
}

for (const [prefix, destPrefix] of [
  ['', ''],
  ['magev1_', 'm2p_'],
] as const) {
  describeWithFixtures(
    `customers, addresses, newsletter and wishlists reach Magento 2${prefix ? ` (prefixes ${prefix} → ${destPrefix})` : ' (direct_document_copy 1)'}`,
    () => {
      const dbs = useTestDatabases()
      let m1: string
      let m2: string
      let config: string
      let m1db: Connection
      let m2db: Connection
      const t = (table: string): string => `\`${prefix}${table}\``
      const d = (table: string): string => `\`${destPrefix}${table}\``
      const query = queryRows
      const scalar = queryScalar
      const converged = (setAsideCustomers: string[] = []): ReturnType<typeof expectCustomersConverged> =>
        expectCustomersConverged({ m1, m2, prefix, destPrefix, m1db, m2db, setAsideCustomers })

      /** A merchant's own customer attribute (stays EAV in Magento 2), created as Magento 1's admin does, with values for some customers. */
      const addLoyaltyAttribute = async (): Promise<string> => {
        await m1db.query(
          `INSERT INTO ${t('eav_attribute')} (entity_type_id, attribute_code, backend_type, frontend_input, frontend_label, is_required, is_user_defined, is_unique)
         SELECT entity_type_id, 'loyalty_number', 'varchar', 'text', 'Loyalty number', 0, 1, 0 FROM ${t('eav_entity_type')} WHERE entity_type_code = 'customer'`,
        )
        const id = await scalar(
          m1db,
          `SELECT attribute_id AS id FROM ${t('eav_attribute')} WHERE attribute_code = 'loyalty_number'`,
        )
        await m1db.query(
          `INSERT INTO ${t('customer_eav_attribute')} (attribute_id, is_visible, is_system, sort_order) VALUES (?, 1, 0, 200)`,
          [id],
        )
        await m1db.query(
          `INSERT INTO ${t('eav_entity_attribute')} (entity_type_id, attribute_set_id, attribute_group_id, attribute_id, sort_order)
         SELECT s.entity_type_id, s.attribute_set_id, g.attribute_group_id, ?, 200 FROM ${t('eav_attribute_set')} s
         JOIN ${t('eav_attribute_group')} g ON g.attribute_set_id = s.attribute_set_id JOIN ${t('eav_entity_type')} e ON e.default_attribute_set_id = s.attribute_set_id
         WHERE e.entity_type_code = 'customer' ORDER BY g.sort_order LIMIT 1`,
          [id],
        )
        return id
      }
      let loyalty: string
      const setLoyalty = async (customers: string[], value: (id: string) => string): Promise<void> => {
        for (const id of customers) {
          await m1db.query(
            `INSERT INTO ${t('customer_entity_varchar')} (entity_type_id, attribute_id, entity_id, value) SELECT entity_type_id, ?, entity_id, ? FROM ${t('customer_entity')} WHERE entity_id = ?
           ON DUPLICATE KEY UPDATE value = VALUES(value)`,
            [loyalty, value(id), id],
          )
        }
      }
      const customerIds = async (limit: number, offset = 0): Promise<string[]> =>
        (
          await query(
            m1db,
            `SELECT CAST(entity_id AS CHAR) AS id FROM ${t('customer_entity')} ORDER BY entity_id LIMIT ${limit} OFFSET ${offset}`,
          )
        ).map((row) => String(row['id']))

      /** A second customer with the e-mail of the first on the same website: Magento 1 allows it (no unique key; e.g. after switching account sharing to global), Magento 2 does not. */
      const addTwin = async (): Promise<{ holder: { id: string; email: string; website_id: number }; id: string }> => {
        const [holder] = (await query(
          m1db,
          `SELECT CAST(entity_id AS CHAR) AS id, email, website_id FROM ${t('customer_entity')} ORDER BY entity_id LIMIT 1`,
        )) as { id: string; email: string; website_id: number }[]
        if (!holder) throw new Error('no customer to clash with')
        await m1db.query(
          `INSERT INTO ${t('customer_entity')} (entity_type_id, attribute_set_id, website_id, email, group_id, store_id, created_at, updated_at, is_active)
         SELECT entity_type_id, attribute_set_id, website_id, email, group_id, store_id, NOW(), NOW(), 1 FROM ${t('customer_entity')} WHERE entity_id = ?`,
          [holder.id],
        )
        const id = await scalar(m1db, 'SELECT CAST(LAST_INSERT_ID() AS CHAR) AS id')
        await m1db.query(
          `INSERT INTO ${t('customer_entity_varchar')} (entity_type_id, attribute_id, entity_id, value)
         SELECT a.entity_type_id, a.attribute_id, ?, 'Twin' FROM ${t('eav_attribute')} a JOIN ${t('eav_entity_type')} e USING (entity_type_id) WHERE e.entity_type_code = 'customer' AND a.attribute_code = 'firstname'`,
          [id],
        )
        return { holder, id }
      }

      beforeAll(async () => {
        m1 = await dbs.create('cust_m1')
        m2 = await dbs.create('cust_m2')
        await Promise.all([
          loadDump(m1, fixturePath(MAGENTO1_DUMP), { tablePrefix: prefix }),
          loadDump(m2, fixturePath(MAGENTO2_DUMP), { tablePrefix: destPrefix }),
        ])
        m1db = await openConnection(m1)
        m2db = await openConnection(m2)
        loyalty = await addLoyaltyAttribute()
        // The store's history before the migration: registrations, profiles, addresses, subscriptions, wishlists, checkouts.
        await customerTraffic(m1, prefix, 700, 250)
        await setLoyalty(await customerIds(40), (id) => `LN-${id}-Zoë`)
        // The plain store copies handler-free tables server-side (direct_document_copy), the prefixed one moves
        // every row through mig: the deletes (and Magento 1's cascades behind them) must arrive either way.
        config = writeConfigXml({
          source: m1,
          destination: m2,
          options: {
            source_prefix: prefix,
            dest_prefix: destPrefix,
            bulk_size: '0',
            ...(prefix === '' ? { direct_document_copy: '1' } : {}),
          },
        })
      })

      afterAll(async () => {
        await m1db?.end()
        await m2db?.end()
      })

      it('mig data run: every customer and address with Magento 2 columns from Magento 1 values, other values as rows, groups, subscribers, wishlists', async () => {
        const n = await scalar(m1db, `SELECT COUNT(*) AS n FROM ${t('customer_entity')}`)
        expect(Number(n)).toBeGreaterThan(30)
        const result = await runMig(['data', 'run', config])
        expect(result.code, result.stderr).toBe(0)
        expect(result.stdout).toMatch(/customer_entity: [\d,]+ in/)
        expect(result.stdout).toMatch(/volume check: \d+ Magento 2 tables match Magento 1/)
        const counts = await converged()
        console.info(
          `customer data run${prefix ? ` (${prefix} → ${destPrefix})` : ''}: ${counts.customers} customers, ${counts.addresses} addresses, ${counts.values} EAV value rows compared, 0 differences`,
        )
        expect(counts.customers).toBe(Number(n))
        expect(counts.addresses).toBeGreaterThan(15)
        // The merchant's attribute kept its Magento 1 id and its values stay value rows.
        expect(counts.values).toBeGreaterThanOrEqual(40)
        const [grid] = (await query(
          m2db,
          `SELECT status FROM ${d('indexer_state')} WHERE indexer_id = 'customer_grid'`,
        )) as { status: string }[]
        expect(grid?.status).toBe('invalid')
        // Magento 2's own customer groups stay (prices and rules reference them); Magento 1's are there with their ids.
        const groups = await query(
          m2db,
          `SELECT customer_group_id AS id, customer_group_code AS code FROM ${d('customer_group')} ORDER BY customer_group_id`,
        )
        expect(groups.map((row) => row['code'])).toEqual(
          expect.arrayContaining(['NOT LOGGED IN', 'General', 'Wholesale', 'Retailer']),
        )
        expect(groups[0]).toEqual({ id: 0, code: 'NOT LOGGED IN' })
        // Wishlist options: info_buyRequest as JSON, not PHP serialize.
        const options = await query(
          m2db,
          `SELECT value FROM ${d('wishlist_item_option')} WHERE code = 'info_buyRequest'`,
        )
        expect(options.length).toBeGreaterThan(0)
        for (const option of options) expect(() => JSON.parse(String(option['value']))).not.toThrow()
      })

      it('mig delta run keeps up with storefront customers: register, edit, passwords, addresses, defaults, newsletter, wishlists, checkouts, deletes', async () => {
        const runner = startMig(['delta', 'run', '--interval', '1', config])
        try {
          await customerTraffic(m1, prefix, 800, 300)
          const ids = await customerIds(30, 10)
          await setLoyalty(ids.slice(0, 15), (id) => `LN2-${id}`)
          await m1db.query(
            `DELETE FROM ${t('customer_entity_varchar')} WHERE attribute_id = ? AND entity_id IN (${ids
              .slice(15)
              .map(() => '?')
              .join(', ')})`,
            [loyalty, ...ids.slice(15)],
          )
          await waitFor(
            async () => (await backlog(config)).pending === 0,
            120_000,
            'the customer and sales backlog to drain',
          )
        } finally {
          runner.child.kill('SIGINT')
        }
        const result = await runner.result
        expect(result.code, result.stderr).toBe(0)
        // One concise line per cycle: changes applied, rate, backlog and lag.
        expect(result.stdout).toMatch(
          /^cycle \d+: [\d,]+ changes applied in [\d.]+s \([\d,]+\/s\), backlog [\d,]+, lag [\dhms.]+/m,
        )
        expect((await backlog(config)).setAside).toEqual([])
        const after = await converged()
        console.info(
          `customer delta${prefix ? ` (${prefix} → ${destPrefix})` : ''}: ${after.customers} customers, ${after.addresses} addresses, ${after.values} EAV value rows compared after traffic, 0 differences`,
        )
        // Orders of registered customers carry their customer_id (or NULL once the customer was deleted).
        await expectSalesConverged({ m1, m2, prefix, destPrefix, m1db, m2db })
        const registered = await query(
          m2db,
          `SELECT COUNT(*) AS n FROM ${d('sales_order')} o JOIN ${d('customer_entity')} c ON c.entity_id = o.customer_id`,
        )
        expect(Number(registered[0]?.['n'])).toBeGreaterThan(10)
      })

      it('deleting a customer removes its addresses, values and wishlist in Magento 2 and leaves its orders with customer_id NULL', async () => {
        const [victim] = (await query(
          m1db,
          `SELECT CAST(c.entity_id AS CHAR) AS id FROM ${t('customer_entity')} c WHERE EXISTS (SELECT 1 FROM ${t('sales_flat_order')} o WHERE o.customer_id = c.entity_id)
         AND EXISTS (SELECT 1 FROM ${t('customer_address_entity')} a WHERE a.parent_id = c.entity_id) ORDER BY c.entity_id LIMIT 1`,
        )) as { id: string }[]
        expect(victim).toBeDefined()
        const id = victim!.id
        await setLoyalty([id], () => 'LN-victim')
        await m1db.query(
          `INSERT IGNORE INTO ${t('wishlist')} (customer_id, shared, sharing_code, updated_at) VALUES (?, 0, 'victimcode', NOW())`,
          [id],
        )
        const applied = await runMig(['delta', 'run', '--once', config])
        expect(applied.code, applied.stderr).toBe(0)
        const inM2 = async (): Promise<Record<string, number>> => {
          const [row] = await query(
            m2db,
            `SELECT (SELECT COUNT(*) FROM ${d('customer_entity')} WHERE entity_id = ?) AS customer, (SELECT COUNT(*) FROM ${d('customer_address_entity')} WHERE parent_id = ?) AS addresses,
                  (SELECT COUNT(*) FROM ${d('customer_entity_varchar')} WHERE entity_id = ?) AS \`values\`, (SELECT COUNT(*) FROM ${d('wishlist')} WHERE customer_id = ?) AS wishlists,
                  (SELECT COUNT(*) FROM ${d('sales_order')} WHERE customer_id = ?) AS orders`,
            [id, id, id, id, id],
          )
          return Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key, Number(value)]))
        }
        const before = await inM2()
        expect(before).toMatchObject({ customer: 1, values: 1, wishlists: 1 })
        expect(before['addresses']).toBeGreaterThan(0)
        expect(before['orders']).toBeGreaterThan(0)
        const orders = (
          await query(
            m1db,
            `SELECT CAST(entity_id AS CHAR) AS id FROM ${t('sales_flat_order')} WHERE customer_id = ?`,
            [id],
          )
        ).map((row) => String(row['id']))

        // As Magento 1's admin deletes a customer: one DELETE, the foreign keys do the rest.
        await m1db.query(`DELETE FROM ${t('customer_entity')} WHERE entity_id = ?`, [id])
        const result = await runMig(['delta', 'run', '--once', config])
        expect(result.code, result.stderr).toBe(0)
        expect(await inM2()).toEqual({ customer: 0, addresses: 0, values: 0, wishlists: 0, orders: 0 })
        const unlinked = await query(
          m2db,
          `SELECT customer_id FROM ${d('sales_order')} WHERE entity_id IN (${orders.map(() => '?').join(', ')})`,
          orders,
        )
        expect(unlinked).toEqual(orders.map(() => ({ customer_id: null })))
        await converged()
        await expectSalesConverged({ m1, m2, prefix, destPrefix, m1db, m2db })
      })

      it('a customer whose e-mail another customer already has on the website is set aside with its reason, then applied once fixed', async () => {
        const { holder, id } = await addTwin()
        // Without --auto the run would stop at the first row set aside (exit 1); merchants running for weeks use --auto.
        const runner = startMig(['delta', 'run', '--auto', '--interval', '1', config])
        try {
          await waitFor(
            async () => (await backlog(config)).setAside.length > 0,
            60_000,
            'the clashing customer to be set aside',
          )
        } finally {
          runner.child.kill('SIGINT')
        }
        const stopped = await runner.result
        expect(stopped.code, stopped.stderr).toBe(0)
        expect(stopped.stderr).toContain(
          `set aside customer_entity: 1 row (entity_id=${id}): ${destPrefix}customer_entity: email=`,
        )
        const { setAside } = await backlog(config)
        expect(setAside).toEqual([
          {
            table: 'customer_entity',
            key: `["${id}"]`,
            reason: `${destPrefix}customer_entity: email='${holder.email}', website_id=${holder.website_id} already belongs to another Magento 2 row (entity_id=${holder.id}); change it in Magento 1 or remove that row, then the change is applied`,
          },
        ])
        await converged([id])
        const [kept] = (await query(m2db, `SELECT firstname FROM ${d('customer_entity')} WHERE entity_id = ?`, [
          holder.id,
        ])) as { firstname: string }[]
        expect(kept?.firstname).not.toBe('Twin')

        // The merchant fixes the e-mail in Magento 1: the customer's next change applies it.
        await m1db.query(`UPDATE ${t('customer_entity')} SET email = CONCAT('twin-', email) WHERE entity_id = ?`, [id])
        const fixed = await runMig(['delta', 'run', '--once', '--auto', config])
        expect(fixed.code, fixed.stderr).toBe(0)
        expect((await backlog(config)).setAside).toEqual([])
        await converged()
      })

      it('a full copy (--reset) hands a clashing customer to delta instead of failing, and its volume check allows for it', async () => {
        const { id } = await addTwin()
        const copy = await runMig(['data', 'run', '--reset', config])
        expect(copy.code, copy.stderr).toBe(0)
        expect(copy.stdout).toContain('customer_entity: 1 rows wait for another row')
        expect(copy.stdout).toMatch(/volume check: \d+ Magento 2 tables match Magento 1/)
        await converged([id])
        const runner = startMig(['delta', 'run', '--auto', '--interval', '1', config])
        try {
          await waitFor(
            async () => (await backlog(config)).setAside.some((item) => item.key === `["${id}"]`),
            60_000,
            'the clashing customer to be set aside',
          )
        } finally {
          runner.child.kill('SIGINT')
        }
        expect((await runner.result).code).toBe(0)
        expect((await backlog(config)).setAside).toEqual([
          expect.objectContaining({
            table: 'customer_entity',
            key: `["${id}"]`,
            reason: expect.stringContaining('already belongs to another Magento 2 row'),
          }),
        ])
        await converged([id])
      })
    },
  )
}
