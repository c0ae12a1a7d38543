import { describe, expect, it } from 'vitest'
import { mergeTrackedTables, parseDeltalogXml } from '../../src/deltalog/index.js'
import { UsageError } from '../../src/errors/mig-error.js'
import type { DeltalogSource } from '../../src/interfaces/deltalog.js'

/** A source from `{ group: ['table', 'table:key1,key2'] }`, located at line = document number. */
function source(origin: string, groups: Record<string, string[]>): DeltalogSource {
  let line = 0
  return {
    origin,
    groups: Object.entries(groups).map(([name, documents]) => ({
      name,
      documents: documents.map((spec) => {
        const [table = '', keys] = spec.split(':')
        line++
        return {
          table,
          keys: keys === undefined ? [] : keys.split(','),
          location: { file: `${origin}/deltalog.xml`, line, column: 9 },
        }
      }),
    })),
  }
}

function conflict(sources: DeltalogSource[]): UsageError {
  try {
    mergeTrackedTables(sources)
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    expect((error as UsageError).exitCode).toBe(2)
    expect((error as UsageError).message).not.toContain('\n')
    return error as UsageError
  }
  throw new Error('expected a UsageError, but the sources were merged')
}

describe('mergeTrackedTables', () => {
  it('returns nothing for no sources', () => {
    expect(mergeTrackedTables([])).toEqual([])
  })

  it('tracks a table named by two sources with the same keys once, accumulating origins', () => {
    const tables = mergeTrackedTables([
      source('@mig/plugin-sales', { delta_sales: ['sales_flat_order:entity_id', 'sales_flat_order_item:item_id'] }),
      source('config/deltalog.xml', { mine: ['sales_flat_order:ENTITY_ID', 'blog_post:post_id'] }),
    ])
    expect(tables).toEqual([
      {
        table: 'sales_flat_order',
        keys: ['entity_id'],
        group: 'delta_sales',
        origins: ['@mig/plugin-sales', 'config/deltalog.xml'],
      },
      { table: 'sales_flat_order_item', keys: ['item_id'], group: 'delta_sales', origins: ['@mig/plugin-sales'] },
      { table: 'blog_post', keys: ['post_id'], group: 'mine', origins: ['config/deltalog.xml'] },
    ])
  })

  it('does not repeat an origin that names a table twice', () => {
    const tables = mergeTrackedTables([source('a', { g: ['t:id'], h: ['t:id'] })])
    expect(tables).toEqual([{ table: 't', keys: ['id'], group: 'g', origins: ['a'] }])
  })

  it('takes the explicit key over "primary key", whichever comes first', () => {
    const tables = mergeTrackedTables([
      source('a', { g: ['t1', 't2:x,y', 't3'] }),
      source('b', { g: ['t1:id', 't2', 't3'] }),
    ])
    expect(tables.map((t) => [t.table, t.keys, t.origins])).toEqual([
      ['t1', ['id'], ['a', 'b']],
      ['t2', ['x', 'y'], ['a', 'b']],
      ['t3', [], ['a', 'b']],
    ])
  })

  it('refuses the same table with different keys, naming both origins and both key lists', () => {
    const error = conflict([
      source('@mig/plugin-catalog', { delta_catalog: ['catalog_category_product:category_id,product_id'] }),
      source('@vendor/plugin-x', { x: ['catalog_category_product'] }),
      source('/etc/mig/deltalog.xml', { mine: ['catalog_category_product:entity_id'] }),
    ])
    expect(error.message).toBe(
      'deltalog: table "catalog_category_product" is tracked with different keys: ' +
        '@mig/plugin-catalog (@mig/plugin-catalog/deltalog.xml:1:9) has key (category_id,product_id) but ' +
        '/etc/mig/deltalog.xml (/etc/mig/deltalog.xml/deltalog.xml:1:9) has key (entity_id); make the keys agree or remove one document',
    )
  })

  it('treats a different key order as a conflict', () => {
    const error = conflict([source('a', { g: ['r:parent_id,child_id'] }), source('b', { g: ['r:child_id,parent_id'] })])
    expect(error.message).toContain(
      'a (a/deltalog.xml:1:9) has key (parent_id,child_id) but b (b/deltalog.xml:1:9) has key (child_id,parent_id)',
    )
  })

  it('collects every conflict before failing', () => {
    const error = conflict([
      source('a', { g: ['t1:id', 't2:id', 't3:id'] }),
      source('b', { g: ['t1:other', 't2:id', 't3:x,y'] }),
    ])
    expect(error.message).toBe(
      'deltalog: 2 problems merging deltalog files (2 of them tables tracked with different keys by different sources)',
    )
    expect(error.details).toHaveLength(2)
    expect(error.details[0]).toMatch(
      /^table "t1" .* a \(a\/deltalog\.xml:1:9\) has key \(id\) but b \(b\/deltalog\.xml:1:9\) has key \(other\)/,
    )
    expect(error.details[1]).toMatch(
      /^table "t3" .* a \(a\/deltalog\.xml:3:9\) has key \(id\) but b \(b\/deltalog\.xml:3:9\) has key \(x,y\)/,
    )
  })

  it('orders by group of first appearance, then by first appearance', () => {
    const tables = mergeTrackedTables([
      source('a', { g1: ['t1', 't2'], g2: ['t3'] }),
      source('b', { g2: ['t4'], g3: ['t5'], g1: ['t6', 't1'], g4: ['t3'] }),
    ])
    expect(tables.map((t) => `${t.group}/${t.table}`)).toEqual(['g1/t1', 'g1/t2', 'g1/t6', 'g2/t3', 'g2/t4', 'g3/t5'])
  })

  it('refuses names that are not plain identifiers in sources built by code', () => {
    expect(() => mergeTrackedTables([source('code', { g: ['bad name:id'] })])).toThrow(UsageError)
    expect(() => mergeTrackedTables([source('code', { g: ['t:id;drop'] })])).toThrow(
      /key column "id;drop" of table "t" is not a plain MySQL name/,
    )
  })

  it('merges sources read from XML', () => {
    const plugin = parseDeltalogXml(
      '<groups><group name="g"><document key="id">t</document></group></groups>',
      'p.xml',
      'plugin',
    )
    const user = parseDeltalogXml(
      '<groups>\n<group name="mine">\n<document key="uid">t</document>\n</group>\n</groups>',
      'u.xml',
      'user',
    )
    const error = conflict([plugin, user])
    expect(error.message).toContain('plugin (p.xml:1:44) has key (id) but user (u.xml:3:21) has key (uid)')
  })
})
