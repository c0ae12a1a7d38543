import { quoteIdentifier, type DatabaseClient, type SqlValue, type TableSchema } from '@mig/core/engine'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  describeWithFixtures,
  fixturePath,
  loadDump,
  MAGENTO1_DUMP,
  MAGENTO2_DUMP,
  useTestDatabases,
} from '../../support/index.js'
import {
  formatMagento2IncrementId,
  magento1IncrementNumber,
  phpIntCast,
  raiseSequences,
  raiseSequencesReport,
  readEntityStoreRows,
  sequenceEntriesFrom,
  sequenceTarget,
  smallestSequenceValueAbove,
  type SequenceEntry,
} from '@mig/plugin-sales'
import { connect, schemaOf } from './helpers.js'

describe('increment id arithmetic', () => {
  const plain = { prefix: '', suffix: '', startValue: 1n, step: 1n }

  it('reads Magento 1 ids as Magento 1 does', () => {
    expect(magento1IncrementNumber('100000042', '1')).toBe(42n)
    expect(magento1IncrementNumber('100000042', null)).toBe(100000042n)
    expect(magento1IncrementNumber('200000042', '1')).toBe(200000042n)
    expect(magento1IncrementNumber('ORD-7', 'ORD-')).toBe(7n)
    expect(phpIntCast('00012abc')).toBe(12n)
    expect(phpIntCast('abc')).toBe(0n)
  })

  it('formats Magento 2 ids from sequence values and profiles', () => {
    expect(formatMagento2IncrementId(plain, 43n)).toBe('000000043')
    expect(formatMagento2IncrementId({ prefix: 'A-', suffix: '-Z', startValue: 1n, step: 1n }, 7n)).toBe(
      'A-000000007-Z',
    )
    expect(formatMagento2IncrementId({ prefix: '', suffix: '', startValue: 10n, step: 5n }, 12n)).toBe('000000020')
  })

  it('finds the smallest sequence value whose id number is above a threshold', () => {
    expect(smallestSequenceValueAbove(plain, 42n)).toBe(43n)
    expect(smallestSequenceValueAbove(plain, 0n)).toBe(1n)
    const stepped = { prefix: '', suffix: '', startValue: 10n, step: 5n }
    // calc(v) = (v - 10) * 5 + 10: calc(13) = 25 > 24, calc(12) = 20.
    expect(smallestSequenceValueAbove(stepped, 24n)).toBe(13n)
    expect(smallestSequenceValueAbove(stepped, 25n)).toBe(14n)
    expect(smallestSequenceValueAbove(stepped, 3n)).toBe(9n)
  })

  it('continues after the Magento 1 id, also numerically when the profile reads it', () => {
    const limit = 4294967295n
    expect(sequenceTarget(plain, '100000042', '1', limit).nextValue).toBe(100000043n)
    expect(sequenceTarget({ ...plain, prefix: '1' }, '100000042', '1', limit).nextValue).toBe(43n)
    expect(sequenceTarget({ ...plain, prefix: 'M2-' }, '100000042', '1', limit).nextValue).toBe(43n)
    const tooBig = sequenceTarget(plain, '99999999999', '9', limit)
    expect(tooBig.nextValue).toBe(10000000000n)
    const dropped = sequenceTarget(plain, '9000000000042', '9000', limit)
    expect(dropped).toMatchObject({ nextValue: 43n, droppedAsMagento2Number: 9000000000042n })
  })
})

