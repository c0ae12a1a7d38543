import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseDeltalogXml, readDeltalogXml } from '../../src/deltalog/index.js'
import { MigError, UsageError } from '../../src/errors/mig-error.js'

const FILE = 'etc/deltalog.xml'
const HEAD = [
  '<?xml version="1.0"?>',
  '<groups xmlns:xs="http://www.w3.org/2001/XMLSchema-instance" xs:noNamespaceSchemaLocation="urn:magento:module:Magento_Migration:etc/deltalog.xsd">',
]

/** Parses and returns the thrown UsageError (fails the test when nothing is thrown). */
function failure(xml: string): UsageError {
  try {
    parseDeltalogXml(xml, FILE, 'test')
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    const usage = error as UsageError
    expect(usage.exitCode).toBe(2)
    expect(usage.message).not.toContain('\n')
    return usage
  }
  throw new Error('expected a UsageError, but the file was accepted')
}

/** A file whose body (without <groups>) starts on line 2. */
function body(...lines: string[]): string {
  return ['<groups>', ...lines, '</groups>'].join('\n')
}

describe('parseDeltalogXml', () => {
  it('reads groups, documents, keys, order and locations', () => {
    const xml = [
      ...HEAD,
      '    <group name="delta_sales">',
      '        <document key="entity_id">sales_flat_order</document>',
      '        <document key="category_id, product_id">catalog_category_product</document>',
      '        <document>some_table</document>   <!-- no key: the primary key -->',
      '    </group>',
      '    <group name="delta_quote">',
      '        <document key="entity_id">',
      '            sales_flat_quote',
      '        </document>',
      '    </group>',
      '</groups>',
      '',
    ].join('\n')

    const source = parseDeltalogXml(xml, FILE, '@mig/plugin-sales')

    expect(source.origin).toBe('@mig/plugin-sales')
    expect(source.groups.map((g) => g.name)).toEqual(['delta_sales', 'delta_quote'])
    expect(source.groups[0]?.documents).toEqual([
      { table: 'sales_flat_order', keys: ['entity_id'], location: { file: FILE, line: 4, column: 35 } },
      {
        table: 'catalog_category_product',
        keys: ['category_id', 'product_id'],
        location: { file: FILE, line: 5, column: 49 },
      },
      { table: 'some_table', keys: [], location: { file: FILE, line: 6, column: 19 } },
    ])
    expect(source.groups[1]?.documents).toEqual([
      { table: 'sales_flat_quote', keys: ['entity_id'], location: { file: FILE, line: 10, column: 13 } },
    ])
  })

  it('gives the same positions for CRLF files and defaults the origin to the file', () => {
    const xml = body('  <group name="g">', '    <document key="id">t</document>', '  </group>').replaceAll('\n', '\r\n')
    const source = parseDeltalogXml(xml, FILE)
    expect(source.origin).toBe(FILE)
    expect(source.groups[0]?.documents[0]?.location).toEqual({ file: FILE, line: 3, column: 24 })
  })

  it('accepts an empty <groups> and merges groups of the same name', () => {
    expect(parseDeltalogXml('<groups/>', FILE).groups).toEqual([])
    const source = parseDeltalogXml(
      body(
        '<group name="g"><document>a</document></group>',
        '<group name="h"><document>b</document></group>',
        '<group name="g"><document>c</document></group>',
      ),
      FILE,
    )
    expect(source.groups.map((g) => [g.name, g.documents.map((d) => d.table)])).toEqual([
      ['g', ['a', 'c']],
      ['h', ['b']],
    ])
  })

  it('keeps a table listed twice with the same keys, or once without a key', () => {
    const source = parseDeltalogXml(
      body(
        '<group name="g">',
        '<document key="id">t</document>',
        '<document>t</document>',
        '<document key="ID">t</document>',
        '</group>',
      ),
      FILE,
    )
    expect(source.groups[0]?.documents.map((d) => d.keys)).toEqual([['id'], [], ['ID']])
  })

  it('refuses a table name that is not a plain MySQL identifier, at its position', () => {
    const error = failure(
      body('    <group name="g">', '        <document key="entity_id">sales-order</document>', '    </group>'),
    )
    expect(error.message).toBe(`${FILE}: 1 problem in deltalog.xml`)
    expect(error.details).toEqual([
      `${FILE}:3:35: table "sales-order" is not a plain MySQL name (letters, digits, _ or $, at most 64 characters); fix the name`,
    ])
  })

  it('refuses hostile table names', () => {
    const error = failure(body('<group name="g">', '<document>x`; DROP TABLE y; --</document>', '</group>'))
    expect(error.details).toHaveLength(1)
    expect(error.details[0]).toMatch(/^etc\/deltalog\.xml:3:11: table "x`; DROP TABLE y; --" is not a plain MySQL name/)
  })

  it('refuses a bad key column, pointing at the column inside the attribute', () => {
    const error = failure(
      body('    <group name="g">', '        <document key="entity_id,order id">t</document>', '    </group>'),
    )
    expect(error.details).toEqual([
      `${FILE}:3:34: key column "order id" is not a plain MySQL name (letters, digits, _ or $, at most 64 characters); fix the name`,
    ])
  })

  it('refuses a key column listed twice (ignoring case)', () => {
    const error = failure(body('    <group name="g">', '        <document key="a,b,A">t</document>', '    </group>'))
    expect(error.details).toEqual([
      `${FILE}:3:28: key column "A" is listed twice (first at 3:24); list each column once`,
    ])
  })

  it('refuses empty key lists and empty columns', () => {
    const error = failure(
      body('<group name="g">', '<document key="">t</document>', '<document key="a,,b">u</document>', '</group>'),
    )
    expect(error.details).toEqual([
      `${FILE}:3:16: empty key; list the key columns (key="a,b") or remove the attribute to use the primary key`,
      `${FILE}:4:18: empty column name in key "a,,b"; remove the extra comma`,
    ])
  })

  it('refuses an empty or missing group name', () => {
    const error = failure(
      body('    <group name="">', '        <document>t</document>', '    </group>', '    <group>', '    </group>'),
    )
    expect(error.details).toEqual([
      `${FILE}:2:18: empty group name; give the group a name, e.g. name="delta_sales"`,
      `${FILE}:5:5: <group> has no name; add name="…"`,
    ])
  })

  it('refuses a table listed twice in one file with different keys', () => {
    const error = failure(
      body(
        '    <group name="a">',
        '        <document key="entity_id">t1</document>',
        '    </group>',
        '    <group name="b">',
        '        <document>t1</document>',
        '        <document key="order_id">t1</document>',
        '    </group>',
      ),
    )
    expect(error.details).toEqual([
      `${FILE}:7:9: table "t1" is listed again with key (order_id) but at 3:9 with key (entity_id); keep one document`,
    ])
  })

  it('refuses unknown elements, attributes, text and an empty document', () => {
    const error = failure(
      [
        '<groups extra="1">',
        '  <group name="g" title="x">',
        '    <document keys="id">t</document>',
        '    <document/>',
        '    <table>t</table>',
        '    stray',
        '  </group>',
        '</groups>',
      ].join('\n'),
    )
    expect(error.details).toEqual([
      `${FILE}:1:9: unexpected attribute "extra" on <groups>`,
      `${FILE}:2:19: unexpected attribute "title" on <group>; only "name" is allowed`,
      `${FILE}:3:15: unexpected attribute "keys" on <document>; only "key" is allowed`,
      `${FILE}:4:5: <document> has no table name; write the Magento 1 table name inside it`,
      `${FILE}:5:5: unexpected element <table> in <group>; only <document> is allowed`,
      `${FILE}:6:5: unexpected text "stray" in <group>`,
    ])
  })

  it('refuses element names the parser rejects with a UsageError', () => {
    expect(() => parseDeltalogXml('<groups><__proto__/></groups>', FILE)).toThrow(UsageError)
  })

  it('refuses a wrong root element', () => {
    const error = failure('<?xml version="1.0"?>\n<config>\n</config>\n')
    expect(error.details).toEqual([`${FILE}:2:1: unexpected element <config>; the root element must be <groups>`])
  })

  it('collects every problem into one error', () => {
    const error = failure(
      body(
        '<group name="">',
        '<document key="a,a">bad-name</document>',
        '<document key="id">ok</document>',
        '<document key="1">t</document>',
        '</group>',
      ),
    )
    expect(error.message).toBe(`${FILE}: 4 problems in deltalog.xml`)
    expect(error.details.map((line) => line.split(': ')[0])).toEqual([
      `${FILE}:2:14`,
      `${FILE}:3:18`,
      `${FILE}:3:21`,
      `${FILE}:5:16`,
    ])
  })

  it('reports malformed XML with line and column', () => {
    let caught: unknown
    try {
      parseDeltalogXml(body('  <group name="a">', '  </grup>'), FILE)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(UsageError)
    expect((caught as MigError).message).toMatch(/^etc\/deltalog\.xml:3:3: malformed XML in deltalog\.xml: .*grup/)
    expect(() => parseDeltalogXml('', FILE)).toThrow(/^etc\/deltalog\.xml:1:1: malformed XML/)
  })
})

describe('readDeltalogXml', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mig-deltalog-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads a file, with the file as location and origin', () => {
    const file = path.join(dir, 'deltalog.xml')
    writeFileSync(file, '\uFEFF<groups><group name="g"><document key="id">t</document></group></groups>')
    expect(readDeltalogXml(file)).toEqual({
      origin: file,
      groups: [{ name: 'g', documents: [{ table: 't', keys: ['id'], location: { file, line: 1, column: 44 } }] }],
    })
    expect(readDeltalogXml(file, 'vendor').origin).toBe('vendor')
  })

  it('names a missing file in a UsageError', () => {
    const file = path.join(dir, 'missing.xml')
    expect(() => readDeltalogXml(file)).toThrow(UsageError)
    expect(() => readDeltalogXml(file)).toThrow(`${file}: deltalog file not found`)
  })
})
