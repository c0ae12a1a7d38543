import { describe, expect, it } from 'vitest'
import { describeDirtyCount, describeSetAsideGroup, groupSetAside } from '../../src/modes/grouped-report.js'

describe('reports of many bad rows', () => {
  it('groups set-aside rows by table and reason (its values left out): a count and the first keys, one line each', () => {
    const rows = Array.from({ length: 1204 }, (_, index) => ({
      table: 'sales_flat_order_item',
      key: `item_id=${index + 1}`,
      reason: `Cannot add or update a child row: a foreign key constraint fails (\`m2\`.\`sales_order_item\`, CONSTRAINT \`FK\` FOREIGN KEY (\`order_id\`) REFERENCES \`sales_order\` (\`entity_id\`)) order_id=${index + 7}`,
    }))
    rows.push({
      table: 'sales_flat_order_item',
      key: 'item_id=9999',
      reason: "Data too long for column 'sku' at row 1",
    })
    rows.push({
      table: 'customer_entity',
      key: 'entity_id=5',
      reason: "customer_entity: email='a@b.c', website_id=1 already belongs to another Magento 2 row (entity_id=3)",
    })
    rows.push({
      table: 'customer_entity',
      key: 'entity_id=6',
      reason: "customer_entity: email='x@y.z', website_id=1 already belongs to another Magento 2 row (entity_id=4)",
    })
    const groups = groupSetAside(rows)
    expect(groups.map((group) => `${group.table} ${group.count}`)).toEqual([
      'sales_flat_order_item 1204',
      'sales_flat_order_item 1',
      'customer_entity 2',
    ])
    expect(describeSetAsideGroup(groups[0]!)).toBe(
      `set aside sales_flat_order_item: 1,204 rows (item_id=1, item_id=2, item_id=3, …): ${rows[0]!.reason}`,
    )
    expect(describeSetAsideGroup(groups[2]!, 'left out')).toMatch(
      /^left out customer_entity: 2 rows \(entity_id=5, entity_id=6\): customer_entity: email='a@b\.c'/,
    )
  })

  it('describes repaired and lost values per table and column', () => {
    expect(
      describeDirtyCount({
        table: 'sales_flat_order_item',
        column: 'product_options',
        kind: 'repaired',
        count: 1,
        keys: ['item_id=9'],
        reason: 'r',
      }),
    ).toBe('repaired sales_flat_order_item.product_options: 1 value (item_id=9): r')
    expect(
      describeDirtyCount({
        table: 'sales_flat_order',
        column: 'remote_ip',
        kind: 'lost',
        count: 12,
        keys: ['entity_id=1', 'entity_id=2', 'entity_id=5'],
        reason: 'cut',
      }),
    ).toBe(
      'lost (written empty, the original kept in Magento 2) sales_flat_order.remote_ip: 12 values (entity_id=1, entity_id=2, entity_id=5, …): cut',
    )
  })
})
