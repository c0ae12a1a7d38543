import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseClient } from '../../src/db/database-client.js'
import type { SqlRow } from '../../src/db/sql-value.js'
import { afterKeyCondition, keysCondition } from '../../src/delta/key-condition.js'
import { useTestDatabases } from '../../../../test/support/test-database.js'
import { connectTo } from './db-helpers.js'

describe('keysCondition', () => {
  it('is always false for no keys', () => {
    expect(keysCondition(['id'], [])).toEqual({ sql: '0', params: [] })
    expect(keysCondition(['a', 'b'], [])).toEqual({ sql: '0', params: [] })
  })

  it('uses IN for a single column, params in key order', () => {
    expect(keysCondition(['entity_id'], [[3], [1], [2]])).toEqual({
      sql: '`entity_id` IN (?, ?, ?)',
      params: [3, 1, 2],
    })
    expect(keysCondition(['entity_id'], [[7]], 't')).toEqual({ sql: 't.`entity_id` IN (?)', params: [7] })
  })

  it('ORs one equality group per composite key, params flattened key by key', () => {
    expect(
      keysCondition(
        ['a', 'b'],
        [
          [1, 'x'],
          [2, 'y'],
        ],
      ),
    ).toEqual({
      sql: '((`a` = ? AND `b` = ?) OR (`a` = ? AND `b` = ?))',
      params: [1, 'x', 2, 'y'],
    })
    expect(keysCondition(['a', 'b', 'c'], [[1, 2, 3]], 'd')).toEqual({
      sql: '(d.`a` = ? AND d.`b` = ? AND d.`c` = ?)',
      params: [1, 2, 3],
    })
  })

  it('quotes awkward column names', () => {
    expect(keysCondition(['we`ird'], [[1]]).sql).toBe('`we``ird` IN (?)')
  })
})

describe('afterKeyCondition', () => {
  it('is a plain > for one column', () => {
    expect(afterKeyCondition(['id'], [10])).toEqual({ sql: '(`id` > ?)', params: [10] })
  })

  it('expands a composite key lexicographically with params in placeholder order', () => {
    expect(afterKeyCondition(['a', 'b', 'c'], [1, 2, 3])).toEqual({
      sql: '((`a` > ?) OR (`a` = ? AND `b` > ?) OR (`a` = ? AND `b` = ? AND `c` > ?))',
      params: [1, 1, 2, 1, 2, 3],
    })
  })

  describe('keyset paging against a real table', () => {
    const dbs = useTestDatabases()
    let client: DatabaseClient
    const expected: string[] = []

    beforeAll(async () => {
      const name = await dbs.create('key_condition')
      client = await connectTo(name)
      await client.execute(
        'CREATE TABLE t (a INT NOT NULL, b VARCHAR(20) NOT NULL, c DECIMAL(12,4) NOT NULL, payload INT, PRIMARY KEY (a, b, c)) ENGINE=InnoDB',
      )
      const rows: [number, string, string][] = []
      // ~200 rows with heavy duplication in the leading columns; inserted in a scrambled order
      for (let a = 1; a <= 5; a++)
        for (const b of ['m', 'B', 'z', 'a', 'Q']) for (let c = 0; c < 8; c++) rows.push([a, b, `${(c * 7) % 8}.2500`])
      rows.sort(
        (x, y) =>
          ((x[0] * 31 + x[2].length + x[1].charCodeAt(0)) % 7) - ((y[0] * 31 + y[2].length + y[1].charCodeAt(0)) % 7),
      )
      await client.execute(
        `INSERT INTO t (a, b, c, payload) VALUES ${rows.map(() => '(?, ?, ?, 0)').join(', ')}`,
        rows.flat(),
      )
      const all = await client.query<SqlRow>('SELECT a, b, c FROM t ORDER BY a, b, c')
      expected.push(...all.map((row) => `${row['a']}|${row['b']}|${row['c']}`))
    })

    afterAll(async () => {
      await client?.close()
    })

    it('sees every row exactly once, in key order, 7 rows at a time', async () => {
      expect(expected).toHaveLength(200)
      const seen: string[] = []
      let after: SqlRow | undefined
      let pages = 0
      for (;;) {
        const where = after
          ? afterKeyCondition(['a', 'b', 'c'], [after['a'] ?? null, after['b'] ?? null, after['c'] ?? null])
          : { sql: '1', params: [] }
        const page = await client.query<SqlRow>(
          `SELECT a, b, c FROM t WHERE ${where.sql} ORDER BY a, b, c LIMIT 7`,
          where.params,
        )
        if (page.length === 0) break
        pages++
        seen.push(...page.map((row) => `${row['a']}|${row['b']}|${row['c']}`))
        after = page[page.length - 1]
        expect(pages).toBeLessThan(100)
      }
      expect(pages).toBe(Math.ceil(200 / 7))
      expect(new Set(seen).size).toBe(seen.length)
      expect(seen).toEqual(expected)
    })

    it('resumes after a key that is not in the table', async () => {
      const where = afterKeyCondition(['a', 'b', 'c'], [3, 'n', '0.1'])
      const rows = await client.query<SqlRow>(
        `SELECT a, b, c FROM t WHERE ${where.sql} ORDER BY a, b, c LIMIT 3`,
        where.params,
      )
      expect(rows.map((row) => `${row['a']}|${row['b']}|${row['c']}`)).toEqual([
        '3|Q|0.2500',
        '3|Q|1.2500',
        '3|Q|2.2500',
      ])
    })

    it('selects exactly the given composite keys with keysCondition and an alias', async () => {
      const where = keysCondition(
        ['a', 'b', 'c'],
        [
          [2, 'M', '3.25'],
          [5, 'z', '7.2500'],
          [9, 'm', '0.25'],
        ],
        'x',
      )
      const rows = await client.query<SqlRow>(
        `SELECT x.a, x.b, x.c FROM t x WHERE ${where.sql} ORDER BY x.a`,
        where.params,
      )
      expect(rows.map((row) => `${row['a']}|${row['b']}|${row['c']}`)).toEqual(['2|m|3.2500', '5|z|7.2500'])
    })

    it('can be ANDed with another condition: several composite keys do not escape it (the catalog read tier prices of any qty)', async () => {
      const where = keysCondition(
        ['a', 'b'],
        [
          [2, 'm'],
          [5, 'z'],
        ],
        'x',
      )
      const rows = await client.query<SqlRow>(
        `SELECT x.a FROM t x WHERE x.c = 7.25 AND ${where.sql} ORDER BY x.a`,
        where.params,
      )
      expect(rows.map((row) => String(row['a']))).toEqual(['2', '5'])
      const after = afterKeyCondition(['a', 'b'], [2, 'm'])
      const later = await client.query<SqlRow>(`SELECT a FROM t WHERE a < 5 AND ${after.sql} ORDER BY a`, after.params)
      expect(later.every((row) => Number(row['a']) < 5)).toBe(true)
    })
  })
})
