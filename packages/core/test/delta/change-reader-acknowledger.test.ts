import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseClient } from '../../src/db/database-client.js'
import type { SqlRow } from '../../src/db/sql-value.js'
import { acknowledgeChanges } from '../../src/delta/change-acknowledger.js'
import { readChanges } from '../../src/delta/change-reader.js'
import type { PendingChange } from '../../src/delta/pending-change.js'
import { useTestDatabases } from '../../../../test/support/test-database.js'
import { connectTo, deltalogDdl } from './db-helpers.js'

const dbs = useTestDatabases()
let client: DatabaseClient

beforeAll(async () => {
  client = await connectTo(await dbs.create('change_reader'))
})

afterAll(async () => {
  await client?.close()
})

async function readAll(
  deltalog: string,
  keys: readonly string[],
  limit: number,
): Promise<{ changes: PendingChange[]; pages: number }> {
  const changes: PendingChange[] = []
  let pages = 0
  for (;;) {
    const page = await readChanges(client, deltalog, keys, limit, changes.at(-1)?.key)
    if (page.length === 0) return { changes, pages }
    expect(page.length).toBeLessThanOrEqual(limit)
    pages++
    changes.push(...page)
  }
}

async function count(table: string): Promise<number> {
  const [row] = await client.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM \`${table}\``)
  return Number(row?.n)
}

describe('readChanges', () => {
  it('pages a single-key deltalog in key order with operation and version as text', async () => {
    await client.execute(deltalogDdl('d_single', [['entity_id', 'INT UNSIGNED']]))
    const ids = Array.from({ length: 53 }, (_, index) => ((index * 37) % 53) + 1)
    await client.execute(
      `INSERT INTO d_single (entity_id, operation, version) VALUES ${ids.map(() => '(?, ?, ?)').join(', ')}`,
      ids.flatMap((id) => [
        id,
        id % 3 === 0 ? 'DELETE' : id % 3 === 1 ? 'INSERT' : 'UPDATE',
        id === 10 ? '18446744073709551615' : 1 + (id % 4),
      ]),
    )
    const { changes, pages } = await readAll('d_single', ['entity_id'], 10)
    expect(pages).toBe(6)
    expect(changes.map((change) => change.key)).toEqual(Array.from({ length: 53 }, (_, index) => [index + 1]))
    expect(changes[2]).toEqual({ key: [3], operation: 'DELETE', version: '4' })
    expect(changes[3]).toEqual({ key: [4], operation: 'INSERT', version: '1' })
    expect(changes[9]).toEqual({ key: [10], operation: 'INSERT', version: '18446744073709551615' })
    for (const change of changes) expect(typeof change.version).toBe('string')
  })

  it('pages a composite-key deltalog with duplicated leading columns, each row once', async () => {
    await client.execute(
      deltalogDdl('d_composite', [
        ['store_id', 'SMALLINT UNSIGNED'],
        ['code', 'VARCHAR(32)'],
        ['qty', 'DECIMAL(12,4)'],
      ]),
    )
    const rows: (string | number)[][] = []
    for (let store = 0; store < 4; store++)
      for (const code of ['b', 'A', 'c']) for (let q = 0; q < 6; q++) rows.push([store, code, `${q}.5000`, 'UPDATE'])
    rows.reverse()
    await client.execute(
      `INSERT INTO d_composite (store_id, code, qty, operation) VALUES ${rows.map(() => '(?, ?, ?, ?)').join(', ')}`,
      rows.flat(),
    )
    const expected = (
      await client.query<SqlRow>('SELECT store_id, code, qty FROM d_composite ORDER BY store_id, code, qty')
    ).map((row) => [row['store_id'], row['code'], row['qty']])
    const { changes, pages } = await readAll('d_composite', ['store_id', 'code', 'qty'], 5)
    expect(changes).toHaveLength(72)
    expect(pages).toBe(15)
    expect(changes.map((change) => change.key)).toEqual(expected)
    expect(changes[0]).toEqual({ key: [0, 'A', '0.5000'], operation: 'UPDATE', version: '1' })
  })

  it('returns nothing for an empty deltalog and for a key past the end', async () => {
    await client.execute(deltalogDdl('d_empty', [['id', 'INT']]))
    expect(await readChanges(client, 'd_empty', ['id'], 100)).toEqual([])
    expect(await readChanges(client, 'd_single', ['entity_id'], 100, [53])).toEqual([])
  })
})

