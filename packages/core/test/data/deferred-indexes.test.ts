import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseClient } from '../../src/db/database-client.js'
import { readDatabaseSchema } from '../../src/db/schema-reader.js'
import { readSecondaryIndexes, type SecondaryIndex } from '../../src/db/secondary-indexes.js'
import type { TableSchema } from '../../src/db/table-schema.js'
import { deferrableIndexes } from '../../src/data/deferrable-indexes.js'
import { DEFERRED_INDEX_COMMENT, DeferredIndexes, deferredIndexTableName } from '../../src/data/deferred-indexes.js'
import { teardownCapture } from '../../src/deltalog/deltalog-teardown.js'
import { useTestDatabases } from '../../../../test/support/test-database.js'
import { connectTo } from '../delta/db-helpers.js'

const dbs = useTestDatabases()
let client: DatabaseClient

/** A parent and a child the way Magento 2 declares them: plain, unique, FULLTEXT, foreign-key and prefix indexes. */
const TABLES = [
  `CREATE TABLE parent (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT, code VARCHAR(32) NOT NULL, name VARCHAR(255) NULL, email VARCHAR(128) NULL,
     note TEXT NULL, created_at TIMESTAMP NULL, total DECIMAL(20,4) NULL,
     PRIMARY KEY (id), UNIQUE KEY PARENT_CODE (code), KEY PARENT_CREATED_AT (created_at) COMMENT 'when', KEY PARENT_TOTAL (total),
     KEY PARENT_NAME_EMAIL (name(20), email DESC), FULLTEXT KEY FTI_PARENT (name, email, note)
   ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE child (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT, parent_id INT UNSIGNED NOT NULL, sku VARCHAR(64) NULL, qty DECIMAL(12,4) NULL,
     PRIMARY KEY (id), KEY CHILD_PARENT_ID (parent_id), KEY CHILD_PARENT_ID_SKU (parent_id, sku), KEY CHILD_SKU (sku),
     CONSTRAINT CHILD_PARENT_ID_PARENT_ID FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE
   ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
]

beforeAll(async () => {
  client = await connectTo(await dbs.create('deferred_indexes'), 'destination')
  for (const sql of TABLES) await client.execute(sql)
  await client.execute(
    `INSERT INTO parent (code, name, email, note, created_at, total) SELECT CONCAT('c', seq), CONCAT('Name ', seq), CONCAT('e', seq, '@x.test'), 'a note', NOW(), seq FROM seq_1_to_2000`,
  )
  await client.execute(`INSERT INTO child (parent_id, sku, qty) SELECT seq, CONCAT('sku-', seq), 1 FROM seq_1_to_2000`)
})

afterAll(async () => {
  await client?.close()
})

async function createTable(table: string): Promise<string> {
  const [row] = await client.query<Record<string, string>>(`SHOW CREATE TABLE \`${table}\``)
  return String(Object.values(row ?? {})[1])
}

async function schemaOf(table: string): Promise<{ table: TableSchema; all: ReadonlyMap<string, TableSchema> }> {
  const all = await readDatabaseSchema(client)
  return { table: all.get(table) as TableSchema, all }
}

const names = (indexes: readonly SecondaryIndex[]): string[] => indexes.map((index) => index.name).sort()

describe('readSecondaryIndexes', () => {
  it('reads every index but the primary key, with the clause SHOW CREATE TABLE prints', async () => {
    const indexes = await readSecondaryIndexes(client, 'parent')
    // In the table's order: unique keys first, then as declared.
    expect(indexes.map((index) => index.name)).toEqual([
      'PARENT_CODE',
      'PARENT_CREATED_AT',
      'PARENT_TOTAL',
      'PARENT_NAME_EMAIL',
      'FTI_PARENT',
    ])
    const byName = new Map(indexes.map((index) => [index.name, index]))
    expect(byName.get('PARENT_CODE')?.kind).toBe('unique')
    expect(byName.get('FTI_PARENT')).toMatchObject({
      kind: 'fulltext',
      columns: ['name', 'email', 'note'],
      definition: 'FULLTEXT KEY `FTI_PARENT` (`name`,`email`,`note`)',
    })
    expect(byName.get('PARENT_CREATED_AT')?.definition).toBe("KEY `PARENT_CREATED_AT` (`created_at`) COMMENT 'when'")
    expect(byName.get('PARENT_NAME_EMAIL')?.definition).toBe('KEY `PARENT_NAME_EMAIL` (`name`(20),`email` DESC)')
  })
})

