import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseClient } from '../../src/db/database-client.js'
import type { SqlRow } from '../../src/db/sql-value.js'
import {
  deleteRows,
  insertByLoadData,
  loadDataKeepsValues,
  upsertRows,
  type RowError,
} from '../../src/delta/destination-writer.js'
import { readDatabaseSchema } from '../../src/db/schema-reader.js'
import { useTestDatabases } from '../../../../test/support/test-database.js'
import { connectTo } from './db-helpers.js'

const dbs = useTestDatabases()
let database: string
const clients: DatabaseClient[] = []

async function clientWithMode(sqlMode: string): Promise<DatabaseClient> {
  const client = await connectTo(database, 'destination', [`SET SESSION sql_mode = '${sqlMode}'`])
  clients.push(client)
  return client
}

beforeAll(async () => {
  database = await dbs.create('destination_writer')
})

afterAll(async () => {
  for (const client of clients) await client.close()
})

const EXACT_COLUMNS = ['id', 'created_at', 'price', 'big', 'label', 'data']

/** Every column as server-side hex, so "equal" means byte-identical. */
async function hexRows(client: DatabaseClient, table: string): Promise<SqlRow[]> {
  return client.query<SqlRow>(
    `SELECT id, HEX(CAST(created_at AS CHAR)) AS created_at, HEX(CAST(price AS CHAR)) AS price, HEX(CAST(big AS CHAR)) AS big, HEX(label) AS label, HEX(data) AS data FROM \`${table}\` ORDER BY id`,
  )
}

function hexOf(row: SqlRow): SqlRow {
  const hex = (value: unknown): string | null =>
    value === null
      ? null
      : Buffer.isBuffer(value)
        ? value.toString('hex').toUpperCase()
        : Buffer.from(String(value), 'utf8').toString('hex').toUpperCase()
  return {
    id: row['id'] ?? null,
    created_at: hex(row['created_at']),
    price: hex(row['price']),
    big: hex(row['big']),
    label: hex(row['label']),
    data: hex(row['data']),
  }
}

