import { performance } from 'node:perf_hooks'
import type { Connection, RowDataPacket } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { schemaSubsetPath } from '@mig/demo'
import {
  describeWithRealDumps,
  fixturePath,
  fixtureSkipReason,
  loadDump,
  MAGENTO1_DUMP,
  MAGENTO2_DUMP,
  openConnection,
  rewriteDump,
  testDatabaseName,
  usingSchemaSubset,
  useTestDatabases,
} from './index.js'

const PREFIX = 'magev1_'

async function timedLoad(label: string, database: string, dump: string, tablePrefix?: string): Promise<void> {
  const started = performance.now()
  await loadDump(database, fixturePath(dump), tablePrefix === undefined ? {} : { tablePrefix })
  console.log(`loadDump ${label}: ${(performance.now() - started).toFixed(0)} ms`)
}

async function rows<T extends RowDataPacket>(
  connection: Connection,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  const [result] = await connection.query<T[]>(sql, values)
  return result
}

async function tableNames(connection: Connection, database: string): Promise<string[]> {
  const result = await rows<RowDataPacket & { name: string }>(
    connection,
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME`,
    [database],
  )
  return result.map((row) => row.name)
}

async function foreignKeys(connection: Connection, database: string): Promise<{ table: string; referenced: string }[]> {
  return rows<RowDataPacket & { table: string; referenced: string }>(
    connection,
    `SELECT TABLE_NAME AS \`table\`, REFERENCED_TABLE_NAME AS referenced FROM information_schema.KEY_COLUMN_USAGE
      WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL`,
    [database],
  )
}

async function count(connection: Connection, database: string, table: string): Promise<string> {
  const [row] = await rows<RowDataPacket & { n: string }>(connection, `SELECT COUNT(*) AS n FROM ??.??`, [
    database,
    table,
  ])
  return row?.n ?? 'none'
}

describe('testDatabaseName', () => {
  it('is unique, safe and at most 64 characters', () => {
    const long = testDatabaseName('a very long hint! with spaces and ünïcode '.repeat(5))
    expect(long.length).toBeLessThanOrEqual(64)
    expect(long).toMatch(/^mig_t_[a-z0-9_]+_\d+_[0-9a-f]{8}$/)
    expect(testDatabaseName('m1')).not.toBe(testDatabaseName('m1'))
    expect(testDatabaseName('m1')).toMatch(new RegExp(`^mig_t_m1_${process.pid}_`))
  })
})

