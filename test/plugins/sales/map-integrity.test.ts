import type { DatabaseClient, SqlValue, TableSchema } from '@mig/core/engine'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  describeWithFixtures,
  fixturePath,
  loadDump,
  MAGENTO1_DUMP,
  MAGENTO2_DUMP,
  useTestDatabases,
} from '../../support/index.js'
import { phpSerialize } from '../../support/writer/index.js'
import type { MapRules } from '@mig/core/engine'
import { createDefaultHandlerRegistry } from '@mig/core/engine'
import { checkIntegrity, RecordTransformer } from '@mig/core/engine'
import { connect, NOT_COPIED, readSalesMap, SALES_TABLES, salesTablesFromFacts, schemaOf } from './helpers.js'

it('the suite checks exactly the sales tables of the facts TSV', () => {
  const fromFacts = salesTablesFromFacts()
  if (fromFacts === undefined) return
  expect([...SALES_TABLES].sort()).toEqual([...fromFacts].sort())
})

for (const sourcePrefix of ['', 'magev1_']) {
  describeWithFixtures(
    `sales map.xml against the real dumps${sourcePrefix === '' ? '' : ` (source prefix ${sourcePrefix})`}`,
    () => {
      const dbs = useTestDatabases()
      let source: DatabaseClient
      let destination: DatabaseClient
      let sourceSchema: Map<string, TableSchema>
      let destinationSchema: Map<string, TableSchema>
      let rules: MapRules
      const registry = createDefaultHandlerRegistry()

      beforeAll(async () => {
        const m1 = await dbs.create('sales_map_m1')
        const m2 = await dbs.create('sales_map_m2')
        await Promise.all([
          loadDump(m1, fixturePath(MAGENTO1_DUMP), sourcePrefix === '' ? {} : { tablePrefix: sourcePrefix }),
          loadDump(m2, fixturePath(MAGENTO2_DUMP)),
        ])
        source = await connect(m1, 'source')
        destination = await connect(m2, 'destination')
        sourceSchema = await schemaOf(source)
        destinationSchema = await schemaOf(destination)
        rules = await readSalesMap()
      })

      afterAll(async () => {
        await source?.close()
        await destination?.close()
      })

      const transformer = (sourceTable: string): RecordTransformer =>
        RecordTransformer.create({
          rules,
          sourceTable,
          registry,
          sourceSchema,
          destinationSchema,
          sourcePrefix,
          destPrefix: '',
        })

      const transform = (sourceTable: string, row: Record<string, SqlValue>): Record<string, SqlValue> => {
        const result = transformer(sourceTable).transform(row)
        if ('rejected' in result) throw new Error(`${sourceTable} row rejected: ${result.rejected}`)
        return result.row
      }

      it('has zero integrity problems for every sales table, and ignores only the grids and eav_entity_store', () => {
        const report = checkIntegrity({
          rules,
          tables: SALES_TABLES,
          registry,
          sourceSchema,
          destinationSchema,
          sourcePrefix,
          destPrefix: '',
        })
        expect(
          report.problems.map(
            (problem) => `${problem.kind} ${problem.table}.${problem.field ?? ''}: ${problem.message}`,
          ),
        ).toEqual([])
        expect(report.skipped).toEqual([])
        expect([...report.ignored].sort()).toEqual([...NOT_COPIED].sort())
        // Every copied table really reaches an existing Magento 2 table.
        for (const table of SALES_TABLES.filter((name) => !NOT_COPIED.includes(name))) {
          expect(destinationSchema.has(transformer(table).mapping.destinationPhysicalTable)).toBe(true)
        }
      })

      it('moves the hidden tax columns to discount_tax_compensation and keeps values as read', () => {
        const row = transform('sales_flat_order', {
          entity_id: 7,
          increment_id: '100000007',
          store_id: 1,
          created_at: '0000-00-00 00:00:00',
          grand_total: '123.4500',
          hidden_tax_amount: '1.2300',
          base_hidden_tax_amount: '1.1100',
          shipping_hidden_tax_amount: '0.5000',
          base_shipping_hidden_tax_amnt: '0.4500',
          hidden_tax_invoiced: '1.2300',
          base_hidden_tax_invoiced: '1.1100',
          hidden_tax_refunded: '0.0000',
          base_hidden_tax_refunded: '0.0000',
        })
        expect(row).toEqual({
          entity_id: 7,
          store_id: 1,
          grand_total: '123.4500',
          increment_id: '100000007',
          created_at: '0000-00-00 00:00:00',
          discount_tax_compensation_amount: '1.2300',
          base_discount_tax_compensation_amount: '1.1100',
          shipping_discount_tax_compensation_amount: '0.5000',
          base_shipping_discount_tax_compensation_amnt: '0.4500',
          discount_tax_compensation_invoiced: '1.2300',
          base_discount_tax_compensation_invoiced: '1.1100',
          discount_tax_compensation_refunded: '0.0000',
          base_discount_tax_compensation_refunded: '0.0000',
        })
        expect(Object.keys(row)).not.toContain('send_email')

        const item = transform('sales_flat_order_item', {
          item_id: 3,
          hidden_tax_canceled: '0.1000',
          is_nominal: 0,
          hidden_tax_amount: '0.2000',
        })
        expect(item).toEqual({
          item_id: 3,
          discount_tax_compensation_amount: '0.2000',
          discount_tax_compensation_canceled: '0.1000',
        })
        expect(
          transform('sales_flat_quote_address', { address_id: 1, base_shipping_hidden_tax_amnt: '2.0000' }),
        ).toEqual({
          address_id: 1,
          base_shipping_discount_tax_compensation_amnt: '2.0000',
        })
        expect(transform('sales_flat_creditmemo_item', { entity_id: 1, base_hidden_tax_amount: '0.3000' })).toEqual({
          entity_id: 1,
          base_discount_tax_compensation_amount: '0.3000',
        })
      })

      it('moves cc_last4, drops Magento 1-only payment columns and card data encrypted with the Magento 1 key', () => {
        const additional = phpSerialize({
          paypal_payer_email: 'buyer@example.com',
          paypal_redirect: 'https://www.paypal.com/cgi-bin/webscr?cmd=_express-checkout&token=EC-1',
        })
        const payment = transform('sales_flat_order_payment', {
          entity_id: 5,
          parent_id: 4,
          method: 'ccsave',
          cc_last4: '1111',
          cc_number_enc: 'bWFnZW50bzEtZW5jcnlwdGVk',
          paybox_request_number: '42',
          additional_information: additional,
        })
        expect(payment).toEqual({
          entity_id: 5,
          parent_id: 4,
          method: 'ccsave',
          cc_last_4: '1111',
          cc_number_enc: null,
          additional_information:
            '{"paypal_payer_email":"buyer@example.com","paypal_redirect":"https:\\/\\/www.paypal.com\\/cgi-bin\\/webscr?cmd=_express-checkout&token=EC-1"}',
        })
        const quotePayment = transform('sales_flat_quote_payment', {
          payment_id: 2,
          cc_last4: '0004',
          cc_cid_enc: 'xyz',
          additional_information: null,
        })
        expect(quotePayment).toEqual({
          payment_id: 2,
          cc_last_4: '0004',
          cc_cid_enc: null,
          additional_information: null,
        })
      })

      it('writes product_options, weee_tax_applied, packages, applied_taxes and transaction data as Magento 2 JSON', () => {
        const fileOption = phpSerialize({
          type: 'image/png',
          title: 'logo.png',
          quote_path: '/media/custom_options/quote/l/o/abc.png',
          size: 1024,
        })
        const productOptions = phpSerialize({
          info_buyRequest: { uenc: 'aHR0cDovL2V4YW1wbGUuY29tLw,,', product: '12', qty: 2, options: { 3: 'Grüße' } },
          options: [
            { label: 'Engraving', value: 'Grüße', option_id: '3', option_type: 'field', option_value: 'Grüße' },
            { label: 'Logo', value: 'logo.png', option_id: '4', option_type: 'file', option_value: fileOption },
          ],
        })
        const item = transform('sales_flat_order_item', {
          item_id: 9,
          product_options: productOptions,
          weee_tax_applied: 'a:0:{}',
        })
        expect(item['weee_tax_applied']).toBe('[]')
        const json = item['product_options'] as string
        expect(json).toContain('"Gr\\u00fc\\u00dfe"')
        const decoded = JSON.parse(json) as {
          info_buyRequest: { qty: number; options: Record<string, string> }
          options: { option_value: string }[]
        }
        expect(decoded.info_buyRequest.qty).toBe(2)
        expect(decoded.info_buyRequest.options).toEqual({ 3: 'Grüße' })
        // The nested serialized file option becomes JSON too, as Magento 2's SerializedDataConverter does.
        expect(JSON.parse(decoded.options[1]!.option_value)).toEqual({
          type: 'image/png',
          title: 'logo.png',
          quote_path: '/media/custom_options/quote/l/o/abc.png',
          size: 1024,
        })

        const packages = phpSerialize(
          new Map([[1, { params: { container: '', weight: 1.5 }, items: { 7: { qty: '1', name: 'Shirt' } } }]]),
        )
        expect(JSON.parse(transform('sales_flat_shipment', { entity_id: 1, packages })['packages'] as string)).toEqual({
          1: { params: { container: '', weight: 1.5 }, items: { 7: { qty: '1', name: 'Shirt' } } },
        })
        const taxes = phpSerialize({
          VAT: { rates: [{ code: 'VAT', title: 'VAT', percent: 20 }], percent: 20, id: 'VAT', amount: 3.5 },
        })
        expect(
          JSON.parse(
            transform('sales_flat_quote_address', { address_id: 3, applied_taxes: taxes })['applied_taxes'] as string,
          ),
        ).toMatchObject({
          VAT: { percent: 20, amount: 3.5 },
        })
        const raw = phpSerialize({ raw_details_info: { TRANSACTIONID: '9X', AMT: '12.00' } })
        expect(
          transform('sales_payment_transaction', { transaction_id: 1, additional_information: raw })[
            'additional_information'
          ],
        ).toBe('{"raw_details_info":{"TRANSACTIONID":"9X","AMT":"12.00"}}')
      })

      it('converts only serialized quote item options', () => {
        const buyRequest = phpSerialize({ uenc: 'x', product: '12', qty: 1 })
        expect(
          transform('sales_flat_quote_item_option', {
            option_id: 1,
            item_id: 1,
            product_id: 12,
            code: 'info_buyRequest',
            value: buyRequest,
          })['value'],
        ).toBe('{"uenc":"x","product":"12","qty":1}')
        expect(
          transform('sales_flat_quote_item_option', {
            option_id: 2,
            item_id: 1,
            product_id: 12,
            code: 'product_type',
            value: 'simple',
          })['value'],
        ).toBe('simple')
        expect(
          transform('sales_flat_quote_item_option', {
            option_id: 3,
            item_id: 1,
            product_id: 12,
            code: 'option_ids',
            value: '3,4',
          })['value'],
        ).toBe('3,4')
        expect(
          transform('sales_flat_quote_item_option', {
            option_id: 4,
            item_id: 1,
            product_id: 12,
            code: 'option_3',
            value: 'plain text',
          })['value'],
        ).toBe('plain text')
        const file = phpSerialize({ type: 'image/png', title: 'a.png' })
        expect(
          transform('sales_flat_quote_item_option', {
            option_id: 5,
            item_id: 1,
            product_id: 12,
            code: 'option_4',
            value: file,
          })['value'],
        ).toBe('{"type":"image\\/png","title":"a.png"}')
      })

      it('fills the Magento 2-only NOT NULL columns of sales_order_tax_item and drops sales_order_tax.hidden', () => {
        expect(
          transform('sales_order_tax_item', { tax_item_id: 1, tax_id: 2, item_id: 3, tax_percent: '20.0000' }),
        ).toEqual({
          tax_item_id: 1,
          tax_id: 2,
          item_id: 3,
          tax_percent: '20.0000',
          amount: '0.0000',
          base_amount: '0.0000',
          real_amount: '0.0000',
          real_base_amount: '0.0000',
          taxable_item_type: 'product',
        })
        expect(transform('sales_order_tax', { tax_id: 2, order_id: 4, code: 'VAT', hidden: 0 })).toEqual({
          tax_id: 2,
          order_id: 4,
          code: 'VAT',
        })
      })
    },
  )
}
