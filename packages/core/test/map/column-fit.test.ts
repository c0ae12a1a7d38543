import { describe, expect, it } from 'vitest'
import { createDefaultHandlerRegistry } from '../../src/map/handlers/index.js'
import { columnFit } from '../../src/map/column-fit.js'
import { RecordTransformer } from '../../src/map/record-transformer.js'
import { column, mapRules, required, schema, table } from './schema-fixtures.js'

const varchar = (size: number) => column('v', { columnType: `varchar(${size})` })
const int = (type: string) => column('n', { columnType: type, dataType: type.split(/[ (]/)[0] ?? type })

describe('columnFit', () => {
  it('costs nothing where every Magento 1 value fits (the same or a wider type)', () => {
    expect(columnFit(varchar(255), varchar(255))).toBeUndefined()
    expect(columnFit(varchar(64), varchar(255))).toBeUndefined()
    expect(columnFit(int('smallint(5) unsigned'), int('int(10) unsigned'))).toBeUndefined()
    expect(
      columnFit(
        column('d', { columnType: 'decimal(12,4)', dataType: 'decimal' }),
        column('d', { columnType: 'decimal(20,4)', dataType: 'decimal' }),
      ),
    ).toBeUndefined()
    expect(
      columnFit(
        column('t', { columnType: 'timestamp', dataType: 'timestamp' }),
        column('t', { columnType: 'timestamp', dataType: 'timestamp' }),
      ),
    ).toBeUndefined()
  })

  it('cuts text longer than a shorter Magento 2 column at a character, counting characters as the server does', () => {
    const fit = columnFit(varchar(255), varchar(5))
    expect(fit?.('Zoë 🎁')).toBeUndefined()
    expect(fit?.('Zoë 🎁 x')).toEqual({
      value: 'Zoë 🎁',
      reason: "longer than Magento 2's varchar(5) (7 characters): cut to 5",
    })
    const text = columnFit(
      column('t', { columnType: 'mediumtext', dataType: 'mediumtext' }),
      column('t', { columnType: 'text', dataType: 'text' }),
    )
    const long = `${'x'.repeat(65_534)}é`
    expect(text?.(long)).toEqual({
      value: 'x'.repeat(65_534),
      reason: "longer than Magento 2's text (65536 bytes): cut to 65534 bytes",
    })
  })

  it('clamps a number outside a narrower or unsigned Magento 2 integer, and says so', () => {
    const fit = columnFit(int('int(11)'), int('smallint(5) unsigned'))
    expect(fit?.(42)).toBeUndefined()
    expect(fit?.(-3)).toEqual({ value: '0', reason: "-3 is outside Magento 2's smallint(5) unsigned: written as 0" })
    expect(fit?.('70000')).toEqual({
      value: '65535',
      reason: "70000 is outside Magento 2's smallint(5) unsigned: written as 65535",
    })
    const decimal = columnFit(
      column('d', { columnType: 'decimal(12,4)', dataType: 'decimal' }),
      column('d', { columnType: 'decimal(6,2)', dataType: 'decimal' }),
    )
    expect(decimal?.('1234.5678')).toBeUndefined()
    expect(decimal?.('123456.0000')).toEqual({
      value: '9999.99',
      reason: "123456.0000 is outside Magento 2's decimal(6,2): written as 9999.99",
    })
    expect(decimal?.('-123456.0000')).toEqual({
      value: '-9999.99',
      reason: "-123456.0000 is outside Magento 2's decimal(6,2): written as -9999.99",
    })
  })

  it("writes the zero date for a DATETIME that is no calendar date or outside a TIMESTAMP's range", () => {
    const fit = columnFit(
      column('c', { columnType: 'datetime', dataType: 'datetime' }),
      column('c', { columnType: 'timestamp', dataType: 'timestamp' }),
    )
    expect(fit?.('2013-02-28 10:00:00')).toBeUndefined()
    expect(fit?.('0000-00-00 00:00:00')).toBeUndefined()
    expect(fit?.('2013-02-30 10:00:00')).toEqual({
      value: '0000-00-00 00:00:00',
      reason: '2013-02-30 10:00:00 is not a calendar date: written as 0000-00-00 00:00:00',
    })
    expect(fit?.('1965-05-01 00:00:00')).toEqual({
      value: '0000-00-00 00:00:00',
      reason: "1965-05-01 00:00:00 is outside Magento 2's TIMESTAMP range (1970–2038): written as 0000-00-00 00:00:00",
    })
  })

  it("writes a NOT NULL Magento 2 column's default (or its type's empty value) for Magento 1's NULL", () => {
    expect(columnFit(column('a'), required('a', { hasDefault: true, defaultValue: "'none'" }))?.(null)).toEqual({
      value: 'none',
      reason: "NULL, which Magento 2's NOT NULL varchar(255) does not take: written as none",
    })
    expect(columnFit(column('a'), required('a'))?.(null)?.value).toBe('')
    expect(
      columnFit(
        column('t', { columnType: 'timestamp', dataType: 'timestamp' }),
        required('t', {
          columnType: 'timestamp',
          dataType: 'timestamp',
          hasDefault: true,
          defaultValue: 'current_timestamp()',
        }),
      )?.(null)?.value,
    ).toBe('0000-00-00 00:00:00')
    expect(columnFit(required('a'), required('a'))).toBeUndefined()
  })
})

describe('RecordTransformer: a value Magento 2 cannot take costs only itself', () => {
  const registry = createDefaultHandlerRegistry()
  const source = table('blog_post', [
    required('id', { columnType: 'int(10) unsigned', dataType: 'int' }),
    column('author', { columnType: 'varchar(255)' }),
    column('meta', { columnType: 'text', dataType: 'text' }),
  ])
  const destination = table('blog_post', [
    required('id', { columnType: 'int(10) unsigned', dataType: 'int' }),
    column('author', { columnType: 'varchar(10)' }),
    column('meta', { columnType: 'text', dataType: 'text' }),
  ])
  const transformer = RecordTransformer.create({
    rules: mapRules(
      '<field_rules><transform><field>blog_post.meta</field><handler class="serializeToJson"/></transform></field_rules>',
    ),
    sourceTable: 'blog_post',
    registry,
    sourceSchema: schema(source),
    destinationSchema: schema(destination),
    sourcePrefix: '',
    destPrefix: '',
  })

  it('writes the row with the value cut or emptied, and notes each with its original', () => {
    const result = transformer.transform({ id: 7, author: 'An author name', meta: 'a:1:{s:3:"cu' })
    expect(result).toEqual({
      row: { id: 7, author: 'An author ', meta: null },
      notes: [
        {
          column: 'meta',
          kind: 'lost',
          reason: expect.stringMatching(/^neither PHP-serialized data nor JSON/),
          original: 'a:1:{s:3:"cu',
        },
        {
          column: 'author',
          kind: 'lost',
          reason: "longer than Magento 2's varchar(10) (14 characters): cut to 10",
          original: 'An author name',
        },
      ],
    })
  })

  it('notes a repaired value and gives no notes for a clean row', () => {
    expect(transformer.transform({ id: 8, author: 'Zoë', meta: 's:3:"Zoë";' })).toEqual({
      row: { id: 8, author: 'Zoë', meta: '"Zo\\u00eb"' },
      notes: [
        {
          column: 'meta',
          kind: 'repaired',
          reason: 'PHP-serialized string lengths did not match their bytes (1 string re-counted)',
          original: 's:3:"Zoë";',
        },
      ],
    })
    expect(transformer.transform({ id: 9, author: 'Zoë', meta: 'a:0:{}' })).toEqual({
      row: { id: 9, author: 'Zoë', meta: '[]' },
    })
  })
})

describe('latin1 columns holding UTF-8 (a shop that wrote its UTF-8 pages through a latin1 connection)', () => {
  const registry = createDefaultHandlerRegistry()
  const latin1 = { characterSet: 'latin1', collation: 'latin1_swedish_ci' }
  const transformer = RecordTransformer.create({
    rules: mapRules(''),
    sourceTable: 'note',
    registry,
    sourceSchema: schema(
      table('note', [
        required('id', { columnType: 'int(10)', dataType: 'int', characterSet: null, collation: null }),
        column('text', latin1),
      ]),
    ),
    destinationSchema: schema(
      table('note', [
        required('id', { columnType: 'int(10)', dataType: 'int', characterSet: null, collation: null }),
        column('text', { characterSet: 'utf8mb4', collation: 'utf8mb4_general_ci' }),
      ]),
    ),
    sourcePrefix: '',
    destPrefix: '',
  })

  it('reads UTF-8 bytes as UTF-8 (noted as repaired) and plain latin1 as the server converts it', () => {
    expect(transformer.transform({ id: 2, text: 'Zoë à Paris' })).toEqual({ row: { id: 2, text: 'Zoë à Paris' } })
    // The bytes of "Größe" stored in a latin1 column reach mig as one cp1252 character per byte (ß is C3 9F: Ã and Ÿ).
    expect(transformer.transform({ id: 3, text: 'GrÃ¶ÃŸe' })).toEqual({
      row: { id: 3, text: 'Größe' },
      notes: [
        {
          column: 'text',
          kind: 'repaired',
          reason: 'UTF-8 text stored in a latin1 column: read as UTF-8',
          original: 'GrÃ¶ÃŸe',
        },
      ],
    })
    expect(transformer.copiesAsIs('text')).toBe(false)
    expect(transformer.copiesAsIs('id')).toBe(true)
  })
})