describe.each([
  ['empty sql_mode', ''],
  ['strict sql_mode', 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'],
])('upsertRows on-duplicate-key with %s', (_label, sqlMode) => {
  it('inserts and then updates the same keys with byte-identical values', async () => {
    const client = await clientWithMode(sqlMode)
    const table = `exact_${sqlMode === '' ? 'loose' : 'strict'}`
    await client.execute(
      `CREATE TABLE \`${table}\` (id INT UNSIGNED NOT NULL PRIMARY KEY, created_at DATETIME NULL, price DECIMAL(12,4) NOT NULL,
        big BIGINT UNSIGNED NOT NULL, label VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL, data BLOB NULL) ENGINE=InnoDB`,
    )
    const first: SqlRow[] = [
      {
        id: 1,
        created_at: '0000-00-00 00:00:00',
        price: '12.3400',
        big: '18446744073709551615',
        label: 'Crème brûlée 🍰',
        data: Buffer.from([0, 1, 0xff, 0x27, 0x5c, 0]),
      },
      { id: 2, created_at: '2024-02-29 23:59:59', price: '0.0001', big: '0', label: null, data: null },
      {
        id: 3,
        created_at: null,
        price: '-99999999.9999',
        big: '9223372036854775808',
        label: "O'Brien \\ 𝄞",
        data: Buffer.alloc(0),
      },
    ]
    const errors = await client.transaction(async (session) => {
      const [mode] = await session.query<{ mode: string }>('SELECT @@SESSION.sql_mode AS mode')
      expect(mode?.mode).toBe(sqlMode)
      return upsertRows(session, {
        table,
        columns: EXACT_COLUMNS,
        keyColumns: ['id'],
        strategy: 'on-duplicate-key',
        rows: first,
      })
    })
    expect(errors).toEqual([])
    expect(await hexRows(client, table)).toEqual(first.map(hexOf))

    const second: SqlRow[] = [
      {
        id: 3,
        created_at: '0000-00-00 00:00:00',
        price: '12.3400',
        big: '18446744073709551615',
        label: '👩‍👩‍👧 family',
        data: Buffer.from('\u0000\r\n', 'binary'),
      },
      {
        id: 1,
        created_at: '1970-01-01 00:00:01',
        price: '1.5000',
        big: '1',
        label: 'UPPER',
        data: Buffer.from([0xde, 0xad, 0xbe, 0xef]),
      },
      {
        id: 4,
        created_at: '9999-12-31 23:59:59',
        price: '99999999.9999',
        big: '42',
        label: '',
        data: Buffer.from('x'),
      },
    ]
    const again = await client.transaction((session) =>
      upsertRows(session, {
        table,
        columns: EXACT_COLUMNS,
        keyColumns: ['id'],
        strategy: 'on-duplicate-key',
        rows: second,
      }),
    )
    expect(again).toEqual([])
    const expected = [
      hexOf(second[1] as SqlRow),
      hexOf(first[1] as SqlRow),
      hexOf(second[0] as SqlRow),
      hexOf(second[2] as SqlRow),
    ]
    expect(await hexRows(client, table)).toEqual(expected)

    // and read back through the client, the values are the very same text
    const plain = await client.query<SqlRow>(`SELECT * FROM \`${table}\` WHERE id IN (1, 3) ORDER BY id`)
    expect(plain[0]).toMatchObject({ created_at: '1970-01-01 00:00:01', price: '1.5000', big: '1', label: 'UPPER' })
    expect(plain[1]).toMatchObject({
      created_at: '0000-00-00 00:00:00',
      price: '12.3400',
      big: '18446744073709551615',
      label: '👩‍👩‍👧 family',
    })
    expect(Buffer.compare(plain[1]?.['data'] as Buffer, Buffer.from('\u0000\r\n', 'binary'))).toBe(0)
  })
})

describe('upsertRows', () => {
  it('only writes the listed columns and updates key-only tables without error', async () => {
    const client = await clientWithMode('STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION')
    await client.execute(
      "CREATE TABLE partial (id INT NOT NULL PRIMARY KEY, a VARCHAR(10) NOT NULL, untouched VARCHAR(10) NOT NULL DEFAULT 'keep') ENGINE=InnoDB",
    )
    await client.execute("INSERT INTO partial VALUES (1, 'old', 'mine')")
    await client.execute('CREATE TABLE link (x INT NOT NULL, y INT NOT NULL, PRIMARY KEY (x, y)) ENGINE=InnoDB')
    await client.transaction(async (session) => {
      expect(
        await upsertRows(session, {
          table: 'partial',
          columns: ['id', 'a'],
          keyColumns: ['id'],
          strategy: 'on-duplicate-key',
          rows: [
            { id: 1, a: 'new' },
            { id: 2, a: 'b' },
          ],
        }),
      ).toEqual([])
      expect(
        await upsertRows(session, {
          table: 'link',
          columns: ['x', 'y'],
          keyColumns: ['x', 'y'],
          strategy: 'on-duplicate-key',
          rows: [
            { x: 1, y: 2 },
            { x: 1, y: 2 },
            { x: 2, y: 1 },
          ],
        }),
      ).toEqual([])
      expect(
        await upsertRows(session, {
          table: 'link',
          columns: ['x', 'y'],
          keyColumns: ['x', 'y'],
          strategy: 'on-duplicate-key',
          rows: [],
        }),
      ).toEqual([])
    })
    expect(await client.query('SELECT * FROM partial ORDER BY id')).toEqual([
      { id: 1, a: 'new', untouched: 'mine' },
      { id: 2, a: 'b', untouched: 'keep' },
    ])
    expect(await client.query('SELECT * FROM link ORDER BY x, y')).toEqual([
      { x: 1, y: 2 },
      { x: 2, y: 1 },
    ])
  })

  it('replace-by-key leaves one row per key when the key is not unique', async () => {
    const client = await clientWithMode('STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION')
    await client.execute(
      `CREATE TABLE history (record_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, parent_id INT NOT NULL, code VARCHAR(20) NOT NULL,
        value VARCHAR(20) NULL, KEY (parent_id, code)) ENGINE=InnoDB`,
    )
    // an untouched neighbour and a key already present twice
    await client.execute(
      "INSERT INTO history (parent_id, code, value) VALUES (9, 'z', 'other'), (1, 'a', 'dup1'), (1, 'a', 'dup2')",
    )
    const upsert = (rows: SqlRow[]): Promise<RowError[]> =>
      client.transaction((session) =>
        upsertRows(session, {
          table: 'history',
          columns: ['parent_id', 'code', 'value'],
          keyColumns: ['parent_id', 'code'],
          strategy: 'replace-by-key',
          rows,
        }),
      )
    expect(
      await upsert([
        { parent_id: 1, code: 'a', value: 'v1' },
        { parent_id: 1, code: 'b', value: 'v1' },
        { parent_id: 2, code: 'a', value: 'v1' },
      ]),
    ).toEqual([])
    expect(
      await upsert([
        { parent_id: 1, code: 'A', value: 'v2' },
        { parent_id: 2, code: 'a', value: 'v2' },
        { parent_id: 1, code: 'b', value: 'v2' },
      ]),
    ).toEqual([])
    const rows = await client.query<SqlRow>('SELECT parent_id, code, value FROM history ORDER BY parent_id, code')
    expect(rows).toEqual([
      { parent_id: 1, code: 'A', value: 'v2' },
      { parent_id: 1, code: 'b', value: 'v2' },
      { parent_id: 2, code: 'a', value: 'v2' },
      { parent_id: 9, code: 'z', value: 'other' },
    ])
  })

  it('isolates the bad rows of a batch inside a transaction and writes the rest', async () => {
    const client = await clientWithMode('STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION')
    await client.execute('CREATE TABLE parent (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB')
    await client.execute(
      `CREATE TABLE child (id INT NOT NULL PRIMARY KEY, parent_id INT NOT NULL, name VARCHAR(5) NOT NULL,
        CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE) ENGINE=InnoDB`,
    )
    await client.execute('INSERT INTO parent VALUES (1), (2)')
    const rows: SqlRow[] = [
      { id: 10, parent_id: 1, name: 'ok' },
      { id: 11, parent_id: 2, name: 'fine' },
      { id: 12, parent_id: 999, name: 'orphn' },
      { id: 13, parent_id: 1, name: 'good' },
      { id: 14, parent_id: 2, name: 'much too long' },
      { id: 15, parent_id: 1, name: 'last' },
    ]
    const errors = await client.transaction(async (session) => {
      const result = await upsertRows(session, {
        table: 'child',
        columns: ['id', 'parent_id', 'name'],
        keyColumns: ['id'],
        strategy: 'on-duplicate-key',
        rows,
      })
      // the transaction is still usable after the row-level failures
      await session.execute('INSERT INTO parent VALUES (3)')
      return result
    })
    expect(errors.map((error) => error.index)).toEqual([2, 4])
    expect(errors[0]?.errno).toBe(1452)
    expect(errors[0]?.reason).toMatch(/foreign key constraint fails/i)
    expect(errors[1]?.errno).toBe(1406)
    expect(errors[1]?.reason).toMatch(/too long/i)
    expect(await client.query('SELECT id FROM child ORDER BY id')).toEqual([
      { id: 10 },
      { id: 11 },
      { id: 13 },
      { id: 15 },
    ])
    expect(await client.query('SELECT id FROM parent ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }])
  })

  it('reports input indexes across statement chunks (more than 1,000 rows)', async () => {
    const client = await clientWithMode('STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION')
    await client.execute('CREATE TABLE many (id INT NOT NULL PRIMARY KEY, code VARCHAR(4) NOT NULL) ENGINE=InnoDB')
    const rows: SqlRow[] = Array.from({ length: 2_500 }, (_, index) => ({
      id: index,
      code: index === 1_700 || index === 5 ? 'toolong' : 'ok',
    }))
    const errors = await client.transaction((session) =>
      upsertRows(session, {
        table: 'many',
        columns: ['id', 'code'],
        keyColumns: ['id'],
        strategy: 'on-duplicate-key',
        rows,
      }),
    )
    expect(errors.map((error) => [error.index, error.errno])).toEqual([
      [5, 1406],
      [1_700, 1406],
    ])
    const [row] = await client.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM many')
    expect(Number(row?.n)).toBe(2_498)
  })

  it('rolls everything back when the surrounding transaction fails', async () => {
    const client = await clientWithMode('STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION')
    await client.execute('CREATE TABLE rollback_me (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB')
    await expect(
      client.transaction(async (session) => {
        await upsertRows(session, {
          table: 'rollback_me',
          columns: ['id'],
          keyColumns: ['id'],
          strategy: 'on-duplicate-key',
          rows: [{ id: 1 }, { id: 2 }],
        })
        throw new Error('later failure')
      }),
    ).rejects.toThrow('later failure')
    expect(await client.query('SELECT * FROM rollback_me')).toEqual([])
  })
})

describe('upsertRows guarded against other unique keys', () => {
  it('refuses a row whose unique value another row holds (never overwrites that row), names the holder, and still updates rows meeting themselves', async () => {
    const client = await clientWithMode('STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION')
    await client.execute(
      'CREATE TABLE customers (entity_id INT UNSIGNED NOT NULL PRIMARY KEY, email VARCHAR(255) NULL, website_id SMALLINT UNSIGNED NULL, firstname VARCHAR(255) NULL, UNIQUE KEY uq_email (email, website_id)) ENGINE=InnoDB',
    )
    await client.execute("INSERT INTO customers VALUES (1, 'a@example.com', 1, 'Ann'), (2, 'b@example.com', 1, 'Bob')")
    const request = {
      table: 'customers',
      columns: ['entity_id', 'email', 'website_id', 'firstname'],
      keyColumns: ['entity_id'],
      strategy: 'on-duplicate-key' as const,
      guard: { otherUniqueKeys: [['email', 'website_id']], refusal: 'text' as const },
    }
    const rows: SqlRow[] = [
      { entity_id: 1, email: 'a@example.com', website_id: 1, firstname: 'Anna' },
      { entity_id: 3, email: 'b@example.com', website_id: 1, firstname: 'Mallory' },
      { entity_id: 4, email: 'b@example.com', website_id: 2, firstname: 'Dora' },
    ]
    const errors = await client.transaction((session) => upsertRows(session, { ...request, rows }))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ index: 1, uniqueClash: true })
    expect(errors[0]?.reason).toBe(
      "customers: email='b@example.com', website_id=1 already belongs to another Magento 2 row (entity_id=2); change it in Magento 1 or remove that row, then the change is applied",
    )
    const after = await client.query<SqlRow>(
      'SELECT entity_id, email, website_id, firstname FROM customers ORDER BY entity_id',
    )
    expect(after).toEqual([
      { entity_id: 1, email: 'a@example.com', website_id: 1, firstname: 'Anna' },
      { entity_id: 2, email: 'b@example.com', website_id: 1, firstname: 'Bob' },
      { entity_id: 4, email: 'b@example.com', website_id: 2, firstname: 'Dora' },
    ])
  })

  it('names the holder too when the holder has children (the server may refuse through the foreign key, 1451, instead of the value, 1366)', async () => {
    const client = await clientWithMode('STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION')
    await client.execute(
      'CREATE TABLE parents (entity_id INT UNSIGNED NOT NULL PRIMARY KEY, email VARCHAR(255) NOT NULL, UNIQUE KEY uq_email (email)) ENGINE=InnoDB',
    )
    await client.execute(
      'CREATE TABLE children (id INT UNSIGNED NOT NULL PRIMARY KEY, parent_id INT UNSIGNED NOT NULL, FOREIGN KEY (parent_id) REFERENCES parents (entity_id) ON DELETE CASCADE) ENGINE=InnoDB',
    )
    await client.execute("INSERT INTO parents VALUES (1, 'a@example.com')")
    await client.execute('INSERT INTO children VALUES (10, 1)')
    const errors = await client.transaction((session) =>
      upsertRows(session, {
        table: 'parents',
        columns: ['entity_id', 'email'],
        keyColumns: ['entity_id'],
        strategy: 'on-duplicate-key',
        guard: { otherUniqueKeys: [['email']], refusal: 'text' },
        rows: [{ entity_id: 2, email: 'a@example.com' }],
      }),
    )
    expect([1366, 1451]).toContain(errors[0]?.errno)
    expect(errors).toEqual([
      {
        index: 0,
        errno: errors[0]?.errno,
        uniqueClash: true,
        reason:
          "parents: email='a@example.com' already belongs to another Magento 2 row (entity_id=1); change it in Magento 1 or remove that row, then the change is applied",
      },
    ])
    expect(await client.query<SqlRow>('SELECT entity_id, email FROM parents')).toEqual([
      { entity_id: 1, email: 'a@example.com' },
    ])
  })

  it('refuses a collision with a row of the same statement on an AUTO_INCREMENT key (which would take NULL as 0), and on a text key', async () => {
    const client = await clientWithMode('STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO')
    await client.execute(
      'CREATE TABLE auto_customers (entity_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, email VARCHAR(255) NULL, website_id SMALLINT UNSIGNED NULL, UNIQUE KEY uq (email, website_id)) ENGINE=InnoDB',
    )
    await client.execute(
      'CREATE TABLE coded (code VARCHAR(32) NOT NULL PRIMARY KEY, label VARCHAR(64) NOT NULL, UNIQUE KEY uq_label (label)) ENGINE=InnoDB',
    )
    const autoRows: SqlRow[] = [
      { entity_id: 1, email: 'a@example.com', website_id: 1 },
      { entity_id: 2, email: 'a@example.com', website_id: 1 },
    ]
    const autoErrors = await client.transaction((session) =>
      upsertRows(session, {
        table: 'auto_customers',
        columns: ['entity_id', 'email', 'website_id'],
        keyColumns: ['entity_id'],
        strategy: 'on-duplicate-key',
        guard: { otherUniqueKeys: [['email', 'website_id']], refusal: 'text' },
        rows: autoRows,
      }),
    )
    expect(autoErrors.map((error) => ({ index: error.index, uniqueClash: error.uniqueClash }))).toEqual([
      { index: 1, uniqueClash: true },
    ])
    expect(await client.query<SqlRow>('SELECT entity_id, email FROM auto_customers')).toEqual([
      { entity_id: 1, email: 'a@example.com' },
    ])

    const textErrors = await client.transaction((session) =>
      upsertRows(session, {
        table: 'coded',
        columns: ['code', 'label'],
        keyColumns: ['code'],
        strategy: 'on-duplicate-key',
        guard: { otherUniqueKeys: [['label']], refusal: 'null' },
        rows: [
          { code: 'a', label: 'Same' },
          { code: 'b', label: 'Same' },
        ],
      }),
    )
    expect(
      textErrors.map((error) => ({ index: error.index, errno: error.errno, uniqueClash: error.uniqueClash })),
    ).toEqual([{ index: 1, errno: 1048, uniqueClash: true }])
    expect(await client.query<SqlRow>('SELECT code, label FROM coded')).toEqual([{ code: 'a', label: 'Same' }])
  })

  it('without the guard, the same collision silently overwrites the other row (why the guard exists)', async () => {
    const client = await clientWithMode('STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION')
    await client.execute(
      'CREATE TABLE customers_unguarded (entity_id INT UNSIGNED NOT NULL PRIMARY KEY, email VARCHAR(255) NULL, firstname VARCHAR(255) NULL, UNIQUE KEY uq_email (email)) ENGINE=InnoDB',
    )
    await client.execute("INSERT INTO customers_unguarded VALUES (2, 'b@example.com', 'Bob')")
    const errors = await client.transaction((session) =>
      upsertRows(session, {
        table: 'customers_unguarded',
        columns: ['entity_id', 'email', 'firstname'],
        keyColumns: ['entity_id'],
        strategy: 'on-duplicate-key',
        rows: [{ entity_id: 3, email: 'b@example.com', firstname: 'Mallory' }],
      }),
    )
    expect(errors).toEqual([])
    expect(await client.query<SqlRow>('SELECT entity_id, firstname FROM customers_unguarded')).toEqual([
      { entity_id: 2, firstname: 'Mallory' },
    ])
  })
})

describe('deleteRows', () => {
  it('deletes by composite key, leaves other rows and lets cascades take children', async () => {
    const client = await clientWithMode('STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION')
    await client.execute(
      'CREATE TABLE pair (a INT NOT NULL, b VARCHAR(10) NOT NULL, v INT, PRIMARY KEY (a, b)) ENGINE=InnoDB',
    )
    await client.execute(
      `CREATE TABLE pair_child (id INT NOT NULL PRIMARY KEY, a INT NOT NULL, b VARCHAR(10) NOT NULL,
        FOREIGN KEY (a, b) REFERENCES pair (a, b) ON DELETE CASCADE) ENGINE=InnoDB`,
    )
    await client.execute("INSERT INTO pair VALUES (1, 'x', 0), (1, 'y', 0), (2, 'x', 0), (2, 'y', 0), (3, 'x', 0)")
    await client.execute("INSERT INTO pair_child VALUES (100, 1, 'y'), (101, 2, 'y'), (102, 3, 'x')")
    const errors = await client.transaction((session) =>
      deleteRows(
        session,
        'pair',
        ['a', 'b'],
        [
          [1, 'Y'],
          [2, 'x'],
          [7, 'nope'],
        ],
      ),
    )
    expect(errors).toEqual([])
    expect(await client.query('SELECT a, b FROM pair ORDER BY a, b')).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
      { a: 3, b: 'x' },
    ])
    expect(await client.query('SELECT id FROM pair_child ORDER BY id')).toEqual([{ id: 101 }, { id: 102 }])
    expect(await client.transaction((session) => deleteRows(session, 'pair', ['a', 'b'], []))).toEqual([])
  })

  it('names the key a restricting foreign key protects and deletes the others', async () => {
    const client = await clientWithMode('STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION')
    await client.execute('CREATE TABLE owner (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB')
    await client.execute(
      'CREATE TABLE owned (id INT NOT NULL PRIMARY KEY, owner_id INT NOT NULL, FOREIGN KEY (owner_id) REFERENCES owner (id)) ENGINE=InnoDB',
    )
    await client.execute('INSERT INTO owner VALUES (1), (2), (3)')
    await client.execute('INSERT INTO owned VALUES (1, 2)')
    const errors = await client.transaction((session) => deleteRows(session, 'owner', ['id'], [[1], [2], [3]]))
    expect(errors.map((error) => [error.index, error.errno])).toEqual([[1, 1451]])
    expect(await client.query('SELECT id FROM owner')).toEqual([{ id: 2 }])
  })
})