describe('rewriteDump', () => {
  const dump = [
    'DROP TABLE IF EXISTS `tag`;',
    'CREATE TABLE `tag` (',
    '  `tag_id` int NOT NULL,',
    '  PRIMARY KEY (`tag_id`)',
    ') ENGINE=InnoDB;',
    'CREATE TABLE `core_cache_tag` (',
    '  `tag` varchar(100) NOT NULL,',
    '  `tag_id` int NOT NULL,',
    '  KEY `tag` (`tag`),',
    '  CONSTRAINT `FK_TAG` FOREIGN KEY (`tag_id`) REFERENCES `tag` (`tag_id`) ON DELETE CASCADE',
    ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;',
    'LOCK TABLES `tag` WRITE, `core_cache_tag` WRITE;',
    '/*!40000 ALTER TABLE `tag` DISABLE KEYS */;',
    "INSERT INTO `core_cache_tag` VALUES ('INSERT INTO `tag` VALUES',1),('REFERENCES `tag`',2);",
    'UNLOCK TABLES;',
    'DELIMITER ;;',
    '/*!50003 CREATE*/ /*!50017 DEFINER=`magento`@`%`*/ /*!50003 TRIGGER trg_tag_after_insert AFTER INSERT ON tag FOR EACH ROW',
    'BEGIN',
    'INSERT IGNORE INTO `core_cache_tag` (`tag`, `tag_id`) VALUES (NEW.`tag_id`, (SELECT MAX(tag.tag_id) FROM tag));',
    'END */;;',
    'DELIMITER ;',
    '/*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */ /*!50001 VIEW `tag_view` AS select `tag`.`tag_id` AS `tag` from `tag` */;',
    'USE `magento`;',
  ].join('\n')

  it('only strips DEFINER and fixes MariaDB incompatibilities without a prefix', () => {
    const out = rewriteDump(dump)
    expect(out).not.toContain('DEFINER=')
    expect(out).toContain('SQL SECURITY DEFINER')
    expect(out).toContain('/*!50003 CREATE*/ /*!50003 TRIGGER trg_tag_after_insert AFTER INSERT ON tag FOR EACH ROW')
    expect(out).not.toContain('utf8mb4_0900_ai_ci')
    expect(out).not.toContain('USE `magento`')
    expect(out).toContain("INSERT INTO `core_cache_tag` VALUES ('INSERT INTO `tag` VALUES',1)")
  })

  it('prefixes tables in table contexts only', () => {
    const out = rewriteDump(dump, { tablePrefix: 'p_' }).split('\n')
    expect(out).toContain('DROP TABLE IF EXISTS `p_tag`;')
    expect(out).toContain('CREATE TABLE `p_tag` (')
    expect(out).toContain('CREATE TABLE `p_core_cache_tag` (')
    expect(out).toContain('  `tag` varchar(100) NOT NULL,')
    expect(out).toContain('  KEY `tag` (`tag`),')
    expect(out).toContain(
      '  CONSTRAINT `FK_TAG` FOREIGN KEY (`tag_id`) REFERENCES `p_tag` (`tag_id`) ON DELETE CASCADE',
    )
    expect(out).toContain('LOCK TABLES `p_tag` WRITE, `p_core_cache_tag` WRITE;')
    expect(out).toContain('/*!40000 ALTER TABLE `p_tag` DISABLE KEYS */;')
    expect(out).toContain(
      "INSERT INTO `p_core_cache_tag` VALUES ('INSERT INTO `tag` VALUES',1),('REFERENCES `tag`',2);",
    )
    expect(out).toContain(
      '/*!50003 CREATE*/ /*!50003 TRIGGER trg_p_tag_after_insert AFTER INSERT ON p_tag FOR EACH ROW',
    )
    expect(out).toContain(
      'INSERT IGNORE INTO `p_core_cache_tag` (`tag`, `tag_id`) VALUES (NEW.`tag_id`, (SELECT MAX(p_tag.tag_id) FROM p_tag));',
    )
    expect(out).toContain(
      '/*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50013 SQL SECURITY DEFINER */ /*!50001 VIEW `p_tag_view` AS select `p_tag`.`tag_id` AS `tag` from `p_tag` */;',
    )
  })

  it('refuses a prefix that is not a plain name or makes names too long', () => {
    expect(() => rewriteDump(dump, { tablePrefix: 'bad-prefix' })).toThrow(/prefix/)
    expect(() => rewriteDump(dump, { tablePrefix: 'x'.repeat(62) })).toThrow(/longer than 64/)
  })
})