describe('deferrableIndexes', () => {
  it('defers plain and FULLTEXT indexes, never unique ones', async () => {
    const { table, all } = await schemaOf('parent')
    expect(names(deferrableIndexes(await readSecondaryIndexes(client, 'parent'), table, all))).toEqual([
      'FTI_PARENT',
      'PARENT_CREATED_AT',
      'PARENT_NAME_EMAIL',
      'PARENT_TOTAL',
    ])
  })

  it('keeps the first index that serves a foreign key, and defers one the key does not need', async () => {
    const { table, all } = await schemaOf('child')
    // CHILD_PARENT_ID serves the key; CHILD_PARENT_ID_SKU could too, but one is enough.
    expect(names(deferrableIndexes(await readSecondaryIndexes(client, 'child'), table, all))).toEqual([
      'CHILD_PARENT_ID_SKU',
      'CHILD_SKU',
    ])
  })

  it('keeps the index a foreign key of another table points at', () => {
    const referenced: TableSchema = {
      name: 'p',
      columns: [],
      primaryKey: ['id'],
      uniqueKeys: [],
      foreignKeys: [],
      comment: '',
    }
    const other: TableSchema = {
      name: 'o',
      columns: [],
      primaryKey: ['id'],
      uniqueKeys: [],
      foreignKeys: [
        { name: 'O_P', columns: ['code'], referencedTable: 'P', referencedColumns: ['code'], onDelete: 'CASCADE' },
      ],
      comment: '',
    }
    const indexes: SecondaryIndex[] = [
      { name: 'P_CODE', kind: 'index', columns: ['code'], definition: 'KEY `P_CODE` (`code`)' },
      { name: 'P_OTHER', kind: 'index', columns: ['other'], definition: 'KEY `P_OTHER` (`other`)' },
      { name: 'P_GEO', kind: 'spatial', columns: ['geo'], definition: 'SPATIAL KEY `P_GEO` (`geo`)' },
      { name: 'P_ODD', kind: 'index', columns: ['odd'], definition: '' },
    ]
    const schema = new Map([
      ['p', referenced],
      ['o', other],
    ])
    expect(names(deferrableIndexes(indexes, referenced, schema))).toEqual(['P_OTHER'])
  })
})

