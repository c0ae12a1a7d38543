import { quoteIdentifier, type DatabaseClient, type SqlRow, type SqlValue, type TableSchema } from '@mig/core/engine'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  describeWithFixtures,
  fixturePath,
  loadDump,
  MAGENTO1_DUMP,
  MAGENTO2_DUMP,
  openConnection,
  useTestDatabases,
} from '../../support/index.js'
import { DEFAULT_MIX, runWriter } from '../../support/writer/index.js'
import type { MapRules } from '@mig/core/engine'
import { createDefaultHandlerRegistry } from '@mig/core/engine'
import { RecordTransformer } from '@mig/core/engine'
import { raiseSequencesReport, readEntityStoreRows, rebuildGrids } from '@mig/plugin-sales'
import { connect, NOT_COPIED, readSalesMap, SALES_TABLES, schemaOf } from './helpers.js'

/**
 * Orders written by the seeded Magento 1 storefront writer (checkouts, invoices, shipments, refunds,
 * cancels, admin edits, deleted orders, carts) are mapped row by row with map.xml into the real
 * Magento 2 schema; then the Magento 2 grids are rebuilt and compared with the grids Magento 1 kept,
 * and the sequences are raised from eav_entity_store.
 */
for (const { sourcePrefix, destPrefix } of [
  { sourcePrefix: '', destPrefix: '' },
  { sourcePrefix: 'magev1_', destPrefix: 'm2p_' },
]) {
  describeWithFixtures(
    `writer orders mapped into Magento 2${sourcePrefix === '' ? '' : ` (prefixes ${sourcePrefix} → ${destPrefix})`}`,
    () => {
      const dbs = useTestDatabases()
      let m1: string
      let m2: string
      let source: DatabaseClient
      let destination: DatabaseClient
      let sourceSchema: Map<string, TableSchema>
      let destinationSchema: Map<string, TableSchema>
      let rules: MapRules
      const registry = createDefaultHandlerRegistry()
      const m1t = (table: string): string => `${quoteIdentifier(m1)}.${quoteIdentifier(sourcePrefix + table)}`
      const m2t = (table: string): string => `${quoteIdentifier(m2)}.${quoteIdentifier(destPrefix + table)}`
      const count = async (sql: string): Promise<number> =>
        Number((await destination.query<{ n: SqlValue }>(sql))[0]?.n)

      beforeAll(async () => {
        m1 = await dbs.create('sales_mig_m1')
        m2 = await dbs.create('sales_mig_m2')
        await Promise.all([
          loadDump(m1, fixturePath(MAGENTO1_DUMP), sourcePrefix === '' ? {} : { tablePrefix: sourcePrefix }),
          loadDump(m2, fixturePath(MAGENTO2_DUMP), destPrefix === '' ? {} : { tablePrefix: destPrefix }),
        ])
        const writer = await openConnection(m1)
        try {
          // Guests only: a registered checkout references a customer the customer plugin migrates.
          const stats = await runWriter({
            connection: writer,
            seed: 4242,
            tablePrefix: sourcePrefix,
            operations: 120,
            mix: { ...DEFAULT_MIX, registeredCheckout: 0 },
          })
          expect(stats.done.guestCheckout).toBeGreaterThan(10)
        } finally {
          await writer.end()
        }
        source = await connect(m1, 'source')
        destination = await connect(m2, 'destination')
        sourceSchema = await schemaOf(source)
        destinationSchema = await schemaOf(destination)
        rules = await readSalesMap()

        // The bulk copy, done here with map.xml and RecordTransformer (the engine's own copy is tested elsewhere).
        for (const table of SALES_TABLES.filter((name) => !NOT_COPIED.includes(name))) {
          const transformer = RecordTransformer.create({
            rules,
            sourceTable: table,
            registry,
            sourceSchema,
            destinationSchema,
            sourcePrefix,
            destPrefix,
          })
          const rows = await source.query(`SELECT * FROM ${quoteIdentifier(sourcePrefix + table)}`)
          const mapped: SqlRow[] = []
          for (const row of rows) {
            const result = transformer.transform(row)
            if ('rejected' in result) throw new Error(`${table}: ${result.rejected}`)
            mapped.push(result.row)
          }
          await destination.withSession(async (session) => {
            await session.execute('SET FOREIGN_KEY_CHECKS = 0')
            try {
              for (const row of mapped) {
                const columns = Object.keys(row)
                const list = columns.map(quoteIdentifier).join(', ')
                await session.execute(
                  `INSERT INTO ${quoteIdentifier(transformer.mapping.destinationPhysicalTable)} (${list}) VALUES (${columns.map(() => '?').join(', ')}) ` +
                    `ON DUPLICATE KEY UPDATE ${columns.map((column) => `${quoteIdentifier(column)} = VALUES(${quoteIdentifier(column)})`).join(', ')}`,
                  columns.map((column) => row[column] as SqlValue),
                )
              }
            } finally {
              await session.execute('SET FOREIGN_KEY_CHECKS = 1')
            }
          })
        }
      })

      afterAll(async () => {
        await source?.close()
        await destination?.close()
      })

      it('copies every row of every mapped table, with hidden tax and cc_last4 moved', async () => {
        for (const table of SALES_TABLES.filter((name) => !NOT_COPIED.includes(name))) {
          const target = destinationTable(table)
          const key = sourceSchema.get(sourcePrefix + table)?.primaryKey[0] as string
          const missing = await count(
            `SELECT COUNT(*) AS n FROM ${m1t(table)} a LEFT JOIN ${m2t(target)} b ON b.${quoteIdentifier(key)} = a.${quoteIdentifier(key)} WHERE b.${quoteIdentifier(key)} IS NULL`,
          )
          expect(missing, `${table} rows missing in ${target}`).toBe(0)
        }
        expect(await count(`SELECT COUNT(*) AS n FROM ${m2t('sales_order')}`)).toBeGreaterThan(10)
        expect(
          await count(
            `SELECT COUNT(*) AS n FROM ${m1t('sales_flat_order')} a JOIN ${m2t('sales_order')} b USING (entity_id)
            WHERE NOT (a.hidden_tax_amount <=> b.discount_tax_compensation_amount AND a.base_shipping_hidden_tax_amnt <=> b.base_shipping_discount_tax_compensation_amnt
                   AND a.created_at <=> b.created_at AND a.grand_total <=> b.grand_total AND a.increment_id <=> b.increment_id)`,
          ),
        ).toBe(0)
        expect(
          await count(
            `SELECT COUNT(*) AS n FROM ${m1t('sales_flat_order_payment')} a JOIN ${m2t('sales_order_payment')} b USING (entity_id) WHERE NOT (a.cc_last4 <=> b.cc_last_4)`,
          ),
        ).toBe(0)
      })

      it('stores JSON wherever Magento 1 stored serialized PHP', async () => {
        const values = async (table: string, column: string, where = 'TRUE'): Promise<string[]> =>
          (
            await destination.query<{ v: SqlValue }>(
              `SELECT ${quoteIdentifier(column)} AS v FROM ${m2t(table)} WHERE ${quoteIdentifier(column)} IS NOT NULL AND ${where}`,
            )
          ).map((row) => String(row.v))
        const checked: Record<string, number> = {}
        for (const [table, column, where] of [
          ['sales_order_item', 'product_options', 'TRUE'],
          ['sales_order_item', 'weee_tax_applied', 'TRUE'],
          ['sales_invoice_item', 'weee_tax_applied', 'TRUE'],
          ['sales_creditmemo_item', 'weee_tax_applied', 'TRUE'],
          ['quote_item', 'weee_tax_applied', 'TRUE'],
          ['sales_order_payment', 'additional_information', 'TRUE'],
          ['quote_payment', 'additional_information', 'TRUE'],
          ['sales_shipment', 'packages', 'TRUE'],
          ['sales_payment_transaction', 'additional_information', 'TRUE'],
          ['quote_address', 'applied_taxes', 'address_id > 2'],
          ['quote_item_option', 'value', "code = 'info_buyRequest'"],
        ] as const) {
          const found = await values(table, column, where)
          for (const value of found) expect(() => JSON.parse(value), `${table}.${column}: ${value}`).not.toThrow()
          checked[`${table}.${column}`] = found.length
        }
        expect(checked['sales_order_item.product_options']).toBeGreaterThan(10)
        expect(checked['quote_item_option.value']).toBeGreaterThan(10)
        expect(checked['sales_payment_transaction.additional_information']).toBeGreaterThan(0)
      })

      it('rebuilds the Magento 2 grids of the migrated documents consistently with the grids Magento 1 kept', async () => {
        const ids = async (table: string): Promise<SqlValue[]> =>
          (await destination.query<{ id: SqlValue }>(`SELECT entity_id AS id FROM ${m2t(table)}`)).map((row) => row.id)
        const gridIds = {
          order: await ids('sales_order'),
          invoice: await ids('sales_invoice'),
          shipment: await ids('sales_shipment'),
          creditmemo: await ids('sales_creditmemo'),
        }
        expect(gridIds.invoice.length).toBeGreaterThan(0)
        expect(gridIds.shipment.length).toBeGreaterThan(0)
        expect(gridIds.creditmemo.length).toBeGreaterThan(0)
        await destination.transaction((session) =>
          rebuildGrids(session, { destPrefix, schema: destinationSchema }, gridIds),
        )

        const compare = async (m1Grid: string, m2Grid: string, columns: readonly string[]): Promise<void> => {
          const differs = columns
            .map((column) => `NOT (a.${quoteIdentifier(column)} <=> b.${quoteIdentifier(column)})`)
            .join(' OR ')
          expect(await count(`SELECT COUNT(*) AS n FROM ${m1t(m1Grid)}`)).toBe(
            await count(`SELECT COUNT(*) AS n FROM ${m2t(m2Grid)}`),
          )
          const rows = await destination.query(
            `SELECT a.entity_id, ${columns.map((c) => `a.${quoteIdentifier(c)} AS ${quoteIdentifier(`m1_${c}`)}, b.${quoteIdentifier(c)} AS ${quoteIdentifier(`m2_${c}`)}`).join(', ')}
             FROM ${m1t(m1Grid)} a LEFT JOIN ${m2t(m2Grid)} b USING (entity_id) WHERE b.entity_id IS NULL OR ${differs} LIMIT 5`,
          )
          expect(rows, m2Grid).toEqual([])
        }
        await compare('sales_flat_order_grid', 'sales_order_grid', [
          'status',
          'store_id',
          'store_name',
          'customer_id',
          'base_grand_total',
          'grand_total',
          'base_total_paid',
          'total_paid',
          'increment_id',
          'base_currency_code',
          'order_currency_code',
          'billing_name',
          'shipping_name',
          'created_at',
          'updated_at',
        ])
        await compare('sales_flat_invoice_grid', 'sales_invoice_grid', [
          'store_id',
          'base_grand_total',
          'grand_total',
          'order_id',
          'state',
          'store_currency_code',
          'order_currency_code',
          'base_currency_code',
          'global_currency_code',
          'increment_id',
          'order_increment_id',
          'created_at',
          'order_created_at',
        ])
        await compare('sales_flat_shipment_grid', 'sales_shipment_grid', [
          'store_id',
          'total_qty',
          'order_id',
          'shipment_status',
          'increment_id',
          'order_increment_id',
          'created_at',
          'order_created_at',
        ])
        await compare('sales_flat_creditmemo_grid', 'sales_creditmemo_grid', [
          'store_id',
          'base_grand_total',
          'order_id',
          'state',
          'increment_id',
          'order_increment_id',
          'created_at',
          'order_created_at',
        ])
        // Magento 1 refreshes only the order grid when the admin edits an address, so its invoice,
        // shipment and credit memo grids may show old names; Magento 2's show the current address.
        for (const [document, grid, name, via] of [
          ['sales_flat_invoice', 'sales_invoice_grid', 'billing_name', 'billing_address_id'],
          ['sales_flat_shipment', 'sales_shipment_grid', 'shipping_name', 'shipping_address_id'],
          ['sales_flat_creditmemo', 'sales_creditmemo_grid', 'billing_name', 'billing_address_id'],
        ] as const) {
          const rows = await destination.query(
            `SELECT d.entity_id, CONCAT(a.firstname, ' ', a.lastname) AS expected, g.${name} AS actual
             FROM ${m1t(document)} d JOIN ${m1t('sales_flat_order_address')} a ON a.entity_id = d.${via}
             JOIN ${m2t(grid)} g ON g.entity_id = d.entity_id
            WHERE NOT (g.${name} <=> CONCAT(a.firstname, ' ', a.lastname)) LIMIT 5`,
          )
          expect(rows, `${grid}.${name}`).toEqual([])
        }
        // Magento 2-only grid columns are filled from the order, its addresses and its payment.
        expect(
          await count(
            `SELECT COUNT(*) AS n FROM ${m2t('sales_order_grid')} g JOIN ${m2t('sales_order')} o USING (entity_id) JOIN ${m2t('sales_order_payment')} p ON p.parent_id = o.entity_id
            WHERE NOT (g.payment_method <=> p.method AND g.customer_email <=> o.customer_email AND g.shipping_information <=> o.shipping_description
                   AND g.subtotal <=> o.base_subtotal AND g.billing_address <> '' AND g.customer_name <> '')`,
          ),
        ).toBe(0)
      })

      it('raises every store sequence above the last Magento 1 increment id', async () => {
        const keys = (
          await source.query<{ id: SqlValue }>(
            `SELECT entity_store_id AS id FROM ${quoteIdentifier(`${sourcePrefix}eav_entity_store`)}`,
          )
        ).map((row) => row.id)
        const rows = await source.withSession((session) => readEntityStoreRows(session, sourcePrefix, keys))
        const sales = rows.filter((row) =>
          ['order', 'invoice', 'shipment', 'creditmemo'].includes(row.entityTypeCode ?? ''),
        )
        expect(sales.map((row) => row.entityTypeCode).sort()).toEqual(['creditmemo', 'invoice', 'order', 'shipment'])
        const report = await destination.transaction((session) =>
          raiseSequencesReport(session, { destPrefix, schema: destinationSchema }, rows),
        )
        expect(report.warnings).toEqual([])
        for (const row of sales) {
          const sequence = report.sequences.find(
            (candidate) => candidate.entityTypeCode === row.entityTypeCode && candidate.storeId === String(row.storeId),
          )
          expect(sequence?.table).toBe(`${destPrefix}sequence_${row.entityTypeCode}_${row.storeId}`)
          expect(BigInt(sequence?.nextIncrementId ?? '0')).toBeGreaterThan(BigInt(row.lastIncrementId ?? ''))
          // Nothing migrated collides with the id Magento 2 hands out next.
          const main = {
            order: 'sales_order',
            invoice: 'sales_invoice',
            shipment: 'sales_shipment',
            creditmemo: 'sales_creditmemo',
          }[row.entityTypeCode as 'order']
          expect(
            await count(`SELECT COUNT(*) AS n FROM ${m2t(main)} WHERE increment_id >= '${sequence?.nextIncrementId}'`),
          ).toBe(0)
        }
      })

      function destinationTable(table: string): string {
        return RecordTransformer.create({
          rules,
          sourceTable: table,
          registry,
          sourceSchema,
          destinationSchema,
          sourcePrefix,
          destPrefix,
        }).destinationTable
      }
    },
  )
}