describe('fixture dumps when they are absent', () => {
  const saved = { dir: process.env['MIG_FIXTURES_DIR'], required: process.env['MIG_REQUIRE_FIXTURES'] }
  const restore = (name: string, value: string | undefined): void => {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  afterAll(() => {
    restore('MIG_FIXTURES_DIR', saved.dir)
    restore('MIG_REQUIRE_FIXTURES', saved.required)
  })

  it("stand in with mig's schema subset, unless MIG_REQUIRE_FIXTURES=1", () => {
    process.env['MIG_FIXTURES_DIR'] = '/nonexistent/mig-fixtures'
    delete process.env['MIG_REQUIRE_FIXTURES']
    expect(fixturePath(MAGENTO1_DUMP)).toBe(schemaSubsetPath('magento1'))
    expect(fixturePath(MAGENTO2_DUMP)).toBe(schemaSubsetPath('magento2'))
    expect(fixturePath('other.sql')).toBe('/nonexistent/mig-fixtures/other.sql')
    expect(usingSchemaSubset()).toBe(true)
    expect(fixtureSkipReason([MAGENTO1_DUMP])).toMatch(/magento1-ce-1\.7\.sql not found in \/nonexistent\/mig-fixtures/)
    process.env['MIG_REQUIRE_FIXTURES'] = '1'
    expect(fixturePath(MAGENTO1_DUMP)).toBe('/nonexistent/mig-fixtures/magento1-ce-1.7.sql')
    expect(usingSchemaSubset()).toBe(false)
    expect(() => fixtureSkipReason()).toThrow(
      /MIG_REQUIRE_FIXTURES=1 but fixture dump\(s\) magento1-ce-1\.7\.sql, magento2-ce-2\.4\.8\.sql not found/,
    )
  })
})

// Loading the real dumps themselves: their 338/361 tables, rows, triggers and DEFINERs are what is tested.
describeWithRealDumps('loadDump with the real Magento dumps', () => {
  const dbs = useTestDatabases()
  let connection: Connection
  let m1 = ''
  let m1Prefixed = ''
  let m2 = ''
  let m2Prefixed = ''

  beforeAll(async () => {
    connection = await openConnection()
    ;[m1, m1Prefixed, m2, m2Prefixed] = await Promise.all([
      dbs.create('support_m1'),
      dbs.create('support_m1p'),
      dbs.create('support_m2'),
      dbs.create('support_m2p'),
    ])
  })
  afterAll(async () => {
    await connection?.end()
  })

  it('loads the Magento 1 dump', async () => {
    await timedLoad('magento1 (no prefix)', m1, MAGENTO1_DUMP)
    const tables = await tableNames(connection, m1)
    expect(tables).toHaveLength(338)
    expect(tables).toContain('core_store')
    const stores = await rows<RowDataPacket>(
      connection,
      'SELECT store_id, code, name FROM ??.core_store ORDER BY store_id',
      [m1],
    )
    expect(stores).toEqual([
      { store_id: 0, code: 'admin', name: 'Admin' },
      { store_id: 1, code: 'default', name: 'Default Store View' },
    ])
    const customers = await rows<RowDataPacket>(connection, 'SELECT entity_id, email FROM ??.customer_entity', [m1])
    expect(customers).toEqual([{ entity_id: 1, email: 'tedi3231@gmail.com' }])
  })

  it('loads the Magento 1 dump with a table prefix', async () => {
    await timedLoad(`magento1 (prefix ${PREFIX})`, m1Prefixed, MAGENTO1_DUMP, PREFIX)
    const tables = await tableNames(connection, m1Prefixed)
    expect(tables).toHaveLength(338)
    expect(tables.filter((name) => !name.startsWith(PREFIX))).toEqual([])
    expect([...tables].sort()).toEqual((await tableNames(connection, m1)).map((name) => PREFIX + name).sort())

    const plainKeys = await foreignKeys(connection, m1)
    const prefixedKeys = await foreignKeys(connection, m1Prefixed)
    expect(prefixedKeys.length).toBe(plainKeys.length)
    expect(prefixedKeys.length).toBeGreaterThan(400)
    expect(prefixedKeys.filter((key) => !key.referenced.startsWith(PREFIX))).toEqual([])

    for (const table of ['core_store', 'core_config_data', 'eav_attribute', 'catalog_product_entity', 'cms_page']) {
      expect(await count(connection, m1Prefixed, PREFIX + table)).toBe(await count(connection, m1, table))
    }
    // a column that is named like a table keeps its name
    const [column] = await rows<RowDataPacket>(
      connection,
      `SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = 'tag'`,
      [m1Prefixed, `${PREFIX}core_cache_tag`],
    )
    expect(column).toEqual({ name: 'tag' })
  })

  it('loads the Magento 2 dump with working triggers', async () => {
    await timedLoad('magento2 (no prefix)', m2, MAGENTO2_DUMP)
    const tables = await tableNames(connection, m2)
    expect(tables).toHaveLength(361)
    expect(tables).toEqual(expect.arrayContaining(['sales_order', 'store', 'store_website', 'catalog_product_entity']))
    const triggers = await rows<RowDataPacket>(
      connection,
      'SELECT TRIGGER_NAME AS name, DEFINER AS definer FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?',
      [m2],
    )
    expect(triggers).toHaveLength(66)
    expect(triggers.filter((trigger) => String(trigger['definer']).startsWith('magento@'))).toEqual([])
    // the dump's DEFINER=`magento`@`%` would make this fail with ERROR 1449
    await connection.query('UPDATE ??.catalog_category_entity SET position = position + 1 WHERE entity_id = 2', [m2])
    expect(Number(await count(connection, m2, 'catalog_category_product_cl'))).toBeGreaterThan(0)
  })

  it('loads the Magento 2 dump with a table prefix, triggers included', async () => {
    const prefix = 'm2p_'
    await timedLoad(`magento2 (prefix ${prefix})`, m2Prefixed, MAGENTO2_DUMP, prefix)
    const tables = await tableNames(connection, m2Prefixed)
    expect(tables).toHaveLength(361)
    expect(tables.filter((name) => !name.startsWith(prefix))).toEqual([])
    const triggers = await rows<RowDataPacket>(
      connection,
      `SELECT TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS \`table\`, ACTION_STATEMENT AS body
         FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?`,
      [m2Prefixed],
    )
    expect(triggers).toHaveLength(66)
    for (const trigger of triggers) {
      expect(String(trigger['table'])).toMatch(new RegExp(`^${prefix}`))
      expect(String(trigger['name'])).toMatch(new RegExp(`^trg_${prefix}`))
      expect(String(trigger['body'])).toMatch(new RegExp(`INTO \`${prefix}\\w+_cl\``))
    }
    await connection.query(`UPDATE ??.?? SET position = position + 1 WHERE entity_id = 2`, [
      m2Prefixed,
      `${prefix}catalog_category_entity`,
    ])
    expect(Number(await count(connection, m2Prefixed, `${prefix}catalog_category_product_cl`))).toBeGreaterThan(0)
  })
})
