import { describe, expect, it } from 'vitest'
import { isEmulated, isGuarded } from '../../src/cascade/cascade-edge.js'
import { planCascadeEdges } from '../../src/cascade/plan-cascade-edges.js'
import type { SqlRow } from '../../src/db/sql-value.js'
import type { ForeignKeySchema, TableSchema } from '../../src/db/table-schema.js'
import { emptyMapRules } from '../../src/map/map-rules-merge.js'
import { AbstractDelta, type StepTarget, type TargetRows } from '../../src/steps/abstract-delta.js'
import type { DeltaEnvironment, DeltaStep, RelocatedReference } from '../../src/steps/delta-step.js'
import { column, required, schema, table } from '../map/schema-fixtures.js'

/**
 * Magento 1 deletes a brand's store links and reviews by foreign key (no trigger fires). A step
 * that extends AbstractDelta without map.xml says where its rows go only through `targets`: a
 * reference that is part of the child's key is found there; any other needs `relocatedReferences`.
 */
const TARGETS: Record<string, StepTarget[]> = {
  brand: [{ table: 'vendor_brand', keyColumns: ['brand_id'] }],
  brand_store: [{ table: 'vendor_brand_store', keyColumns: ['brand_id', 'store_id'] }],
  brand_review: [{ table: 'vendor_brand_review', keyColumns: ['review_id'] }],
}

class BrandStep extends AbstractDelta {
  readonly title = 'Brands'
  constructor(private readonly relocated: readonly RelocatedReference[] = []) {
    super()
  }
  override tables(): readonly string[] {
    return Object.keys(TARGETS)
  }
  override targets(name: string): readonly StepTarget[] {
    return TARGETS[name] ?? []
  }
  override transform(name: string, row: SqlRow): TargetRows {
    return { [TARGETS[name]?.[0]?.table ?? '']: [row] }
  }
  override relocatedReferences(): readonly RelocatedReference[] {
    return this.relocated
  }
}

const cascade = (
  name: string,
  columns: string[],
  referencedTable: string,
  referencedColumns: string[],
  onDelete = 'CASCADE',
): ForeignKeySchema => ({ name, columns, referencedTable, referencedColumns, onDelete })
const withKeys = (schemaTable: TableSchema, foreignKeys: ForeignKeySchema[]): TableSchema => ({
  ...schemaTable,
  foreignKeys,
})
const int = (name: string) =>
  required(name, { columnType: 'int(10) unsigned', dataType: 'int', collation: null, characterSet: null })

async function plan(options: { magento2ForeignKeys: boolean; prefix?: string; relocated?: RelocatedReference[] }) {
  const m1 = options.prefix ?? ''
  const m2 = options.prefix ? `${options.prefix}2_` : ''
  const sourceSchema = schema(
    table(`${m1}brand`, [int('brand_id'), column('name')], ['brand_id']),
    withKeys(table(`${m1}brand_store`, [int('brand_id'), int('store_id')], ['brand_id', 'store_id']), [
      cascade('FK_BRAND_STORE_BRAND', ['brand_id'], `${m1}brand`, ['brand_id']),
    ]),
    withKeys(table(`${m1}brand_review`, [int('review_id'), int('brand_id')], ['review_id']), [
      cascade('FK_BRAND_REVIEW_BRAND', ['brand_id'], `${m1}brand`, ['brand_id']),
    ]),
  )
  const m2Keys = (child: string): ForeignKeySchema[] =>
    options.magento2ForeignKeys ? [cascade(`${child}_FK`, ['brand_id'], `${m2}vendor_brand`, ['brand_id'])] : []
  const destinationSchema = schema(
    table(`${m2}vendor_brand`, [int('brand_id'), column('name')], ['brand_id']),
    withKeys(
      table(`${m2}vendor_brand_store`, [int('brand_id'), int('store_id')], ['brand_id', 'store_id']),
      m2Keys('store'),
    ),
    withKeys(table(`${m2}vendor_brand_review`, [int('review_id'), int('brand_id')], ['review_id']), m2Keys('review')),
  )
  const environment = {
    config: { options: { sourcePrefix: m1, destPrefix: m2 } },
    sourceSchema,
    destinationSchema,
    rules: emptyMapRules(),
    tracked: Object.keys(TARGETS).map((name) => ({
      table: name,
      keys: [],
      group: 'brand',
      origins: ['@vendor/delta-brand'],
    })),
  } as unknown as DeltaEnvironment
  const step = new BrandStep(options.relocated)
  expect(await step.prepare(environment)).toEqual([])
  return planCascadeEdges(environment, new Map<string, DeltaStep>(Object.keys(TARGETS).map((name) => [name, step])))
}

describe('cascades of a step without map.xml (AbstractDelta)', () => {
  it('finds a reference that is part of the child’s key in its destination key; Magento 2’s own cascade then does the work', async () => {
    const { edges, unresolved } = await plan({ magento2ForeignKeys: true })
    const store = edges.find((edge) => edge.child === 'brand_store')
    expect(store).toMatchObject({
      parent: 'brand',
      parentTable: 'vendor_brand',
      parentKey: ['brand_id'],
      childTable: 'vendor_brand_store',
      referenceTable: 'vendor_brand_store',
      referenceColumns: ['brand_id'],
      loadedAs: ['brand_id'],
      magento2Rule: 'CASCADE',
    })
    expect(store && isEmulated(store)).toBe(false)
    // The review's brand_id is no part of its key: only the step can say where Magento 2 keeps it.
    expect(edges.map((edge) => edge.child)).toEqual(['brand_store'])
    expect(unresolved).toEqual([
      expect.stringMatching(
        /^brand_review\.brand_id: Magento 1 deletes these rows when their brand row is deleted \(foreign key FK_BRAND_REVIEW_BRAND\).*relocatedReferences/,
      ),
    ])
  })

  it('repeats the cascade itself, and holds back a child whose parent is missing, where Magento 2 has no foreign key (prefixed tables)', async () => {
    const { edges } = await plan({ magento2ForeignKeys: false, prefix: 'shop_' })
    const store = edges.find((edge) => edge.child === 'brand_store')
    expect(store).toMatchObject({
      parentTable: 'shop_2_vendor_brand',
      childTable: 'shop_2_vendor_brand_store',
      referenceTable: 'shop_2_vendor_brand_store',
      referenceColumns: ['brand_id'],
      magento2Rule: undefined,
    })
    expect(store && isEmulated(store)).toBe(true)
    expect(store && isGuarded(store)).toBe(true)
  })

  it('takes a reference outside the key from relocatedReferences', async () => {
    const { edges, unresolved } = await plan({
      magento2ForeignKeys: false,
      relocated: [
        {
          sourceTable: 'brand_review',
          sourceColumns: ['brand_id'],
          table: 'vendor_brand_review',
          columns: ['brand_id'],
        },
      ],
    })
    expect(unresolved).toEqual([])
    expect(edges.find((edge) => edge.child === 'brand_review')).toMatchObject({
      childTable: 'vendor_brand_review',
      referenceColumns: ['brand_id'],
      magento2Rule: undefined,
    })
  })
})
