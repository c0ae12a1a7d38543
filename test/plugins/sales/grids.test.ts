import { quoteIdentifier, type DatabaseClient, type SqlRow, type SqlValue, type TableSchema } from '@mig/core/engine'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeWithFixtures, fixturePath, loadDump, MAGENTO2_DUMP, useTestDatabases } from '../../support/index.js'
import { gridStatements, rebuildAllGrids, rebuildGrids, type GridIds } from '@mig/plugin-sales'
import { connect, schemaOf } from './helpers.js'

const STORE_NAME = 'Main Website\nMain Website Store\nDefault Store View'

interface Fixture {
  client: DatabaseClient
  prefix: string
  schema: Map<string, TableSchema>
}

async function insert(fixture: Fixture, table: string, row: Record<string, SqlValue>): Promise<void> {
  const columns = Object.keys(row)
  await fixture.client.execute(
    `INSERT INTO ${quoteIdentifier(fixture.prefix + table)} (${columns.map(quoteIdentifier).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    columns.map((column) => row[column] as SqlValue),
  )
}

async function gridRow(fixture: Fixture, grid: string, id: number): Promise<SqlRow | undefined> {
  const rows = await fixture.client.query(
    `SELECT * FROM ${quoteIdentifier(fixture.prefix + grid)} WHERE entity_id = ?`,
    [id],
  )
  return rows[0]
}

async function rebuild(fixture: Fixture, ids: GridIds): Promise<void> {
  await fixture.client.transaction((session) =>
    rebuildGrids(session, { destPrefix: fixture.prefix, schema: fixture.schema }, ids),
  )
}

/** An order with billing and shipping address and payment, all ids chosen by the test. */
async function insertOrder(
  fixture: Fixture,
  id: number,
  overrides: {
    order?: Record<string, SqlValue>
    billing?: Record<string, SqlValue> | null
    shipping?: Record<string, SqlValue> | null
    method?: string
  } = {},
): Promise<void> {
  const billingId = id * 10 + 1
  const shippingId = id * 10 + 2
  await insert(fixture, 'sales_order', {
    entity_id: id,
    state: 'processing',
    status: 'processing',
    store_id: 1,
    store_name: STORE_NAME,
    customer_id: null,
    customer_is_guest: 1,
    customer_firstname: 'Ada',
    customer_lastname: 'Lovelace',
    customer_email: 'ada@example.com',
    customer_group_id: 0,
    increment_id: `1000000${id}`,
    base_grand_total: '110.0000',
    grand_total: '121.0000',
    base_total_paid: '110.0000',
    total_paid: '121.0000',
    base_subtotal: '100.0000',
    base_shipping_amount: '10.0000',
    base_currency_code: 'USD',
    order_currency_code: 'EUR',
    shipping_description: 'Flat Rate - Fixed',
    created_at: '2024-03-01 10:00:00',
    updated_at: '2024-03-02 11:00:00',
    billing_address_id: overrides.billing === null ? null : billingId,
    shipping_address_id: overrides.shipping === null ? null : shippingId,
    ...overrides.order,
  })
  if (overrides.billing !== null) {
    await insert(fixture, 'sales_order_address', {
      entity_id: billingId,
      parent_id: id,
      address_type: 'billing',
      firstname: 'Ada',
      lastname: 'Lovelace',
      street: '12 Analytical Way\nFloor 2',
      city: 'London',
      region: 'Greater London',
      postcode: 'N1 9GU',
      country_id: 'GB',
      telephone: '0207',
      ...overrides.billing,
    })
  }
  if (overrides.shipping !== null) {
    await insert(fixture, 'sales_order_address', {
      entity_id: shippingId,
      parent_id: id,
      address_type: 'shipping',
      firstname: 'Charles',
      lastname: 'Babbage',
      street: '1 Engine Rd',
      city: 'Cambridge',
      region: null,
      postcode: 'CB2 1TN',
      country_id: 'GB',
      telephone: '0122',
      ...overrides.shipping,
    })
  }
  await insert(fixture, 'sales_order_payment', { entity_id: id, parent_id: id, method: overrides.method ?? 'checkmo' })
}

for (const prefix of ['', 'm2p_']) {
  describeWithFixtures(
    `Magento 2 sales grids rebuilt from the Magento 2 tables${prefix === '' ? '' : ` (dest prefix ${prefix})`}`,
    () => {
      const dbs = useTestDatabases()
      const fixture = { prefix } as Fixture

      beforeAll(async () => {
        const m2 = await dbs.create('sales_grids_m2')
        await loadDump(m2, fixturePath(MAGENTO2_DUMP), prefix === '' ? {} : { tablePrefix: prefix })
        fixture.client = await connect(m2, 'destination')
        fixture.schema = await schemaOf(fixture.client)
      })

      afterAll(async () => {
        await fixture.client?.close()
      })

      it('writes an order grid row as Magento 2.4 does, updates it, and removes it once the order is gone', async () => {
        await insertOrder(fixture, 101)
        await rebuild(fixture, { order: [101] })
        expect(await gridRow(fixture, 'sales_order_grid', 101)).toEqual({
          entity_id: 101,
          status: 'processing',
          store_id: 1,
          store_name: STORE_NAME,
          customer_id: null,
          base_grand_total: '110.0000',
          base_total_paid: '110.0000',
          grand_total: '121.0000',
          total_paid: '121.0000',
          increment_id: '1000000101',
          base_currency_code: 'USD',
          order_currency_code: 'EUR',
          shipping_name: 'Charles Babbage',
          billing_name: 'Ada Lovelace',
          created_at: '2024-03-01 10:00:00',
          updated_at: '2024-03-02 11:00:00',
          billing_address: '12 Analytical Way\nFloor 2,London,Greater London,N1 9GU',
          shipping_address: '1 Engine Rd,Cambridge,CB2 1TN',
          shipping_information: 'Flat Rate - Fixed',
          customer_email: 'ada@example.com',
          customer_group: '0',
          subtotal: '100.0000',
          shipping_and_handling: '10.0000',
          customer_name: 'Ada Lovelace',
          payment_method: 'checkmo',
          total_refunded: null,
        })

        await fixture.client.execute(
          `UPDATE ${quoteIdentifier(`${prefix}sales_order`)} SET status = 'complete', total_refunded = '5.0000' WHERE entity_id = 101`,
        )
        await fixture.client.execute(
          `UPDATE ${quoteIdentifier(`${prefix}sales_order_address`)} SET firstname = 'Augusta Ada' WHERE entity_id = 1011`,
        )
        await rebuild(fixture, { order: [101, '101'] })
        expect(await gridRow(fixture, 'sales_order_grid', 101)).toMatchObject({
          status: 'complete',
          total_refunded: '5.0000',
          billing_name: 'Augusta Ada Lovelace',
        })

        await fixture.client.execute(`DELETE FROM ${quoteIdentifier(`${prefix}sales_order`)} WHERE entity_id = 101`)
        await rebuild(fixture, { order: [101] })
        expect(await gridRow(fixture, 'sales_order_grid', 101)).toBeUndefined()
      })

      it('finds the addresses of an order whose address ids are not set, and leaves names empty without addresses', async () => {
        await insertOrder(fixture, 102, { order: { billing_address_id: null, shipping_address_id: null } })
        await insertOrder(fixture, 103, {
          billing: null,
          shipping: null,
          order: { customer_firstname: null, customer_lastname: 'Guest' },
        })
        await rebuild(fixture, { order: [102, 103, 999_999] })
        expect(await gridRow(fixture, 'sales_order_grid', 102)).toMatchObject({
          billing_name: 'Ada Lovelace',
          shipping_name: 'Charles Babbage',
          shipping_address: '1 Engine Rd,Cambridge,CB2 1TN',
        })
        expect(await gridRow(fixture, 'sales_order_grid', 103)).toMatchObject({
          billing_name: '',
          shipping_name: '',
          billing_address: '',
          customer_name: 'Guest',
          payment_method: 'checkmo',
        })
        expect(await gridRow(fixture, 'sales_order_grid', 999_999)).toBeUndefined()
      })

      it('writes invoice, shipment and credit memo grid rows, follows order changes and removes deleted documents', async () => {
        await insertOrder(fixture, 104, { method: 'paypal_express' })
        await insert(fixture, 'sales_invoice', {
          entity_id: 401,
          order_id: 104,
          increment_id: '100000401',
          state: 2,
          store_id: 1,
          base_grand_total: '110.0000',
          grand_total: '121.0000',
          store_currency_code: 'USD',
          order_currency_code: 'EUR',
          base_currency_code: 'USD',
          global_currency_code: 'USD',
          billing_address_id: 1041,
          shipping_address_id: 1042,
          created_at: '2024-03-03 09:00:00',
          updated_at: '2024-03-03 09:30:00',
        })
        // As Magento 1 writes shipments: no billing_address_id.
        await insert(fixture, 'sales_shipment', {
          entity_id: 501,
          order_id: 104,
          increment_id: '100000501',
          store_id: 1,
          total_qty: '2.0000',
          shipment_status: null,
          billing_address_id: null,
          shipping_address_id: 1042,
          created_at: '2024-03-04 09:00:00',
          updated_at: '2024-03-04 09:00:00',
        })
        await insert(fixture, 'sales_creditmemo', {
          entity_id: 601,
          order_id: 104,
          increment_id: '100000601',
          state: 2,
          store_id: 1,
          base_grand_total: '20.0000',
          subtotal: '15.0000',
          shipping_amount: '5.0000',
          adjustment_positive: '1.0000',
          adjustment_negative: '0.5000',
          billing_address_id: 1041,
          shipping_address_id: 1042,
          created_at: '2024-03-05 09:00:00',
          updated_at: '2024-03-05 09:00:00',
        })
        await rebuild(fixture, { invoice: [401], shipment: [501], creditmemo: [601] })

        expect(await gridRow(fixture, 'sales_invoice_grid', 401)).toEqual({
          entity_id: 401,
          increment_id: '100000401',
          state: 2,
          store_id: 1,
          store_name: STORE_NAME,
          order_id: 104,
          order_increment_id: '1000000104',
          order_created_at: '2024-03-01 10:00:00',
          customer_name: 'Ada Lovelace',
          customer_email: 'ada@example.com',
          customer_group_id: 0,
          payment_method: 'paypal_express',
          store_currency_code: 'USD',
          order_currency_code: 'EUR',
          base_currency_code: 'USD',
          global_currency_code: 'USD',
          billing_name: 'Ada Lovelace',
          billing_address: '12 Analytical Way\nFloor 2,London,Greater London,N1 9GU',
          shipping_address: '1 Engine Rd,Cambridge,CB2 1TN',
          shipping_information: 'Flat Rate - Fixed',
          subtotal: '100.0000',
          shipping_and_handling: '10.0000',
          base_grand_total: '110.0000',
          grand_total: '121.0000',
          created_at: '2024-03-03 09:00:00',
          updated_at: '2024-03-03 09:30:00',
        })
        expect(await gridRow(fixture, 'sales_shipment_grid', 501)).toEqual({
          entity_id: 501,
          increment_id: '100000501',
          store_id: 1,
          order_increment_id: '1000000104',
          order_id: 104,
          order_created_at: '2024-03-01 10:00:00',
          customer_name: 'Ada Lovelace',
          total_qty: '2.0000',
          shipment_status: null,
          order_status: 'processing',
          billing_address: '12 Analytical Way\nFloor 2,London,Greater London,N1 9GU',
          shipping_address: '1 Engine Rd,Cambridge,CB2 1TN',
          billing_name: 'Ada Lovelace',
          shipping_name: 'Charles Babbage',
          customer_email: 'ada@example.com',
          customer_group_id: 0,
          payment_method: 'paypal_express',
          shipping_information: 'Flat Rate - Fixed',
          created_at: '2024-03-04 09:00:00',
          updated_at: '2024-03-04 09:00:00',
        })
        expect(await gridRow(fixture, 'sales_creditmemo_grid', 601)).toEqual({
          entity_id: 601,
          increment_id: '100000601',
          created_at: '2024-03-05 09:00:00',
          updated_at: '2024-03-05 09:00:00',
          order_id: 104,
          order_increment_id: '1000000104',
          order_created_at: '2024-03-01 10:00:00',
          billing_name: 'Ada Lovelace',
          state: 2,
          base_grand_total: '20.0000',
          order_status: 'processing',
          store_id: 1,
          billing_address: '12 Analytical Way\nFloor 2,London,Greater London,N1 9GU',
          shipping_address: '1 Engine Rd,Cambridge,CB2 1TN',
          customer_name: 'Ada Lovelace',
          customer_email: 'ada@example.com',
          customer_group_id: 0,
          payment_method: 'paypal_express',
          shipping_information: 'Flat Rate - Fixed',
          subtotal: '15.0000',
          shipping_and_handling: '5.0000',
          adjustment_positive: '1.0000',
          adjustment_negative: '0.5000',
          order_base_grand_total: '110.0000',
        })

        // A changed order refreshes the grid rows of its documents too.
        await fixture.client.execute(
          `UPDATE ${quoteIdentifier(`${prefix}sales_order`)} SET status = 'closed' WHERE entity_id = 104`,
        )
        await rebuild(fixture, { order: [104] })
        expect(await gridRow(fixture, 'sales_shipment_grid', 501)).toMatchObject({ order_status: 'closed' })
        expect(await gridRow(fixture, 'sales_creditmemo_grid', 601)).toMatchObject({ order_status: 'closed' })

        await fixture.client.execute(`DELETE FROM ${quoteIdentifier(`${prefix}sales_invoice`)} WHERE entity_id = 401`)
        await rebuild(fixture, { invoice: [401] })
        expect(await gridRow(fixture, 'sales_invoice_grid', 401)).toBeUndefined()
        expect(await gridRow(fixture, 'sales_shipment_grid', 501)).toBeDefined()

        // Deleting the order cascades to its shipment and credit memo; the order's id is enough.
        await fixture.client.execute(`DELETE FROM ${quoteIdentifier(`${prefix}sales_order`)} WHERE entity_id = 104`)
        await rebuild(fixture, { order: [104] })
        expect(await gridRow(fixture, 'sales_order_grid', 104)).toBeUndefined()
        expect(await gridRow(fixture, 'sales_shipment_grid', 501)).toBeUndefined()
        expect(await gridRow(fixture, 'sales_creditmemo_grid', 601)).toBeUndefined()
      })

      it('a full rebuild walks each grid in entity ranges: the rows a rebuild by ids writes, stale rows removed, progress per grid', async () => {
        for (const id of [201, 202, 203, 204, 205]) await insertOrder(fixture, id)
        await insert(fixture, 'sales_invoice', {
          entity_id: 703,
          order_id: 203,
          increment_id: '100000703',
          state: 2,
          store_id: 1,
          base_grand_total: '1.0000',
          grand_total: '1.0000',
        })
        await insert(fixture, 'sales_order_grid', { entity_id: 299, status: 'stale', increment_id: 'stale' })
        const options = { destPrefix: prefix, schema: fixture.schema }
        const reported: string[] = []
        const progress = {
          begin: (label: string, total: number) => reported.push(`${label}: ${total}`),
          advance: (done: number) => reported.push(String(done)),
          end: () => reported.push('end'),
        }
        await fixture.client.transaction((session) => rebuildAllGrids(session, options, progress, 2))
        const grids = ['sales_order_grid', 'sales_invoice_grid']
        const rows = async (): Promise<SqlRow[][]> =>
          Promise.all(
            grids.map((grid) =>
              fixture.client.query(
                `SELECT * FROM ${quoteIdentifier(prefix + grid)} WHERE entity_id BETWEEN 201 AND 299 OR entity_id = 703 ORDER BY entity_id`,
              ),
            ),
          )
        const ranged = await rows()
        expect(ranged[0]?.map((row) => row['entity_id'])).toEqual([201, 202, 203, 204, 205])
        expect(ranged[1]?.map((row) => row['entity_id'])).toEqual([703])
        const orders = Number(
          (
            await fixture.client.query<{ n: number }>(
              `SELECT COUNT(*) AS n FROM ${quoteIdentifier(`${prefix}sales_order`)}`,
            )
          )[0]?.n,
        )
        expect(reported[0]).toBe(`sales grids (orders): ${orders}`)
        expect(reported).toContain(
          'sales grids (invoices): ' +
            String(
              (
                await fixture.client.query<{ n: number }>(
                  `SELECT COUNT(*) AS n FROM ${quoteIdentifier(`${prefix}sales_invoice`)}`,
                )
              )[0]?.n,
            ),
        )
        // Ranges of two orders: 2, 4, … and the last, then the end.
        const advances = Array.from({ length: Math.ceil(orders / 2) }, (_, index) =>
          String(Math.min(orders, (index + 1) * 2)),
        )
        expect(reported.slice(1, advances.length + 2)).toEqual([...advances, 'end'])
        for (const grid of grids)
          await fixture.client.execute(
            `DELETE FROM ${quoteIdentifier(prefix + grid)} WHERE entity_id BETWEEN 201 AND 299 OR entity_id = 703`,
          )
        await rebuild(fixture, { order: [201, 202, 203, 204, 205], invoice: [703] })
        expect(await rows()).toEqual(ranged)
      })

      it('does nothing for empty id lists', () => {
        expect(gridStatements({ destPrefix: prefix, schema: fixture.schema }, {})).toEqual([])
        expect(gridStatements({ destPrefix: prefix, schema: fixture.schema }, { order: [], invoice: [null] })).toEqual(
          [],
        )
      })

      it('cuts text to the grid column and fills columns an extension added to the grid and the order', async () => {
        const order = quoteIdentifier(`${prefix}sales_order`)
        const grid = quoteIdentifier(`${prefix}sales_order_grid`)
        await fixture.client.execute(`ALTER TABLE ${order} ADD COLUMN mig_extra VARCHAR(20) NULL`)
        await fixture.client.execute(
          `ALTER TABLE ${grid} ADD COLUMN mig_extra VARCHAR(20) NULL, ADD COLUMN grid_only INT NULL DEFAULT 7`,
        )
        fixture.schema = await schemaOf(fixture.client)
        const long = 'x'.repeat(100)
        await insertOrder(fixture, 105, {
          order: { mig_extra: 'from-extension', customer_firstname: long, customer_lastname: long },
        })
        await insert(fixture, 'sales_shipment', {
          entity_id: 502,
          order_id: 105,
          increment_id: '100000502',
          store_id: 1,
          shipping_address_id: 1052,
        })
        await rebuild(fixture, { order: [105], shipment: [502] })
        expect(await gridRow(fixture, 'sales_order_grid', 105)).toMatchObject({
          mig_extra: 'from-extension',
          grid_only: 7,
          customer_name: `${long} ${long}`,
        })
        const shipment = await gridRow(fixture, 'sales_shipment_grid', 502)
        // sales_shipment_grid.customer_name is VARCHAR(128) NOT NULL.
        expect(shipment?.['customer_name']).toBe(`${long} ${long}`.slice(0, 128))
        expect(shipment).toMatchObject({ order_increment_id: '1000000105', billing_name: 'Ada Lovelace' })
      })
    },
    [MAGENTO2_DUMP],
  )
}

it('builds one INSERT … SELECT … ON DUPLICATE KEY UPDATE and one DELETE per grid and chunk', () => {
  const column = (name: string, nullable = true): TableSchema['columns'][number] => ({
    name,
    columnType: name.endsWith('id') ? 'int(10) unsigned' : 'varchar(255)',
    dataType: name.endsWith('id') ? 'int' : 'varchar',
    nullable,
    defaultValue: null,
    hasDefault: nullable,
    autoIncrement: false,
    generated: false,
    characterSet: null,
    collation: null,
  })
  const table = (name: string, columns: string[]): [string, TableSchema] => [
    name,
    {
      name,
      columns: columns.map((c) => column(c, c !== 'entity_id')),
      primaryKey: ['entity_id'],
      uniqueKeys: [],
      foreignKeys: [],
      comment: '',
    },
  ]
  const schema = new Map([
    table('p_sales_order', ['entity_id', 'status', 'billing_address_id', 'shipping_address_id']),
    table('p_sales_order_grid', ['entity_id', 'status', 'billing_name', 'payment_method']),
    table('p_sales_order_address', ['entity_id', 'parent_id', 'address_type', 'firstname', 'lastname']),
    table('p_sales_order_payment', ['entity_id', 'parent_id', 'method']),
  ])
  const ids = Array.from({ length: 501 }, (_, index) => index + 1)
  const statements = gridStatements({ destPrefix: 'p_', schema }, { order: ids })
  expect(statements).toHaveLength(4)
  expect(statements[0]?.sql).toMatch(
    /^DELETE FROM `p_sales_order_grid` WHERE `entity_id` IN \(\?(, \?){499}\) AND NOT EXISTS \(SELECT 1 FROM `p_sales_order` m WHERE/,
  )
  expect(statements[1]?.sql).toContain(
    'INSERT INTO `p_sales_order_grid` (`entity_id`, `status`, `billing_name`, `payment_method`) SELECT m.`entity_id`, ',
  )
  expect(statements[1]?.sql).toContain(
    "TRIM(CONCAT_WS(' ', IF(ba.`firstname` <> '', ba.`firstname`, NULL), IF(ba.`lastname` <> '', ba.`lastname`, NULL)))",
  )
  expect(statements[1]?.sql).toContain('LEFT JOIN `p_sales_order_payment` p ON p.`parent_id` = m.`entity_id`')
  expect(statements[1]?.sql).toContain(
    'ON DUPLICATE KEY UPDATE `status` = VALUES(`status`), `billing_name` = VALUES(`billing_name`), `payment_method` = VALUES(`payment_method`)',
  )
  expect(statements[1]?.sql).not.toContain('sa.')
  expect(statements[3]?.params).toEqual([501])
})
