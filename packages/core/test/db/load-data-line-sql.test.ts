import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseClient } from '../../src/db/database-client.js'
import { loadDataFile } from '../../src/db/load-data-file.js'
import { loadDataLineSql } from '../../src/db/load-data-line-sql.js'
import { readDatabaseSchema } from '../../src/db/schema-reader.js'
import type { SqlRow } from '../../src/db/sql-value.js'
import type { ColumnSchema } from '../../src/db/table-schema.js'
import { readLinePage } from '../../src/data/source-key-reader.js'
import { insertLoadDataLines } from '../../src/delta/destination-writer.js'
import { useTestDatabases } from '../../../../test/support/test-database.js'
import { connectTo } from '../delta/db-helpers.js'

const dbs = useTestDatabases()
let database: string
const clients: DatabaseClient[] = []

async function client(initStatements: readonly string[] = []): Promise<DatabaseClient> {
  const opened = await connectTo(database, 'source', initStatements)
  clients.push(opened)
  return opened
}

/** Every type Magento tables use, in the character sets old stores have. */
const EVERY_TYPE = `(
  id INT UNSIGNED NOT NULL PRIMARY KEY, small SMALLINT NULL, signed_int INT NULL, big BIGINT UNSIGNED NULL,
  price DECIMAL(12,4) NULL, weight FLOAT NULL, ratio DOUBLE NULL, fixed_float FLOAT(10,4) NULL,
  day DATE NULL, moment DATETIME(3) NULL, stamp TIMESTAMP NULL DEFAULT NULL, span TIME NULL, yr YEAR NULL,
  code CHAR(4) CHARACTER SET utf8mb3 NULL, label VARCHAR(255) CHARACTER SET utf8mb4 NULL,
  old_label VARCHAR(255) CHARACTER SET utf8mb3 NULL, legacy VARCHAR(255) CHARACTER SET latin1 NULL,
  body TEXT CHARACTER SET utf8mb3 NULL, data BLOB NULL, hash VARBINARY(16) NULL,
  state ENUM('new','done') NULL, flags SET('a','b') NULL, bits BIT(8) NULL, doc JSON NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3`

const NASTY = 'Crème brûlée\ttab\nline\r\\N back\\slash end'

/** Values LOAD DATA must see escaped or must not see changed, and every NULL. */
const INSERTS = [
  `(1, -32768, -2147483648, 18446744073709551615, -99999999.9999, 0.1, 1.7976931348623157e308, 1.23456, '0000-00-00', '2024-02-29 23:59:59.123', '2024-05-05 01:02:03', '-838:59:59', 2024,
    'ab\tc', '${NASTY} 🍰', '${NASTY}', CONVERT(X'436166E9205C4E' USING latin1), '${NASTY}', X'00090A0D5C4EFF27', X'5C4E', 'done', 'a,b', b'00001001', '{"a": "\\\\t"}')`,
  `(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
  `(3, 0, 0, 0, 0.0001, 3.40282e38, 2.5e-300, -0.0001, '2024-01-01', '0000-00-00 00:00:00.000', NULL, '00:00:00', 0, '', '\\\\N', '', '', '', X'', X'', 'new', '', b'00000000', '[]')`,
  `(4, 1, 1, 9223372036854775808, 1.0000, 1e20, 123456789.123456789, 99999.9999, '9999-12-31', '1970-01-01 00:00:01.000', '2038-01-19 03:14:07', '838:59:59', 1901, 'x', '\\0 nul', CONCAT('a', CHAR(0), 'b'), 'plain', REPEAT('long ', 2000), REPEAT(X'5C', 300), X'0D0A', NULL, 'b', b'11111111', NULL)`,
]

beforeAll(async () => {
  database = await dbs.create('load_data_lines')
  const setup = await client()
  await setup.execute(`CREATE TABLE every_type ${EVERY_TYPE}`)
  // Magento 2's tables are UTF-8 throughout: the copy of the latin1 column is too.
  await setup.execute(
    `CREATE TABLE every_type_copy ${EVERY_TYPE.replace('CHARACTER SET latin1', 'CHARACTER SET utf8mb3')}`,
  )
  await setup.execute(`INSERT INTO every_type VALUES ${INSERTS.join(', ')}`)
})

afterAll(async () => {
  for (const opened of clients) await opened.close()
})

async function everyTypeColumns(reader: DatabaseClient): Promise<readonly ColumnSchema[]> {
  const table = (await readDatabaseSchema(reader)).get('every_type')
  if (!table) throw new Error('every_type was not created')
  return table.columns
}

/** Each column as the server's text of it in hex (text as UTF-8), so equal means byte-identical. */
async function hexRows(reader: DatabaseClient, table: string, columns: readonly ColumnSchema[]): Promise<SqlRow[]> {
  const hex = (column: ColumnSchema): string => {
    const name = `\`${column.name}\``
    const text = column.characterSet === null ? name : `CONVERT(${name} USING utf8mb4)`
    return `HEX(CAST(${text} AS BINARY)) AS ${name}`
  }
  return reader.query<SqlRow>(`SELECT ${columns.map(hex).join(', ')} FROM \`${table}\` ORDER BY id`)
}

