import type { RowDifference, VerifyReport } from '@mig/core/engine'
import { describe, expect, it } from 'vitest'
import { DEMO_MIX } from '../src/demo/demo-mix.js'
import { keptLines } from '../src/demo/kept-databases.js'
import { formatFigures } from '../src/demo/progress-figures.js'
import { StatusLine } from '../src/demo/status-line.js'
import { demoVerified, verifySummaryLines } from '../src/demo/verify-summary.js'
import { CATALOG_MIX, CUSTOMER_MIX, DEFAULT_MIX } from '../src/storefront/index.js'

function stream(
  isTTY: boolean,
  columns?: number,
): { isTTY: boolean; columns?: number; text: string; write(chunk: string): boolean } {
  return {
    isTTY,
    ...(columns === undefined ? {} : { columns }),
    text: '',
    write(chunk: string) {
      this.text += chunk
      return true
    },
  }
}

describe('StatusLine', () => {
  it('prints a plain line at most every interval when not a terminal (forced lines always)', () => {
    let now = 0
    const out = stream(false)
    const line = new StatusLine(out, 3_000, () => now)
    line.show('a')
    now = 1_000
    line.show('b')
    now = 3_500
    line.show('c')
    line.show('d', true)
    line.print('note')
    line.end()
    expect(out.text).toBe('c\nd\nnote\n')
  })

  it('redraws one line in place on a terminal, keeps it below printed lines and cuts it to the width', () => {
    const out = stream(true, 10)
    const line = new StatusLine(out)
    line.show('0123456789abc')
    line.print('note')
    line.end()
    expect(out.text).toBe('\r\u001b[2K012345678\r\u001b[2Knote\n012345678\n')
  })
})

describe('demo figures and summary', () => {
  it('shows Magento 1 → Magento 2 counts, backlog, lag and what delta applied', () => {
    const text = formatFigures(
      61.2,
      {
        ordersMagento1: 1437,
        ordersMagento2: 1436,
        customersMagento1: 390,
        customersMagento2: 390,
        productsMagento1: 57,
        productsMagento2: 56,
        backlog: 12,
        lagSeconds: 0.84,
      },
      14178,
      'draining',
    )
    expect(text).toBe(
      '  61s draining   orders 1,437 → 1,436  customers 390 → 390  products 57 → 56  backlog 12  lag 0.8s  applied 14,178',
    )
  })

  it('adds the customer and catalog operations to the sales mix', () => {
    expect(DEMO_MIX.guestCheckout).toBe(
      DEFAULT_MIX.guestCheckout + (CUSTOMER_MIX.guestCheckout ?? 0) + (CATALOG_MIX.guestCheckout ?? 0),
    )
    expect(DEMO_MIX.registerCustomer).toBe(CUSTOMER_MIX.registerCustomer)
    expect(DEMO_MIX.adminCreateProduct).toBe(CATALOG_MIX.adminCreateProduct)
    expect(DEMO_MIX.storefrontReview).toBeGreaterThan(0)
    expect(DEMO_MIX.ship).toBe(DEFAULT_MIX.ship)
  })

  it('ends with tables, rows and differences; clean only without differences and pending rows', () => {
    const table = {
      table: 'sales_flat_order',
      destinationTable: 'sales_order',
      rows: 1200,
      chunks: 2,
      chunksCompared: 0,
      differences: 0,
      pending: 0,
      setAside: 0,
    }
    const clean: VerifyReport = {
      tables: [table, { ...table, table: 'customer_entity', destinationTable: 'customer_entity', rows: 34 }],
      differences: [],
      pending: [],
      setAside: [],
      skipped: [],
      dirtyValues: [],
      clean: true,
    }
    expect(verifySummaryLines(clean)).toEqual([
      'verify: 2 tables, 1,234 rows, 0 differences — Magento 2 matches Magento 1',
    ])
    expect(demoVerified(clean)).toBe(true)
    const missing: RowDifference = {
      table: 'sales_flat_order',
      destinationTable: 'sales_order',
      key: 'entity_id=7',
      keyValues: ['7'],
      kind: 'missing',
      columns: [],
    }
    const dirty: VerifyReport = { ...clean, differences: [missing], clean: false }
    expect(verifySummaryLines(dirty)).toEqual([
      'missing sales_flat_order entity_id=7 (sales_order): in Magento 1, not in Magento 2',
      'verify: 2 tables, 1,234 rows, 1 differences (in sales_flat_order)',
    ])
    expect(demoVerified(dirty)).toBe(false)
    expect(demoVerified({ ...clean, pending: [missing] })).toBe(false)
    // A row delta set aside (a Magento 1 data defect, reported with its reason) is named, not a difference.
    const aside: VerifyReport = { ...clean, setAside: [missing] }
    expect(verifySummaryLines(aside)).toEqual([
      'set aside (its reason is in `mig delta status`): missing sales_flat_order entity_id=7 (sales_order): in Magento 1, not in Magento 2',
      'verify: 2 tables, 1,234 rows, 0 differences, 1 rows set aside — Magento 2 matches Magento 1',
    ])
    expect(demoVerified(aside)).toBe(true)
  })
})

describe('kept databases', () => {
  const databases = { magento1: 'mig_demo_1_m1', magento2: 'mig_demo_1_m2' }
  const table = {
    table: 'sales_flat_quote_item',
    destinationTable: 'quote_item',
    rows: 10,
    chunks: 1,
    chunksCompared: 1,
    differences: 2,
    pending: 0,
    setAside: 0,
  }
  const extra = (table: string, key: string): RowDifference => ({
    table,
    destinationTable: table,
    key,
    keyValues: [key],
    kind: 'extra',
    columns: [],
  })

  it('with --keep: where they are and the next command', () => {
    expect(keptLines(databases, '/tmp/d/config.xml', { password: false })).toEqual([
      'kept: Magento 1 mig_demo_1_m1, Magento 2 mig_demo_1_m2, config /tmp/d/config.xml',
      'try: mig delta status /tmp/d/config.xml',
    ])
  })

  it('after a failed verification: says why they stay and the commands that show the differing tables', () => {
    const failed: VerifyReport = {
      tables: [table],
      differences: [
        extra('sales_flat_quote_item', 'item_id=3'),
        extra('sales_flat_quote_item', 'item_id=4'),
        extra('catalog_product_entity_media_gallery', 'value_id=9'),
      ],
      pending: [],
      setAside: [],
      skipped: [],
      dirtyValues: [],
      clean: false,
    }
    expect(keptLines(databases, '/tmp/d/config.xml', { failed, password: true })).toEqual([
      'kept: Magento 1 mig_demo_1_m1, Magento 2 mig_demo_1_m2, config /tmp/d/config.xml (verification failed: both databases stay for you to look at)',
      'why: MIG_SOURCE_PASSWORD=… MIG_DESTINATION_PASSWORD=… mig verify --tables sales_flat_quote_item,catalog_product_entity_media_gallery /tmp/d/config.xml',
      'try: MIG_SOURCE_PASSWORD=… MIG_DESTINATION_PASSWORD=… mig delta status /tmp/d/config.xml',
    ])
  })
})
