import { describe, expect, it } from 'vitest'
import type { SqlRow } from '../../src/db/sql-value.js'
import type { TableSchema } from '../../src/db/table-schema.js'
import { createDefaultHandlerRegistry } from '../../src/map/handlers/index.js'
import { emptyMapRules } from '../../src/map/map-rules-merge.js'
import { RecordTransformer } from '../../src/map/record-transformer.js'
import { compareRows } from '../../src/verify/row-comparison.js'
import { planVerify } from '../../src/verify/verify-plan.js'
import type { RunContext } from '../../src/modes/run-context.js'
import type { DeltaEnvironment } from '../../src/steps/delta-step.js'
import { MapDelta } from '../../src/steps/map-delta.js'

const column = (name: string, columnType: string, dataType: string) => ({
  name,
  columnType,
  dataType,
  nullable: false,
  defaultValue: null,
  hasDefault: false,
  autoIncrement: false,
  generated: false,
  characterSet: null,
  collation: null,
})

const table = (name: string, priceType: string): TableSchema => ({
  name,
  columns: [
    column('value_id', 'int(11)', 'int'),
    column('price', priceType, 'decimal'),
    column('label', 'varchar(20)', 'varchar'),
  ],
  primaryKey: ['value_id'],
  uniqueKeys: [],
  foreignKeys: [],
  comment: '',
})

/** A verify plan for one table whose price column has these types in Magento 1 and Magento 2, applied by a map step. */
async function planWithPrice(sourceType = 'decimal(12,4)', destinationType = 'decimal(20,6)') {
  const sourceSchema = new Map([['prices', table('prices', sourceType)]])
  const destinationSchema = new Map([['prices', table('prices', destinationType)]])
  const environment = {
    config: { options: { sourcePrefix: '', destPrefix: '', raw: {} } },
    sourceSchema,
    destinationSchema,
    rules: emptyMapRules(),
    handlers: createDefaultHandlerRegistry(),
    tracked: [{ table: 'prices', keys: ['value_id'], group: 'test', origins: ['test'] }],
  }
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined }
  const step = new MapDelta('test')
  await step.prepare({ ...environment, log: silent } as unknown as DeltaEnvironment)
  const context = { environment, owners: new Map([['prices', step]]), steps: [step] } as unknown as RunContext
  const plan = planVerify(context).tables[0]
  if (!plan) throw new Error('no plan')
  return plan
}

describe('verify row comparison', () => {
  it('compares a DECIMAL whose scale Magento 2 changed as a number, and names a real difference', async () => {
    const plan = await planWithPrice()
    expect([...plan.rescaled]).toEqual(['price'])
    expect(plan.verbatim.map((pair) => pair.destination)).toEqual(['value_id', 'label'])
    expect(plan.transformer).toBeInstanceOf(RecordTransformer)
    const source: SqlRow[] = [
      { value_id: 1, price: '1.5000', label: 'a' },
      { value_id: 2, price: '0.0000', label: 'b' },
      { value_id: 3, price: '10.0000', label: 'c' },
    ]
    const same: SqlRow[] = [
      { value_id: 1, price: '1.500000', label: 'a' },
      { value_id: 2, price: '0.000000', label: 'b' },
      { value_id: 3, price: '10.000000', label: 'c' },
    ]
    expect(compareRows(plan, source, same)).toEqual([])
    const changed = [{ ...same[0], price: '1.500100' }, { ...same[1] }, { ...same[2], price: '1.000000' }] as SqlRow[]
    expect(
      compareRows(plan, source, changed).map(
        (difference) =>
          `${difference.key} ${difference.columns.map((c) => `${c.column}: ${c.expected} → ${c.actual}`).join()}`,
      ),
    ).toEqual(['value_id=1 price: 1.5000 → 1.500100', 'value_id=3 price: 10.0000 → 1.000000'])
  })

  it('keeps a DECIMAL whose precision alone changed in the server-side checksum: its text is the same', async () => {
    const plan = await planWithPrice('decimal(12,4)', 'decimal(20,4) unsigned')
    expect([...plan.rescaled]).toEqual([])
    expect(plan.transformed).toBe(false)
    expect(plan.verbatim.map((pair) => pair.destination)).toEqual(['value_id', 'price', 'label'])
  })
})
