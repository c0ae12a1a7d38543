import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { DatabaseClient } from '../../../src/db/database-client.js'
import { MigError } from '../../../src/errors/mig-error.js'
import { alignEav } from '../../../src/magento/eav/index.js'
import {
  describeWithFixtures,
  fixturePath,
  loadDump,
  MAGENTO1_DUMP,
  MAGENTO2_DUMP,
  openConnection,
  useTestDatabases,
} from '../../../../../test/support/index.js'
import { addMerchantData, capturingLogger, checksums, connect, rows, type MerchantData } from './helpers.js'

const EAV_TABLES = [
  'eav_entity_type',
  'eav_attribute_set',
  'eav_attribute_group',
  'eav_attribute',
  'eav_attribute_option',
  'eav_attribute_option_value',
  'eav_attribute_label',
  'eav_entity_attribute',
]
const TABLES = [
  ...EAV_TABLES,
  'catalog_eav_attribute',
  'catalog_product_entity_int',
  'catalog_product_entity_varchar',
  'catalog_product_super_attribute',
]

/** A failing alignment leaves Magento 2 exactly as it was, AUTO_INCREMENT counters included. */
describeWithFixtures('alignEav when Magento 2 cannot take the alignment', () => {
  const dbs = useTestDatabases()
  let m2Name: string
  let m1: Connection
  let m2: Connection
  let merchant: MerchantData
  let source: DatabaseClient
  let destination: DatabaseClient
  const state = async (): Promise<unknown> => ({
    checksums: await checksums(m2, m2Name, TABLES),
    counters: await rows(
      m2,
      `SELECT TABLE_NAME, AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?) ORDER BY TABLE_NAME`,
      [m2Name, EAV_TABLES],
    ),
  })
  const align = (): Promise<unknown> =>
    alignEav({ source, destination, sourcePrefix: '', destPrefix: '', log: capturingLogger().log })

  beforeAll(async () => {
    const m1Name = await dbs.create('eav_fail_m1')
    m2Name = await dbs.create('eav_fail_m2')
    await Promise.all([loadDump(m1Name, fixturePath(MAGENTO1_DUMP)), loadDump(m2Name, fixturePath(MAGENTO2_DUMP))])
    m1 = await openConnection(m1Name)
    merchant = await addMerchantData(m1, '')
    m2 = await openConnection(m2Name)
    source = await connect(m1Name, 'source')
    destination = await connect(m2Name, 'destination')
  })

  afterAll(async () => {
    await Promise.all([m1?.end(), m2?.end(), source?.close(), destination?.close()])
  })

  it('rolls everything back when a Magento 1 row does not fit, naming the row', async () => {
    // a Magento 2 column narrower than one Magento 1 value: fails after ids have moved
    const [longest] = await rows<{ n: number }>(
      m2,
      'SELECT MAX(CHAR_LENGTH(value)) AS n FROM eav_attribute_option_value',
    )
    const width = Number(longest?.n)
    await m2.query(`ALTER TABLE eav_attribute_option_value MODIFY value VARCHAR(${width}) NULL`)
    await m1.query('INSERT INTO eav_attribute_option_value (option_id, store_id, value) VALUES (?, 1, ?)', [
      merchant.blue,
      'B'.repeat(width + 1),
    ])
    const before = await state()
    const failure = await align().catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(MigError)
    expect(String((failure as Error).message)).toMatch(/eav_attribute_option_value value_id=\d+ cannot be written/)
    expect(await state()).toEqual(before)
    await m2.query('ALTER TABLE eav_attribute_option_value MODIFY value VARCHAR(255) NULL')
  })

  it('refuses before writing when the ids would not fit a SMALLINT column', async () => {
    await m2.query(
      `INSERT INTO eav_attribute_group (attribute_group_id, attribute_set_id, attribute_group_name, attribute_group_code, sort_order) VALUES (65535, 4, 'Last', 'last', 99)`,
    )
    const before = await state()
    await expect(align()).rejects.toThrow(
      /eav_attribute_group\.attribute_group_id: aligning Magento 2 with Magento 1 needs ids up to \d+, but .* holds at most 65535/,
    )
    expect(await state()).toEqual(before)
  })
})