describe('DeferredIndexes', () => {
  it('drops what it defers, records it first, and builds it back exactly as it was', async () => {
    const before = await createTable('parent')
    const store = await DeferredIndexes.open(client, 'di1_')
    const { table, all } = await schemaOf('parent')
    const dropped = await store.defer(
      'parent',
      deferrableIndexes(await readSecondaryIndexes(client, 'parent'), table, all),
    )
    expect(dropped.sort()).toEqual(['FTI_PARENT', 'PARENT_CREATED_AT', 'PARENT_NAME_EMAIL', 'PARENT_TOTAL'])
    expect(names(await readSecondaryIndexes(client, 'parent'))).toEqual(['PARENT_CODE'])
    expect(await store.tables()).toEqual(['parent'])
    // Rows written while the indexes are away are in them once built.
    await client.execute(`INSERT INTO parent (code, name, email) VALUES ('late', 'Late Comer', 'late@x.test')`)
    const built = await store.restore('parent')
    expect([...built.names].sort()).toEqual(dropped.sort())
    expect((await createTable('parent')).replace(/ AUTO_INCREMENT=\d+/, '')).toBe(
      before.replace(/ AUTO_INCREMENT=\d+/, ''),
    )
    expect(await store.tables()).toEqual([])
    const [found] = await client.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM parent WHERE MATCH(name, email, note) AGAINST ('Comer')`,
    )
    expect(Number(found?.n)).toBe(1)
    // Nothing recorded: nothing to build.
    expect((await store.restore('parent')).names).toEqual([])
  })

  it('after an interruption, the next run (any store found in Magento 2) builds what was recorded', async () => {
    const before = await createTable('child')
    const first = await DeferredIndexes.open(client, 'di2_')
    const { table, all } = await schemaOf('child')
    expect(
      (await first.defer('child', deferrableIndexes(await readSecondaryIndexes(client, 'child'), table, all))).sort(),
    ).toEqual(['CHILD_PARENT_ID_SKU', 'CHILD_SKU'])
    // kill -9 here: only the record in Magento 2 knows.
    const found = await DeferredIndexes.existing(client)
    expect(found.map((store) => store.tableName)).toContain(deferredIndexTableName('di2_'))
    const built = (await Promise.all(found.map((store) => store.restoreAll()))).flat()
    expect(built.flatMap((item) => item.names).sort()).toEqual(['CHILD_PARENT_ID_SKU', 'CHILD_SKU'])
    expect(await createTable('child')).toBe(before)
  })

  it('a record whose index is still there (killed between record and drop) is forgotten without a build', async () => {
    const before = await createTable('child')
    const store = await DeferredIndexes.open(client, 'di3_')
    await client.execute(
      `INSERT INTO \`${store.tableName}\` (table_name, index_name, definition, position) VALUES ('child', 'CHILD_SKU', 'KEY \`CHILD_SKU\` (\`sku\`)', 0)`,
    )
    expect((await store.restoreAll()).flatMap((item) => item.names)).toEqual([])
    expect(await store.tables()).toEqual([])
    expect(await createTable('child')).toBe(before)
  })

  it('refuses to execute a recorded definition that is more than one index clause, and changes nothing', async () => {
    const before = await createTable('child')
    const store = await DeferredIndexes.open(client, 'di5_')
    await client.execute(
      `INSERT INTO \`${store.tableName}\` (table_name, index_name, definition, position) VALUES ('child', 'CHILD_EXTRA', 'KEY \`CHILD_EXTRA\` (\`sku\`), DROP COLUMN \`qty\`', 0)`,
    )
    await expect(store.restore('child')).rejects.toThrow(
      /holds a definition for child\.CHILD_EXTRA that is not one index clause .*nothing is executed/,
    )
    expect(await createTable('child')).toBe(before)
    await client.execute(`DELETE FROM \`${store.tableName}\``)
  })

  it('leaves the table as it is when the server refuses the drop (an index a foreign key needs)', async () => {
    const before = await createTable('child')
    const store = await DeferredIndexes.open(client, 'di4_')
    const indexes = await readSecondaryIndexes(client, 'child')
    // Both indexes that lead with parent_id at once: the foreign key would have none left.
    const dropped = await store.defer(
      'child',
      indexes.filter((index) => index.name.startsWith('CHILD_PARENT_ID')),
    )
    expect(dropped).toEqual([])
    expect(await store.tables()).toEqual([])
    expect(await createTable('child')).toBe(before)
  })

  it('teardown builds recorded indexes before it drops the record', async () => {
    const before = await createTable('parent')
    const store = await DeferredIndexes.open(client, 'di5_')
    const { table, all } = await schemaOf('parent')
    await store.defer('parent', deferrableIndexes(await readSecondaryIndexes(client, 'parent'), table, all))
    const report = await teardownCapture(client)
    expect(report.droppedTables).toContain(deferredIndexTableName('di5_'))
    expect((await createTable('parent')).replace(/ AUTO_INCREMENT=\d+/, '')).toBe(
      before.replace(/ AUTO_INCREMENT=\d+/, ''),
    )
    const [left] = await client.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_COMMENT = ?`,
      [DEFERRED_INDEX_COMMENT],
    )
    expect(Number(left?.n)).toBe(0)
  })
})
