import type { ColumnSchema } from '@mig/core/engine'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeWithFixtures, useTestDatabases } from '../../support/index.js'
import { loadMagentoPair, type MagentoPair } from '../sales/helpers.js'
import { CUSTOMER_EAV_ENTITIES, readStaticColumns, staticColumnValue, valueTableOf } from '@mig/plugin-customer'

const column = (overrides: Partial<ColumnSchema>): ColumnSchema => ({
  name: 'c',
  columnType: 'varchar(255)',
  dataType: 'varchar',
  nullable: true,
  defaultValue: null,
  hasDefault: false,
  autoIncrement: false,
  generated: false,
  characterSet: 'utf8mb4',
  collation: 'utf8mb4_general_ci',
  ...overrides,
})

describe('staticColumnValue', () => {
  it('keeps values as read, byte for byte', () => {
    expect(staticColumnValue(column({}), 'Zoë  ')).toBe('Zoë  ')
    expect(staticColumnValue(column({ dataType: 'datetime' }), '2024-02-29 13:14:15')).toBe('2024-02-29 13:14:15')
    expect(staticColumnValue(column({ dataType: 'int' }), 7)).toBe(7)
  })
  it("gives a DATE column (dob) the date part of Magento 1's DATETIME value", () => {
    expect(staticColumnValue(column({ dataType: 'date' }), '1980-05-12 00:00:00')).toBe('1980-05-12')
    expect(staticColumnValue(column({ dataType: 'date' }), '1980-05-12')).toBe('1980-05-12')
  })
  it("writes NULL for a missing value, or '' / 0 where Magento 2 declares the column NOT NULL", () => {
    expect(staticColumnValue(column({}), undefined)).toBeNull()
    expect(staticColumnValue(column({}), null)).toBeNull()
    expect(staticColumnValue(column({ nullable: false }), undefined)).toBe('')
    expect(staticColumnValue(column({ nullable: false, dataType: 'int' }), null)).toBe('0')
  })
})

describe('valueTableOf', () => {
  it('knows the value tables of customers and addresses, and nothing else', () => {
    expect(valueTableOf('customer_entity_varchar')).toMatchObject({
      backendType: 'varchar',
      entity: { entityTypeCode: 'customer' },
    })
    expect(valueTableOf('customer_address_entity_int')).toMatchObject({
      backendType: 'int',
      entity: { entityTypeCode: 'customer_address' },
    })
    expect(valueTableOf('customer_entity')).toBeUndefined()
    expect(valueTableOf('customer_entity_gallery')).toBeUndefined()
    expect(valueTableOf('catalog_product_entity_varchar')).toBeUndefined()
  })
})

/** The columns Magento 2 2.4 has for what Magento 1 keeps as values (the issue's list). */
const EXPECTED: Record<string, string[]> = {
  customer: [
    'confirmation',
    'created_in',
    'default_billing',
    'default_shipping',
    'dob',
    'firstname',
    'gender',
    'lastname',
    'middlename',
    'password_hash',
    'prefix',
    'rp_token',
    'rp_token_created_at',
    'suffix',
    'taxvat',
  ],
  customer_address: [
    'city',
    'company',
    'country_id',
    'fax',
    'firstname',
    'lastname',
    'middlename',
    'postcode',
    'prefix',
    'region',
    'region_id',
    'street',
    'suffix',
    'telephone',
    'vat_id',
    'vat_is_valid',
    'vat_request_date',
    'vat_request_id',
    'vat_request_success',
  ],
}

for (const [sourcePrefix, destPrefix] of [
  ['', ''],
  ['magev1_', 'm2p_'],
] as const) {
  describeWithFixtures(
    `readStaticColumns on the real dumps${sourcePrefix ? ` (prefixes ${sourcePrefix} → ${destPrefix})` : ''}`,
    () => {
      const dbs = useTestDatabases()
      let pair: MagentoPair
      const sides = (): Parameters<typeof readStaticColumns>[0] => ({ ...pair, sourcePrefix, destPrefix })

      beforeAll(async () => {
        pair = await loadMagentoPair(dbs, 'cust_static', sourcePrefix, destPrefix)
      })

      afterAll(async () => {
        await pair?.close()
      })

      it('finds, from both schemas, exactly the attributes whose Magento 1 values are Magento 2 columns', async () => {
        for (const entity of CUSTOMER_EAV_ENTITIES) {
          const columns = await readStaticColumns(sides(), entity)
          expect(columns.map((item) => item.code).sort(), entity.entityTypeCode).toEqual(
            EXPECTED[entity.entityTypeCode],
          )
          const dob = columns.find((item) => item.code === 'dob')
          if (dob)
            expect({ backendType: dob.backendType, dataType: dob.column.dataType }).toEqual({
              backendType: 'datetime',
              dataType: 'date',
            })
        }
      })

      it('follows the live schema: an attribute Magento 2 keeps as EAV stays a value, a Magento 2 column without an attribute is ignored', async () => {
        await pair.destination.execute(
          `UPDATE \`${destPrefix}eav_attribute\` SET backend_type = 'varchar' WHERE attribute_code = 'taxvat' AND entity_type_id = (SELECT entity_type_id FROM \`${destPrefix}eav_entity_type\` WHERE entity_type_code = 'customer')`,
        )
        try {
          const columns = await readStaticColumns(sides(), CUSTOMER_EAV_ENTITIES[0]!)
          expect(columns.map((item) => item.code)).not.toContain('taxvat')
          expect(columns.map((item) => item.code)).not.toContain('failures_num')
        } finally {
          await pair.destination.execute(
            `UPDATE \`${destPrefix}eav_attribute\` SET backend_type = 'static' WHERE attribute_code = 'taxvat' AND entity_type_id = (SELECT entity_type_id FROM \`${destPrefix}eav_entity_type\` WHERE entity_type_code = 'customer')`,
          )
        }
      })
    },
  )
}