describe('acknowledgeChanges', () => {
  it('single-column keys: deletes only rows whose version did not change since the read', async () => {
    await client.execute(deltalogDdl('a_single', [['entity_id', 'INT UNSIGNED']]))
    await client.execute(
      `INSERT INTO a_single (entity_id, operation, version) VALUES ${Array.from({ length: 20 }, () => '(?, ?, ?)').join(', ')}`,
      Array.from({ length: 20 }, (_, index) => [index + 1, 'UPDATE', index < 10 ? 1 : 2]).flat(),
    )
    const changes = await readChanges(client, 'a_single', ['entity_id'], 100)
    expect(changes).toHaveLength(20)
    // a storefront write lands between read and acknowledge (the trigger bumps the version)
    await client.execute("UPDATE a_single SET version = version + 1, operation = 'DELETE' WHERE entity_id IN (4, 15)")
    const acknowledged = await acknowledgeChanges(client, 'a_single', ['entity_id'], changes)
    expect(acknowledged).toBe(18)
    const left = await client.query<SqlRow>('SELECT entity_id, operation, version FROM a_single ORDER BY entity_id')
    expect(left).toEqual([
      { entity_id: 4, operation: 'DELETE', version: '2' },
      { entity_id: 15, operation: 'DELETE', version: '3' },
    ])
    // acknowledging the stale read again changes nothing
    expect(await acknowledgeChanges(client, 'a_single', ['entity_id'], changes)).toBe(0)
    expect(await count('a_single')).toBe(2)
  })

  it('composite keys: deletes only rows whose version did not change since the read', async () => {
    await client.execute(
      deltalogDdl('a_composite', [
        ['a', 'INT'],
        ['b', 'VARCHAR(64)'],
      ]),
    )
    const rows = Array.from({ length: 1_203 }, (_, index) => [
      index % 7,
      `key-${Math.floor(index / 7)}`,
      'INSERT',
      1 + (index % 3),
    ])
    await client.execute(
      `INSERT INTO a_composite (a, b, operation, version) VALUES ${rows.map(() => '(?, ?, ?, ?)').join(', ')}`,
      rows.flat(),
    )
    const changes = await readChanges(client, 'a_composite', ['a', 'b'], 5_000)
    expect(changes).toHaveLength(1_203)
    await client.execute(
      "UPDATE a_composite SET version = version + 1 WHERE (a = 0 AND b = 'key-0') OR (a = 5 AND b = 'key-171')",
    )
    // same leading column, other second column: must not be spared by the bump above
    expect(changes.some((change) => change.key[0] === 0 && change.key[1] === 'key-1')).toBe(true)
    const acknowledged = await acknowledgeChanges(client, 'a_composite', ['a', 'b'], changes)
    expect(acknowledged).toBe(1_201)
    const left = await client.query<SqlRow>('SELECT a, b, version FROM a_composite ORDER BY a, b')
    expect(left).toEqual([
      { a: 0, b: 'key-0', version: '2' },
      { a: 5, b: 'key-171', version: '4' },
    ])
  })

  it('single-column keys: more than 5,000 keys across several versions, bumped rows survive', async () => {
    await client.execute(deltalogDdl('a_many', [['id', 'BIGINT UNSIGNED']]))
    const total = 12_345
    const values: (number | string)[] = []
    for (let id = 1; id <= total; id++) values.push(id, id % 5 === 0 ? 2 : 1)
    for (let start = 0; start < values.length; start += 4_000) {
      const part = values.slice(start, start + 4_000)
      await client.execute(
        `INSERT INTO a_many (id, operation, version) VALUES ${Array.from({ length: part.length / 2 }, () => "(?, 'UPDATE', ?)").join(', ')}`,
        part,
      )
    }
    const changes = await readChanges(client, 'a_many', ['id'], 20_000)
    expect(changes).toHaveLength(total)
    expect(changes[0]?.key).toEqual(['1'])
    const bumped = [1, 5_000, 5_001, 10_000, 12_345]
    await client.execute(`UPDATE a_many SET version = version + 1 WHERE id IN (${bumped.join(', ')})`)
    const acknowledged = await acknowledgeChanges(client, 'a_many', ['id'], changes)
    expect(acknowledged).toBe(total - bumped.length)
    const left = await client.query<SqlRow>('SELECT id, version FROM a_many ORDER BY id')
    expect(left.map((row) => Number(row['id']))).toEqual(bumped)
  })

  it('acknowledges nothing for an empty list', async () => {
    expect(await acknowledgeChanges(client, 'a_single', ['entity_id'], [])).toBe(0)
    expect(await acknowledgeChanges(client, 'a_composite', ['a', 'b'], [])).toBe(0)
  })

  it('matches VARCHAR keys read back with their own text, case and all', async () => {
    await client.execute(deltalogDdl('a_text', [['path', 'VARCHAR(255)']]))
    await client.execute("INSERT INTO a_text (path, operation) VALUES ('web/Secure/url', 'UPDATE'), ('x', 'INSERT')")
    const changes = await readChanges(client, 'a_text', ['path'], 10)
    expect(changes.map((change) => change.key)).toEqual([['web/Secure/url'], ['x']])
    expect(await acknowledgeChanges(client, 'a_text', ['path'], changes)).toBe(2)
    expect(await count('a_text')).toBe(0)
  })
})
