import { describe, expect, it } from 'vitest'
import type { SqlRow } from '../../src/db/sql-value.js'
import { planSteps } from '../../src/modes/step-plan.js'
import type { RunContext } from '../../src/modes/run-context.js'
import { AbstractDelta, type StepTarget, type TargetRows } from '../../src/steps/abstract-delta.js'
import type { DeltaEnvironment, DeltaStep } from '../../src/steps/delta-step.js'
import { required, schema, table } from '../map/schema-fixtures.js'

/** A step without map.xml: a brand goes to two Magento 2 tables, a store link to one. */
class BrandStep extends AbstractDelta {
  readonly title = 'Brands'
  private readonly targetsOf: Record<string, StepTarget[]> = {
    brand: [
      { table: 'vendor_brand', keyColumns: ['brand_id'] },
      { table: 'vendor_brand_content', keyColumns: ['brand_id'] },
    ],
    brand_store: [{ table: 'vendor_brand_store', keyColumns: ['brand_id', 'store_id'] }],
  }
  override tables(): readonly string[] {
    return Object.keys(this.targetsOf)
  }
  override targets(name: string): readonly StepTarget[] {
    return this.targetsOf[name] ?? []
  }
  override transform(name: string, row: SqlRow): TargetRows {
    return { [this.targetsOf[name]?.[0]?.table ?? '']: [row] }
  }
}

function environment(destinationTables: readonly string[]): DeltaEnvironment {
  const id = (name: string) =>
    required(name, { columnType: 'int(10) unsigned', dataType: 'int', collation: null, characterSet: null })
  return {
    config: { options: { sourcePrefix: '', destPrefix: 'm2_' } },
    sourceSchema: schema(
      table('brand', [id('brand_id')], ['brand_id']),
      table('brand_store', [id('brand_id'), id('store_id')], ['brand_id', 'store_id']),
    ),
    destinationSchema: schema(...destinationTables.map((name) => table(`m2_${name}`, [id('brand_id')], ['brand_id']))),
    tracked: ['brand', 'brand_store'].map((name) => ({
      table: name,
      keys: [],
      group: 'brand',
      origins: ['@vendor/delta-brand'],
    })),
  } as unknown as DeltaEnvironment
}

describe('AbstractDelta.applies: a table whose Magento 2 target is missing is held, not failed', () => {
  it('applies every table whose targets all exist, after prepare', async () => {
    const step = new BrandStep()
    expect(step.applies('brand')).toBe(false) // not prepared: nothing is known yet
    expect(await step.prepare(environment(['vendor_brand', 'vendor_brand_content', 'vendor_brand_store']))).toEqual([])
    expect(step.applies('brand')).toBe(true)
    expect(step.applies('brand_store')).toBe(true)
  })

  it('with one target missing, prepare reports it and the step plan holds that table only (so --auto migrates the rest)', async () => {
    const step = new BrandStep()
    const env = environment(['vendor_brand', 'vendor_brand_store'])
    const problems = await step.prepare(env)
    expect(problems.map((problem) => [problem.kind, problem.table, problem.message])).toEqual([
      [
        'missing-destination-table',
        'brand',
        'Brands: Magento 2 has no table m2_vendor_brand_content, where brand goes',
      ],
    ])
    expect(step.applies('brand')).toBe(false)
    expect(step.applies('brand_store')).toBe(true)
    const context = {
      environment: env,
      owners: new Map<string, DeltaStep>([
        ['brand', step],
        ['brand_store', step],
      ]),
      steps: [step],
    } as unknown as RunContext
    expect(planSteps(context).map((planned) => [planned.table, planned.held, planned.destination])).toEqual([
      ['brand', 'cannot-apply', undefined],
      ['brand_store', undefined, { table: 'm2_vendor_brand_store', columns: ['brand_id', 'store_id'] }],
    ])
  })
})