describe('loadDataLineSql', () => {
  it.each([
    ['default sql_mode', []],
    ['NO_BACKSLASH_ESCAPES', ["SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')"]],
  ])('formats every row byte for byte as mig formats the values it reads (%s)', async (_label, init) => {
    const reader = await client(init)
    const columns = await everyTypeColumns(reader)
    const names = columns.map((column) => column.name)
    const rows = await reader.query<SqlRow>('SELECT * FROM every_type ORDER BY id')
    const page = await readLinePage(
      reader,
      'every_type',
      ['id'],
      { lineSql: loadDataLineSql(columns), valueColumns: [] },
      100,
    )
    expect(page.map((item) => item.change.key)).toEqual([[1], [2], [3], [4]])
    const lines = page.map((item) => item.line)
    expect(lines.every((line) => Buffer.isBuffer(line))).toBe(true)
    // Field by field (as escaped text), so a difference names its column. The driver turns FLOAT,
    // DOUBLE and YEAR into JS numbers, whose text differs (1e+20 for 1e20, 0 for 0000): those are
    // compared by value in the next test, after loading.
    const asNumbers = new Set(
      columns.filter((column) => ['float', 'double', 'year'].includes(column.dataType)).map((column) => column.name),
    )
    const fields = (file: Buffer): string[][] =>
      file
        .toString('latin1')
        .split('\n')
        .slice(0, -1)
        .map((line) =>
          line
            .split('\t')
            .map((value, index) => `${names[index]}=${asNumbers.has(names[index] ?? '') ? '(number)' : value}`),
        )
    const fromServer = Buffer.concat(lines.flatMap((line) => [line as Buffer, Buffer.from('\n')]))
    expect(fields(fromServer)).toEqual(fields(loadDataFile(rows, names)))
    expect(asNumbers.size).toBe(4)
  })

  it('qualifies the columns with a table alias when given one', () => {
    const sql = loadDataLineSql(
      [
        {
          name: 'id',
          columnType: 'int(10)',
          dataType: 'int',
          nullable: false,
          defaultValue: null,
          hasDefault: false,
          autoIncrement: false,
          generated: false,
          characterSet: null,
          collation: null,
        },
      ],
      's',
    )
    expect(sql).toBe("CONCAT_WS(X'09', IFNULL(CAST(`s`.`id` AS BINARY), X'5C4E'))")
  })

  it('loads the lines into a table so that every column is byte-identical to the source', async () => {
    const reader = await client()
    const columns = await everyTypeColumns(reader)
    const names = columns.map((column) => column.name)
    const page = await readLinePage(
      reader,
      'every_type',
      ['id'],
      { lineSql: loadDataLineSql(columns), valueColumns: [] },
      100,
    )
    const loaded = await reader.transaction((session) =>
      insertLoadDataLines(session, { table: 'every_type_copy', columns: names, lines: page.map((item) => item.line) }),
    )
    expect(loaded).toBe(true)
    expect(await hexRows(reader, 'every_type_copy', columns)).toEqual(await hexRows(reader, 'every_type', columns))
  })

  it('refuses a page with a missing line (longer than max_allowed_packet) and writes none of it', async () => {
    const reader = await client()
    await reader.execute('CREATE TABLE short_lines (id INT NOT NULL PRIMARY KEY, label VARCHAR(10) NULL)')
    const lines = [Buffer.from('1\tone'), null]
    expect(
      await reader.transaction((session) =>
        insertLoadDataLines(session, { table: 'short_lines', columns: ['id', 'label'], lines }),
      ),
    ).toBe(false)
    const tooLong = [Buffer.from('1\tone'), Buffer.from('2\tfar too long for ten')]
    expect(
      await reader.transaction((session) =>
        insertLoadDataLines(session, { table: 'short_lines', columns: ['id', 'label'], lines: tooLong }),
      ),
    ).toBe(false)
    expect(await reader.query('SELECT * FROM short_lines')).toEqual([])
  })
})
