import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Connection } from 'mysql2/promise'
import { expect } from 'vitest'
import { compareMappedTables, describeDifferences } from './compare-mapped.js'
import { repoRoot } from './fixtures.js'
import { runMig } from './run-mig.js'
import { openConnection } from './test-database.js'
import { DEFAULT_MIX, runWriter } from './writer/index.js'

/** The sales tables of the plugin's deltalog.xml, with their keys. */
export function salesTables(): { table: string; keys: string[] }[] {
  const xml = readFileSync(path.join(repoRoot(), 'packages', 'plugin-sales', 'etc', 'deltalog.xml'), 'utf8')
  return [...xml.matchAll(/<document key="([^"]+)">([^<]+)<\/document>/g)].map((match) => ({
    table: match[2]!.trim(),
    keys: match[1]!.split(','),
  }))
}

/** Guests only: registered checkouts reference customers, which the customer plugin migrates. */
export const SALES_ONLY_MIX = { ...DEFAULT_MIX, registeredCheckout: 0 }

export async function salesPending(config: string, prefix: string): Promise<number> {
  const status = await runMig(['delta', 'status', '--json', config])
  const parsed = JSON.parse(status.stdout) as { tables: { table: string; pending: number }[] }
  const names = new Set(salesTables().map((table) => `${prefix}${table.table}`))
  return parsed.tables.filter((table) => names.has(table.table)).reduce((sum, table) => sum + table.pending, 0)
}

export async function waitFor(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

/** Storefront and admin traffic from three connections at once (seeded). */
export async function writeFromThreeConnections(
  database: string,
  prefix: string,
  seedBase: number,
  operations: number,
): Promise<void> {
  const connections: Connection[] = await Promise.all([0, 1, 2].map(() => openConnection(database)))
  try {
    await Promise.all(
      connections.map((connection, index) =>
        runWriter({ connection, seed: seedBase + index, tablePrefix: prefix, operations, mix: SALES_ONLY_MIX }),
      ),
    )
  } finally {
    await Promise.all(connections.map((connection) => connection.end()))
  }
}

async function count(db: Connection, sql: string): Promise<number> {
  const [rows] = await db.query(sql)
  return Number((rows as { n: number | string }[])[0]?.n)
}

/**
 * Magento 2's sales data equals Magento 1's as map.xml says: every mapped row of every sales table
 * (no missing, extra or different row; text and binary compared as bytes), one grid row per
 * document with its status and increment id and no stray grid rows, and every sequence above the
 * last Magento 1 increment number of its store.
 */
export async function expectSalesConverged(options: {
  m1: string
  m2: string
  prefix: string
  destPrefix?: string
  m1db: Connection
  m2db: Connection
}): Promise<void> {
  const { m1, m2, prefix, m1db, m2db } = options
  const p = options.destPrefix ?? ''
  const differences = await compareMappedTables({
    source: m1,
    destination: m2,
    sourcePrefix: prefix,
    destPrefix: p,
    tables: salesTables(),
  })
  expect(differences.length).toBeGreaterThan(20)
  expect(describeDifferences(differences)).toBe('')
  const orders = await count(m2db, `SELECT COUNT(*) AS n FROM ${p}sales_order`)
  expect(
    await count(
      m2db,
      `SELECT COUNT(*) AS n FROM ${p}sales_order_grid g JOIN ${p}sales_order o USING (entity_id) WHERE g.status <=> o.status AND g.increment_id <=> o.increment_id AND g.customer_id <=> o.customer_id`,
    ),
  ).toBe(orders)
  expect(
    await count(
      m2db,
      `SELECT COUNT(*) AS n FROM ${p}sales_order_grid g LEFT JOIN ${p}sales_order o USING (entity_id) WHERE o.entity_id IS NULL`,
    ),
  ).toBe(0)
  for (const [main, gridTable] of [
    ['sales_invoice', 'sales_invoice_grid'],
    ['sales_shipment', 'sales_shipment_grid'],
    ['sales_creditmemo', 'sales_creditmemo_grid'],
  ] as const) {
    const [rows] = await m2db.query(
      `SELECT (SELECT COUNT(*) FROM ${p}${main}) AS main, (SELECT COUNT(*) FROM ${p}${gridTable} g JOIN ${p}${main} m USING (entity_id) WHERE g.increment_id <=> m.increment_id) AS grid, (SELECT COUNT(*) FROM ${p}${gridTable}) AS total`,
    )
    const counts = (rows as { main: number; grid: number; total: number }[])[0]!
    expect({ table: gridTable, grid: Number(counts.grid), total: Number(counts.total) }).toEqual({
      table: gridTable,
      grid: Number(counts.main),
      total: Number(counts.main),
    })
  }
  const [stores] = await m1db.query(
    `SELECT t.entity_type_code AS code, s.store_id AS store, s.increment_last_id AS last FROM \`${prefix}eav_entity_store\` s JOIN \`${prefix}eav_entity_type\` t USING (entity_type_id)`,
  )
  for (const store of stores as { code: string; store: number; last: string }[]) {
    if (!['order', 'invoice', 'shipment', 'creditmemo'].includes(store.code)) continue
    const top = await count(
      m2db,
      `SELECT COALESCE(MAX(sequence_value), 0) AS n FROM ${p}sequence_${store.code}_${store.store}`,
    )
    expect(top, `${store.code} store ${store.store}`).toBeGreaterThanOrEqual(Number(String(store.last).slice(-8)))
  }
}