describeWithFixtures('Magento 2 increment sequences raised from Magento 1 (source prefix magev1_)', () => {
  const dbs = useTestDatabases()
  let source: DatabaseClient
  let destination: DatabaseClient
  let schema: Map<string, TableSchema>
  const options = (): { destPrefix: string; schema: Map<string, TableSchema> } => ({ destPrefix: '', schema })

  /** The id Magento 2 would give the next entity: insert into the sequence as Magento\SalesSequence\Model\Sequence does. */
  const nextFromMagento2 = async (table: string): Promise<string> =>
    destination.withSession(async (session) => {
      await session.execute(`INSERT INTO ${quoteIdentifier(table)} () VALUES ()`)
      const [row] = await session.query<{ id: SqlValue }>('SELECT LAST_INSERT_ID() AS id')
      await session.execute(`DELETE FROM ${quoteIdentifier(table)} WHERE sequence_value = ?`, [row?.id ?? null])
      return String(row?.id)
    })

  const raise = (entries: readonly SequenceEntry[]) =>
    destination.transaction((session) => raiseSequencesReport(session, options(), entries))

  beforeAll(async () => {
    const m1 = await dbs.create('sales_seq_m1')
    const m2 = await dbs.create('sales_seq_m2')
    await Promise.all([
      loadDump(m1, fixturePath(MAGENTO1_DUMP), { tablePrefix: 'magev1_' }),
      loadDump(m2, fixturePath(MAGENTO2_DUMP)),
    ])
    source = await connect(m1, 'source')
    destination = await connect(m2, 'destination')
    schema = await schemaOf(destination)
  })

  afterAll(async () => {
    await source?.close()
    await destination?.close()
  })

  it('raises a sequence so the next Magento 2 id continues after the last Magento 1 id, and never lowers it', async () => {
    const first = await raise([
      { entityTypeCode: 'order', storeId: 1, lastIncrementId: '100000042', incrementPrefix: '1' },
    ])
    expect(first.warnings).toEqual([])
    expect(first.sequences).toEqual([
      {
        entityTypeCode: 'order',
        storeId: '1',
        table: 'sequence_order_1',
        previousNextValue: '1',
        nextValue: '100000043',
        nextIncrementId: '100000043',
        raised: true,
      },
    ])
    expect(await nextFromMagento2('sequence_order_1')).toBe('100000043')

    const lower = await raise([
      { entityTypeCode: 'order', storeId: '1', lastIncrementId: '100000010', incrementPrefix: '1' },
    ])
    expect(lower.sequences[0]).toMatchObject({ raised: false, nextValue: '100000044' })
    expect(await nextFromMagento2('sequence_order_1')).toBe('100000044')

    const higher = await raise([
      { entityTypeCode: 'order', storeId: 1, lastIncrementId: '100000050', incrementPrefix: '1' },
      { entityTypeCode: 'order', storeId: 1, lastIncrementId: '100000047', incrementPrefix: '1' },
    ])
    expect(higher.sequences).toHaveLength(1)
    expect(higher.sequences[0]).toMatchObject({ raised: true, previousNextValue: '100000045', nextValue: '100000051' })
    expect(await nextFromMagento2('sequence_order_1')).toBe('100000051')
  })

  it('honours the store profile (prefix, suffix) Magento 2 formats ids with', async () => {
    const meta = await destination.query<{ meta_id: SqlValue }>(
      `SELECT meta_id FROM sales_sequence_meta WHERE entity_type = 'invoice' AND store_id = 1`,
    )
    await destination.execute(`UPDATE sales_sequence_profile SET prefix = '1', suffix = NULL WHERE meta_id = ?`, [
      meta[0]?.meta_id ?? null,
    ])
    const report = await raise([
      { entityTypeCode: 'invoice', storeId: 1, lastIncrementId: '100000017', incrementPrefix: '1' },
    ])
    expect(report.sequences[0]).toMatchObject({
      table: 'sequence_invoice_1',
      nextValue: '18',
      nextIncrementId: '1000000018',
      raised: true,
    })
    expect(await nextFromMagento2('sequence_invoice_1')).toBe('18')
  })

  it('creates nothing for a store without a sequence table and reports it in one line', async () => {
    const warnings = await destination.transaction((session) =>
      raiseSequences(session, options(), [
        { entityTypeCode: 'shipment', storeId: 7, lastIncrementId: '700000003', incrementPrefix: '7' },
        { entityTypeCode: 'customer', storeId: 0, lastIncrementId: '000000012', incrementPrefix: '0' },
        { entityTypeCode: 'creditmemo', storeId: 1, lastIncrementId: null },
        { entityTypeCode: 'creditmemo', storeId: 'x', lastIncrementId: '1' },
      ]),
    )
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toMatch(
      /^shipment of store 7: Magento 2 has no sequence table sequence_shipment_7; nothing was created/,
    )
    expect(warnings[1]).toMatch(/store id "x" is not a store id/)
    const tables = await destination.query(
      `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'sequence\\_%\\_7'`,
    )
    expect(tables).toEqual([])
  })

  it('reads eav_entity_store rows with their type codes and raises the sales sequences from them', async () => {
    const store = quoteIdentifier('magev1_eav_entity_store')
    await source.execute(
      `INSERT INTO ${store} (entity_store_id, entity_type_id, store_id, increment_prefix, increment_last_id) VALUES
         (11, 5, 1, '1', '100000060'), (12, 8, 1, '1', '100000009'), (13, 1, 0, '0', '000000012'), (14, 7, 1, '1', NULL)`,
    )
    const rows = await source.withSession((session) =>
      readEntityStoreRows(session, 'magev1_', [11, [12], '13', [14], 9999, null]),
    )
    expect(
      rows.map((row) => [row.entityStoreId, row.entityTypeCode, row.storeId, row.incrementPrefix, row.lastIncrementId]),
    ).toEqual([
      [11, 'order', 1, '1', '100000060'],
      [12, 'shipment', 1, '1', '100000009'],
      [13, 'customer', 0, '0', '000000012'],
      [14, 'creditmemo', 1, '1', null],
    ])
    expect(sequenceEntriesFrom(rows).map((row) => row.entityTypeCode)).toEqual(['order', 'shipment'])

    const report = await destination.transaction((session) => raiseSequencesReport(session, options(), rows))
    expect(report.warnings).toEqual([])
    expect(report.sequences.map((sequence) => [sequence.table, sequence.nextIncrementId, sequence.raised])).toEqual([
      ['sequence_order_1', '100000061', true],
      ['sequence_shipment_1', '100000010', true],
    ])
    expect(await nextFromMagento2('sequence_shipment_1')).toBe('100000010')
  })
})
