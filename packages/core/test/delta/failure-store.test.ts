import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseClient } from '../../src/db/database-client.js'
import { FailureStore, failureTableName, readSetAside } from '../../src/delta/failure-store.js'
import { keyIdentity } from '../../src/delta/row-key.js'
import { useTestDatabases } from '../../../../test/support/test-database.js'
import { connectTo } from './db-helpers.js'

const dbs = useTestDatabases()
let client: DatabaseClient

beforeAll(async () => {
  client = await connectTo(await dbs.create('failure_store'))
})

afterAll(async () => {
  await client?.close()
})

async function rowCount(table: string): Promise<number> {
  const [row] = await client.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM \`${table}\``)
  return Number(row?.n)
}

describe('failureTableName', () => {
  it('uses the source prefix and stays within 64 characters', () => {
    expect(failureTableName('')).toBe('m2_mig_failure')
    expect(failureTableName('m1_')).toBe('m1_m2_mig_failure')
    const long = failureTableName('p'.repeat(70))
    expect(long.length).toBeLessThanOrEqual(64)
    expect(long).toBe(failureTableName('p'.repeat(70)))
    expect(long).not.toBe(failureTableName('p'.repeat(71)))
  })
})

describe('FailureStore', () => {
  it('open creates the table, marked as mig state', async () => {
    expect(await readSetAside(client, 'fs1_m2_mig_failure')).toEqual([])
    const store = await FailureStore.open(client, 'fs1_')
    expect(store.tableName).toBe('fs1_m2_mig_failure')
    const [table] = await client.query<{ comment: string; engine: string }>(
      'SELECT TABLE_COMMENT AS comment, ENGINE AS engine FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
      ['fs1_m2_mig_failure'],
    )
    expect(table?.comment.startsWith('mig:')).toBe(true)
    expect(table?.engine).toBe('InnoDB')
    expect(await store.list()).toEqual([])
    // opening again is harmless
    await FailureStore.open(client, 'fs1_')
  })

  it("an earlier version's table (no label) gains the column in place: its rows show their key identity", async () => {
    await client.execute(
      "CREATE TABLE fs9_m2_mig_failure (table_name VARCHAR(64) NOT NULL, key_hash BINARY(20) NOT NULL, row_key TEXT NOT NULL, version BIGINT UNSIGNED NOT NULL, reason TEXT NOT NULL, failed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (table_name, key_hash)) COMMENT='mig:state set-aside changes'",
    )
    await client.execute(
      "INSERT INTO fs9_m2_mig_failure (table_name, key_hash, row_key, version, reason) VALUES ('sales_order', UNHEX(SHA1('x')), '[\"7\"]', 1, 'old')",
    )
    expect((await readSetAside(client, 'fs9_m2_mig_failure')).map((change) => change.label)).toEqual(['["7"]'])
    const store = await FailureStore.open(client, 'fs9_')
    await store.record('sales_order', [8], '1', 'new', 'entity_id=8')
    expect((await store.list()).map((change) => change.label)).toEqual(['["7"]', 'entity_id=8'])
  })

  it('records, matches the exact version only, clears and lists', async () => {
    const store = await FailureStore.open(client, 'fs2_')
    await store.record('sales_order', [5], '1', 'parent missing', 'entity_id=5')
    await store.record('catalog_link', [3, 'Abc'], '7', 'too long', 'product_id=3,sku=Abc')
    expect(store.isSetAside('sales_order', [5], '1')).toBe(true)
    expect(store.isSetAside('sales_order', ['5'], '1')).toBe(true)
    expect(store.isSetAside('sales_order', [5], '2')).toBe(false)
    expect(store.isSetAside('sales_order', [6], '1')).toBe(false)
    expect(store.isSetAside('other_table', [5], '1')).toBe(false)
    expect(store.isSetAside('catalog_link', [3, 'Abc'], '7')).toBe(true)
    // Deltalog keys always arrive spelled the same way: no case folding here.
    expect(store.isSetAside('catalog_link', [3, 'abc'], '7')).toBe(false)
    expect(store.isSetAside('catalog_link', ['Abc', 3], '7')).toBe(false)

    const listed = await store.list()
    const byTable = (a: { table: string }, b: { table: string }): number => a.table.localeCompare(b.table)
    expect(
      listed.map(({ table, key, label, version, reason }) => ({ table, key, label, version, reason })).sort(byTable),
    ).toEqual([
      {
        table: 'catalog_link',
        key: keyIdentity([3, 'Abc']),
        label: 'product_id=3,sku=Abc',
        version: '7',
        reason: 'too long',
      },
      { table: 'sales_order', key: keyIdentity([5]), label: 'entity_id=5', version: '1', reason: 'parent missing' },
    ])
    for (const change of listed) expect(change.failedAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/)

    // the same key failing again at a later version replaces the record
    await store.record('sales_order', [5], '2', 'still missing', 'entity_id=5')
    expect(store.isSetAside('sales_order', [5], '1')).toBe(false)
    expect(store.isSetAside('sales_order', [5], '2')).toBe(true)
    expect(await rowCount('fs2_m2_mig_failure')).toBe(2)
    expect((await store.list()).find((change) => change.table === 'sales_order')).toMatchObject({
      version: '2',
      reason: 'still missing',
    })

    // clear only touches the given table and keys
    await store.clear('sales_order', [[6], [3, 'Abc']])
    expect(await rowCount('fs2_m2_mig_failure')).toBe(2)
    await store.clear('catalog_link', [[5]])
    expect(await rowCount('fs2_m2_mig_failure')).toBe(2)
    await store.clear('sales_order', [[5], [6]])
    expect(store.isSetAside('sales_order', [5], '2')).toBe(false)
    expect((await store.list()).map((change) => change.table)).toEqual(['catalog_link'])
    await store.clear('catalog_link', [])
    expect(store.isSetAside('catalog_link', [3, 'Abc'], '7')).toBe(true)

    await store.record('x', [1], '1', 'r', 'k')
    await store.clearAll()
    expect(await store.list()).toEqual([])
    expect(store.isSetAside('catalog_link', [3, 'Abc'], '7')).toBe(false)
    expect(store.isSetAside('x', [1], '1')).toBe(false)
  })

  it('a second open reloads what the first recorded, and can clear it', async () => {
    const first = await FailureStore.open(client, 'fs3_')
    await first.record('t1', ['18446744073709551615'], '18446744073709551615', 'a', 'k')
    await first.record('t1', [Buffer.from([0xca, 0xfe])], '3', 'b', 'k')
    await first.record('t2', ['SKU-1', '1.5000'], '4', 'c', 'k')
    const second = await FailureStore.open(client, 'fs3_')
    expect(second.isSetAside('t1', ['18446744073709551615'], '18446744073709551615')).toBe(true)
    expect(second.isSetAside('t1', [Buffer.from([0xca, 0xfe])], '3')).toBe(true)
    expect(second.isSetAside('t2', ['SKU-1', '1.5000'], '4')).toBe(true)
    expect(second.isSetAside('t2', ['SKU-1', '1.5000'], '5')).toBe(false)
    await second.clear('t2', [['SKU-1', '1.5000']])
    expect((await second.list()).map((change) => change.table)).toEqual(['t1', 't1'])
    const third = await FailureStore.open(client, 'fs3_')
    expect(third.isSetAside('t2', ['SKU-1', '1.5000'], '4')).toBe(false)
    expect(third.isSetAside('t1', [Buffer.from([0xca, 0xfe])], '3')).toBe(true)
  })

  it('handles very long VARCHAR keys and long reasons', async () => {
    const store = await FailureStore.open(client, 'fs4_')
    const longA = 'a'.repeat(3_000) + '🙂'.repeat(500)
    const longB = 'a'.repeat(3_000) + '🙃'.repeat(500)
    await store.record('url_rewrite', [1, longA], '1', 'x'.repeat(10_000), 'k')
    await store.record('url_rewrite', [1, longB], '1', 'second', 'k')
    expect(store.isSetAside('url_rewrite', [1, longA], '1')).toBe(true)
    expect(store.isSetAside('url_rewrite', [1, longA.toUpperCase()], '1')).toBe(false)
    expect(store.isSetAside('url_rewrite', [1, longB], '1')).toBe(true)
    const listed = await store.list()
    expect(listed).toHaveLength(2)
    expect(listed.map((change) => change.key).sort()).toEqual([keyIdentity([1, longA]), keyIdentity([1, longB])].sort())
    expect(listed.find((change) => change.reason !== 'second')?.reason).toBe('x'.repeat(4_000))
    const reopened = await FailureStore.open(client, 'fs4_')
    expect(reopened.isSetAside('url_rewrite', [1, longA], '1')).toBe(true)
    await reopened.clear('url_rewrite', [[1, longA]])
    expect((await reopened.list()).map((change) => change.reason)).toEqual(['second'])
  })
})
