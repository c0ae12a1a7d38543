import { describe, expect, it } from 'vitest'
import type { TableSchema } from '../../src/db/table-schema.js'
import { parentsFirst, withDeclaredParents } from '../../src/delta/table-order.js'

/** `{ child: ['parent', …] }` → schema map with one foreign key per parent. */
function schemaOf(parents: Record<string, string[]>): Map<string, TableSchema> {
  const schema = new Map<string, TableSchema>()
  for (const [name, referenced] of Object.entries(parents)) {
    schema.set(name, {
      name,
      columns: [],
      primaryKey: ['id'],
      uniqueKeys: [],
      comment: '',
      foreignKeys: referenced.map((parent, index) => ({
        name: `FK_${name}_${index}`,
        columns: [`${parent}_id`],
        referencedTable: parent,
        referencedColumns: ['id'],
        onDelete: 'CASCADE',
      })),
    })
  }
  return schema
}

function expectParentsBeforeChildren(order: string[], schema: Map<string, TableSchema>): void {
  for (const table of order) {
    for (const fk of schema.get(table)?.foreignKeys ?? []) {
      if (fk.referencedTable === table || !order.includes(fk.referencedTable)) continue
      expect(order.indexOf(fk.referencedTable), `${fk.referencedTable} before ${table}`).toBeLessThan(
        order.indexOf(table),
      )
    }
  }
}

describe('parentsFirst', () => {
  it('orders a chain parents first whatever the input order', () => {
    const schema = schemaOf({ order: [], item: ['order'], option: ['item'] })
    expect(parentsFirst(['option', 'item', 'order'], schema)).toEqual(['order', 'item', 'option'])
    expect(parentsFirst(['item', 'option', 'order'], schema)).toEqual(['order', 'item', 'option'])
    expect(parentsFirst(['order', 'item', 'option'], schema)).toEqual(['order', 'item', 'option'])
  })

  it('puts a shared parent of a diamond first, once, and the common child last', () => {
    const schema = schemaOf({ root: [], left: ['root'], right: ['root'], bottom: ['left', 'right'] })
    const order = parentsFirst(['bottom', 'right', 'left', 'root'], schema)
    expect(order).toHaveLength(4)
    expect(new Set(order).size).toBe(4)
    expect(order[0]).toBe('root')
    expect(order[3]).toBe('bottom')
    expectParentsBeforeChildren(order, schema)
    // independent siblings follow the order in which they were reached
    expect(order).toEqual(['root', 'left', 'right', 'bottom'])
  })

  it('keeps tables without relations in input order', () => {
    const schema = schemaOf({ a: [], b: [], c: [] })
    expect(parentsFirst(['c', 'a', 'b'], schema)).toEqual(['c', 'a', 'b'])
    expect(parentsFirst(['x', 'y'], new Map())).toEqual(['x', 'y'])
  })

  it('ignores self references', () => {
    const schema = schemaOf({ category: ['category'], product_category: ['category', 'product'], product: [] })
    const order = parentsFirst(['product_category', 'category', 'product'], schema)
    expect(order).toEqual(['category', 'product', 'product_category'])
  })

  it('ignores parents that are not in the list and does not add them', () => {
    const schema = schemaOf({ store: [], order: ['store', 'customer'], item: ['order'], customer: ['store'] })
    expect(parentsFirst(['item', 'order'], schema)).toEqual(['order', 'item'])
    expect(parentsFirst(['item'], schema)).toEqual(['item'])
  })

  it('terminates on cycles and still returns every table exactly once', () => {
    const schema = schemaOf({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] })
    const order = parentsFirst(['d', 'a', 'b', 'c'], schema)
    expect([...order].sort()).toEqual(['a', 'b', 'c', 'd'])
    expect(order).toHaveLength(4)
  })

  it('lists a table only once when it appears twice in the input', () => {
    const schema = schemaOf({ p: [], c: ['p'] })
    expect(parentsFirst(['c', 'p', 'c'], schema)).toEqual(['p', 'c'])
  })
})

describe('withDeclaredParents', () => {
  it('orders a table after the parent a step declares, as if a foreign key said so', () => {
    const schema = schemaOf({ product: [], gallery: [], gallery_value: ['gallery', 'product'] })
    expect(parentsFirst(['gallery', 'product'], schema)).toEqual(['gallery', 'product'])
    const ordered = withDeclaredParents(schema, [{ table: 'gallery', parent: 'product' }])
    expect(parentsFirst(['gallery', 'gallery_value', 'product'], ordered)).toEqual([
      'product',
      'gallery',
      'gallery_value',
    ])
    // The live schema itself is left as read.
    expect(schema.get('gallery')?.foreignKeys).toEqual([])
  })

  it('ignores a declaration naming a table the schema does not have', () => {
    const schema = schemaOf({ product: [], gallery: [] })
    const ordered = withDeclaredParents(schema, [
      { table: 'gallery', parent: 'missing' },
      { table: 'missing', parent: 'product' },
    ])
    expect(ordered.get('gallery')?.foreignKeys).toEqual([])
    expect(ordered.has('missing')).toBe(false)
  })
})