describe('insertByLoadData (full copy into an emptied table)', () => {
  it('writes every value byte-identical: NULL, "\\N" text, tabs, newlines, backslashes, NUL, binary, emoji, zero dates, DECIMAL, BIGINT', async () => {
    const client = await clientWithMode('STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION')
    await client.execute(
      `CREATE TABLE load_exact (id INT UNSIGNED NOT NULL PRIMARY KEY, created_at DATETIME NULL, price DECIMAL(12,4) NOT NULL,
        big BIGINT UNSIGNED NOT NULL, label VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL, data BLOB NULL) ENGINE=InnoDB`,
    )
    const rows: SqlRow[] = [
      {
        id: 1,
        created_at: '0000-00-00 00:00:00',
        price: '12.3400',
        big: '18446744073709551615',
        label: 'Crème brûlée 🍰\ttab\nline\r\\N \\ end',
        data: Buffer.from([0, 9, 10, 13, 0x5c, 0x4e, 0xff, 0x27]),
      },
      { id: 2, created_at: '2024-02-29 23:59:59', price: '0.0001', big: '0', label: null, data: null },
      {
        id: 3,
        created_at: null,
        price: '-99999999.9999',
        big: '9223372036854775808',
        label: '\\N',
        data: Buffer.alloc(0),
      },
      { id: 4, created_at: '2024-01-01 00:00:00', price: '1.0000', big: '1', label: '', data: Buffer.from('\\N') },
    ]
    const loaded = await client.transaction((session) =>
      insertByLoadData(session, { table: 'load_exact', columns: EXACT_COLUMNS, rows }),
    )
    expect(loaded).toBe(true)
    expect(await hexRows(client, 'load_exact')).toEqual(rows.map(hexOf))
  })

  it('refuses (and leaves nothing behind) when a value would be cut or a key already exists, so the strict path can name the row', async () => {
    const client = await clientWithMode('STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION')
    await client.execute(
      'CREATE TABLE load_refused (id INT UNSIGNED NOT NULL PRIMARY KEY, label VARCHAR(5) NULL) ENGINE=InnoDB',
    )
    const tooLong = await client.transaction((session) =>
      insertByLoadData(session, {
        table: 'load_refused',
        columns: ['id', 'label'],
        rows: [
          { id: 1, label: 'fits' },
          { id: 2, label: 'far too long' },
        ],
      }),
    )
    expect(tooLong).toBe(false)
    expect(await client.query('SELECT * FROM load_refused')).toEqual([])
    await client.execute("INSERT INTO load_refused VALUES (7, 'there')")
    const duplicate = await client.transaction((session) =>
      insertByLoadData(session, {
        table: 'load_refused',
        columns: ['id', 'label'],
        rows: [
          { id: 6, label: 'new' },
          { id: 7, label: 'dup' },
        ],
      }),
    )
    expect(duplicate).toBe(false)
    expect(await client.query('SELECT id, label FROM load_refused ORDER BY id')).toEqual([{ id: 7, label: 'there' }])
  })
})

describe('loadDataKeepsValues', () => {
  it('is false for a YEAR column, which LOAD DATA would turn from 0 (as the driver reads it) into 2000', async () => {
    const client = await clientWithMode('STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION')
    await client.execute(
      'CREATE TABLE load_year (id INT UNSIGNED NOT NULL PRIMARY KEY, yr YEAR NULL, label VARCHAR(5) NULL) ENGINE=InnoDB',
    )
    const loaded = await client.transaction((session) =>
      insertByLoadData(session, { table: 'load_year', columns: ['id', 'yr'], rows: [{ id: 1, yr: 0 }] }),
    )
    expect(loaded).toBe(true)
    expect(await client.query('SELECT CAST(yr AS CHAR) AS yr FROM load_year')).toEqual([{ yr: '2000' }])
    const schema = (await readDatabaseSchema(client)).get('load_year')
    if (!schema) throw new Error('load_year was not created')
    expect(loadDataKeepsValues(schema, ['id', 'yr'])).toBe(false)
    expect(loadDataKeepsValues(schema, ['id', 'label'])).toBe(true)
  })
})
