import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { UsageError } from '../../src/errors/mig-error.js'
import { emptyMapRules, mergeMapRules } from '../../src/map/map-rules-merge.js'
import { parseMapXml, readMapXml } from '../../src/map/map-xml-reader.js'

const FILE = 'etc/map.xml'

const GOOD = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<map xmlns:xs="http://www.w3.org/2001/XMLSchema-instance" xs:noNamespaceSchemaLocation="urn:magento:module:Magento_Migration:etc/map.xsd">',
  '  <source>',
  '    <document_rules>',
  '      <ignore><document>admin_assert</document></ignore>',
  '      <ignore><document>*_idx</document></ignore>',
  '      <rename><document>sales_flat_order</document><to>sales_order</to></rename>',
  '    </document_rules>',
  '    <field_rules>',
  '      <ignore><field>sales_flat_order_item.is_nominal</field></ignore>',
  '      <ignore><datatype>cms_page.custom_theme_from</datatype></ignore>',
  '      <move><field>sales_flat_order.hidden_tax_amount</field><to>sales_order.discount_tax_compensation_amount</to></move>',
  '      <transform><field>sales_flat_order_payment.additional_information</field><handler class="\\Migration\\Handler\\SerializeToJson"/></transform>',
  '      <transform>',
  '        <field>x.y</field>',
  '        <handler class="\\Migration\\Handler\\SetValue"><param name="value" value="1"/><param name="other" value=""/></handler>',
  '      </transform>',
  '    </field_rules>',
  '  </source>',
  '  <destination>',
  '    <document_rules><ignore><document>sequence_*</document></ignore></document_rules>',
  '    <field_rules>',
  '      <ignore><field>sales_order.send_email</field></ignore>',
  '      <transform><field>rating.is_active</field><handler class="setValue"><param name="value" value="1"/></handler></transform>',
  '    </field_rules>',
  '  </destination>',
  '</map>',
  '',
].join('\n')

const at = (line: number, column: number) => ({ file: FILE, line, column })

/** Parses and returns the thrown UsageError (fails the test when the file is accepted). */
function failure(xml: string): UsageError {
  try {
    parseMapXml(xml, FILE)
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    const usage = error as UsageError
    expect(usage.exitCode).toBe(2)
    expect(usage.message).not.toContain('\n')
    for (const line of usage.details) expect(line).not.toContain('\n')
    return usage
  }
  throw new Error('expected a UsageError, but the file was accepted')
}

/** `<map>` on line 1, the given lines from line 2 on. */
function map(...lines: string[]): string {
  return ['<map>', ...lines, '</map>'].join('\n')
}

describe('parseMapXml', () => {
  it('reads every rule kind with its location', () => {
    const rules = parseMapXml(GOOD, FILE, '@mig/plugin-sales')
    expect(rules.origins).toEqual(['@mig/plugin-sales'])
    expect(rules.source.ignoredDocuments).toEqual([
      { pattern: 'admin_assert', location: at(5, 15) },
      { pattern: '*_idx', location: at(6, 15) },
    ])
    expect(rules.source.renames).toEqual([{ from: 'sales_flat_order', to: 'sales_order', location: at(7, 7) }])
    // <datatype> is accepted (upstream files use it) and has no effect.
    expect(rules.source.ignoredFields).toEqual([{ pattern: 'sales_flat_order_item.is_nominal', location: at(10, 15) }])
    expect(rules.source.moves).toEqual([
      {
        from: 'sales_flat_order.hidden_tax_amount',
        to: 'sales_order.discount_tax_compensation_amount',
        location: at(12, 7),
      },
    ])
    expect(rules.source.transforms).toEqual([
      {
        field: 'sales_flat_order_payment.additional_information',
        handler: { name: '\\Migration\\Handler\\SerializeToJson', params: {}, location: at(13, 80) },
        location: at(13, 7),
      },
      {
        field: 'x.y',
        handler: { name: '\\Migration\\Handler\\SetValue', params: { value: '1', other: '' }, location: at(16, 9) },
        location: at(14, 7),
      },
    ])
    expect(rules.destination.ignoredDocuments).toEqual([{ pattern: 'sequence_*', location: at(21, 29) }])
    expect(rules.destination.ignoredFields).toEqual([{ pattern: 'sales_order.send_email', location: at(23, 15) }])
    expect(rules.destination.transforms).toEqual([
      {
        field: 'rating.is_active',
        handler: { name: 'setValue', params: { value: '1' }, location: at(24, 49) },
        location: at(24, 7),
      },
    ])
  })

  it('defaults the origin to the file and accepts empty sections', () => {
    const rules = parseMapXml('<map><source/><destination><field_rules/></destination></map>', FILE)
    expect(rules).toEqual({ ...emptyMapRules(), origins: [FILE] })
  })

  it('refuses a root element other than <map>', () => {
    expect(failure('<maps/>').details).toEqual([
      `${FILE}:1:1: the root element is <maps>; a map file has <map> as its root element`,
    ])
  })

  it('reports malformed XML with its position', () => {
    expect(failure(map('<source>', '  <document_rules>', '  </source>')).message).toMatch(
      /^etc\/map\.xml:4:\d+: malformed XML/,
    )
  })

  it('reports unknown elements, attributes and stray text at their line:column', () => {
    const error = failure(
      [
        '<map version="2">',
        '  <sources/>',
        '  <source>oops',
        '    <document_rules>',
        '      <move><field>a.b</field><to>c.d</to></move>',
        '    </document_rules>',
        '    <field_rules x="1">',
        '      <rename><document>a</document><to>b</to></rename>',
        '    </field_rules>',
        '  </source>',
        '  <source/>',
        '</map>',
      ].join('\n'),
    )
    expect(error.message).toBe(`${FILE}: 7 problems in map.xml (see below; fix them and run again)`)
    expect(error.details).toEqual([
      `${FILE}:1:1: unexpected attribute "version" on <map>; remove it`,
      `${FILE}:2:3: unexpected element <sources> in <map>; expected <source>, <destination>`,
      `${FILE}:3:3: unexpected text "oops" in <source>; it holds only elements`,
      `${FILE}:5:7: unexpected element <move> in <document_rules>; expected <ignore>, <rename>`,
      `${FILE}:7:5: unexpected attribute "x" on <field_rules>; remove it`,
      `${FILE}:8:7: unexpected element <rename> in <field_rules>; expected <ignore>, <move>, <transform>`,
      `${FILE}:11:3: a second <source> in <map>; put all its rules in one <source>`,
    ])
  })

  it('keeps renames and moves out of <destination>', () => {
    const error = failure(
      map(
        '<destination>',
        '  <document_rules><rename><document>a</document><to>b</to></rename></document_rules>',
        '  <field_rules><move><field>a.b</field><to>c.d</to></move></field_rules>',
        '</destination>',
      ),
    )
    expect(error.details).toEqual([
      `${FILE}:3:19: <rename> belongs in <source>: it maps a Magento 1 table name to its Magento 2 name; move it there`,
      `${FILE}:4:16: <move> belongs in <source>: it maps a Magento 1 column to its Magento 2 column; move it there`,
    ])
  })

  it('checks document names and the shape of document rules', () => {
    const error = failure(
      map(
        '<source><document_rules>',
        '  <ignore><document>sales-order</document></ignore>',
        '  <ignore></ignore>',
        '  <ignore><document>a</document><document>b</document></ignore>',
        '  <ignore><document> </document></ignore>',
        '  <ignore><document id="1">a</document></ignore>',
        '  <ignore><document>a<b/></document></ignore>',
        '  <ignore><document>12</document></ignore>',
        '  <rename><document>sales_*</document><to>x</to></rename>',
        '  <rename><document>a</document></rename>',
        `  <rename><document>a</document><to>${'x'.repeat(65)}</to></rename>`,
        '</document_rules></source>',
      ),
    )
    expect(error.details).toEqual([
      `${FILE}:3:11: document "sales-order" is not a plain MySQL name (letters, digits, _ or $, at most 64 characters; * as a wildcard); fix the name`,
      `${FILE}:4:3: <ignore> has no <document>; add <document>…</document> inside it`,
      `${FILE}:5:33: a second <document> in <ignore>; write one <ignore> per document`,
      `${FILE}:6:11: <document> is empty; write the name inside it`,
      `${FILE}:7:11: unexpected attribute "id" on <document>; remove it`,
      `${FILE}:8:22: unexpected element <b> in <document>; write only the name`,
      `${FILE}:9:11: document "12" is not a plain MySQL name (letters, digits, _ or $, at most 64 characters; * as a wildcard); fix the name`,
      `${FILE}:10:11: document "sales_*" has a wildcard, but a rename names one Magento 1 table; wildcards (*) are only allowed in <ignore> and <transform>`,
      `${FILE}:11:3: <rename> has no <to>; add <to>…</to> inside it`,
      `${FILE}:12:33: document "${'x'.repeat(65)}" is not a plain MySQL name (letters, digits, _ or $, at most 64 characters); fix the name`,
    ])
  })

  it('checks field names and the shape of field rules', () => {
    const error = failure(
      map(
        '<source><field_rules>',
        '  <ignore><field>sales_flat_order</field></ignore>',
        '  <ignore><field>a.b.c</field></ignore>',
        '  <ignore><field>a.b c</field></ignore>',
        '  <ignore><column>a.b</column></ignore>',
        '  <move><field>a.*</field><to>b.c</to></move>',
        '  <move><field>a.b</field><to>c</to></move>',
        '  <move><field>a.b</field><to>c.d-e</to></move>',
        '  <move><to>c.d</to></move>',
        '  <transform><field>a.b</field></transform>',
        '</field_rules></source>',
      ),
    )
    expect(error.details).toEqual([
      `${FILE}:3:11: field "sales_flat_order" is not written as table.column (e.g. sales_flat_order.hidden_tax_amount); fix it`,
      `${FILE}:4:11: field "a.b.c" is not written as table.column (e.g. sales_flat_order.hidden_tax_amount); fix it`,
      `${FILE}:5:11: column "b c" in "a.b c" is not a plain MySQL name (letters, digits, _ or $, at most 64 characters; * as a wildcard); fix the name`,
      `${FILE}:6:11: unexpected element <column> in <ignore>; expected <field>, <datatype>`,
      `${FILE}:7:9: field "a.*" has a wildcard, but a move names one Magento 1 column; wildcards (*) are only allowed in <ignore> and <transform>`,
      `${FILE}:8:27: field "c" is not written as table.column (e.g. sales_flat_order.hidden_tax_amount); fix it`,
      `${FILE}:9:27: column "d-e" in "c.d-e" is not a plain MySQL name (letters, digits, _ or $, at most 64 characters); fix the name`,
      `${FILE}:10:3: <move> has no <field>; add <field>…</field> inside it`,
      `${FILE}:11:3: <transform> has no <handler>; add <handler>…</handler> inside it`,
    ])
  })

  it('checks handlers and their params', () => {
    const error = failure(
      map(
        '<source><field_rules>',
        '  <transform><field>a.b</field><handler/></transform>',
        '  <transform><field>a.b</field><handler class=" "/></transform>',
        '  <transform><field>a.b</field><handler class="X" kind="y"/></transform>',
        '  <transform><field>a.b</field><handler class="X"><param value="1"/></handler></transform>',
        '  <transform><field>a.b</field><handler class="X"><param name="v"/></handler></transform>',
        '  <transform><field>a.b</field><handler class="X"><param name="v" value="1"/>',
        '    <param name="v" value="2"/></handler></transform>',
        '  <transform><field>a.b</field><handler class="X"><option/></handler></transform>',
        '  <transform><field>a.b</field><handler class="X"><param name="v" value="1" type="int"/></handler></transform>',
        '</field_rules></source>',
      ),
    )
    expect(error.details).toEqual([
      `${FILE}:3:32: <handler> has no class; add class="\\Migration\\Handler\\…" or a handler name`,
      `${FILE}:4:32: <handler> has an empty class; name the handler, e.g. class="\\Migration\\Handler\\SetValue"`,
      `${FILE}:5:32: unexpected attribute "kind" on <handler>; only "class" is allowed`,
      `${FILE}:6:51: <param> has no name; write <param name="…" value="…"/>`,
      `${FILE}:7:51: <param name="v"> has no value; add value="…" (value="" for an empty string)`,
      `${FILE}:9:5: param "v" is given twice (first at ${FILE}:8:51); keep one`,
      `${FILE}:10:51: unexpected element <option> in <handler>; expected <param>`,
      `${FILE}:11:51: unexpected attribute "type" on <param>; only "name" and "value" are allowed`,
    ])
  })

  it('refuses a document renamed twice or a field moved twice in one file, naming both places', () => {
    const error = failure(
      map(
        '<source>',
        '  <document_rules>',
        '    <rename><document>a</document><to>b</to></rename>',
        '    <rename><document>a</document><to>b</to></rename>',
        '    <rename><document>a</document><to>c</to></rename>',
        '  </document_rules>',
        '  <field_rules>',
        '    <move><field>t.F</field><to>u.g</to></move>',
        '    <move><field>t.f</field><to>u.h</to></move>',
        '  </field_rules>',
        '</source>',
      ),
    )
    expect(error.message).toBe(`${FILE}: 2 problems in map.xml (see below; fix them and run again)`)
    expect(error.details).toEqual([
      `${FILE}:6:5: a is renamed to c, but ${FILE}:4:5 renames it to b; keep one rename`,
      `${FILE}:10:5: t.f is moved to u.h, but ${FILE}:9:5 moves it to u.g; keep one move`,
    ])
  })
})

describe('readMapXml', () => {
  const folder = mkdtempSync(join(tmpdir(), 'mig-map-test-'))
  afterAll(() => rmSync(folder, { recursive: true, force: true }))

  it('reads a file, with locations in that file', async () => {
    const file = join(folder, 'map.xml')
    writeFileSync(file, GOOD)
    const rules = await readMapXml(file, 'user map')
    expect(rules.origins).toEqual(['user map'])
    expect(rules.source.renames[0]?.location).toEqual({ file, line: 7, column: 7 })
  })

  it('reports a missing file as a UsageError naming it', async () => {
    await expect(readMapXml(join(folder, 'nope.xml'))).rejects.toThrow(
      /nope\.xml: cannot read the file \(no such file\)/,
    )
  })
})

describe('mergeMapRules', () => {
  const plugin = parseMapXml(
    map(
      '<source>',
      '  <document_rules><rename><document>sales_flat_order</document><to>sales_order</to></rename></document_rules>',
      '  <field_rules><move><field>sales_flat_order.hidden_tax_amount</field><to>sales_order.discount_tax_compensation_amount</to></move></field_rules>',
      '</source>',
      '<destination><document_rules><ignore><document>sequence_*</document></ignore></document_rules></destination>',
    ),
    'plugin/map.xml',
    '@mig/plugin-sales',
  )

  it('concatenates rules in order and keeps every origin once', () => {
    const user = parseMapXml(
      map(
        '<source><document_rules><ignore><document>x</document></ignore>',
        '<rename><document>sales_flat_order</document><to>sales_order</to></rename></document_rules></source>',
      ),
      'map.xml',
    )
    const merged = mergeMapRules([plugin, user, plugin])
    expect(merged.origins).toEqual(['@mig/plugin-sales', 'map.xml'])
    expect(merged.source.renames.map((r) => r.location.file)).toEqual(['plugin/map.xml', 'map.xml', 'plugin/map.xml'])
    expect(merged.source.ignoredDocuments.map((r) => r.pattern)).toEqual(['x'])
    expect(merged.destination.ignoredDocuments).toHaveLength(2)
    expect(mergeMapRules([])).toEqual(emptyMapRules())
  })

  it('refuses the same table renamed to two targets, or the same column moved to two, naming both origins', () => {
    const user = parseMapXml(
      map(
        '<source>',
        '  <document_rules><rename><document>sales_flat_order</document><to>my_orders</to></rename></document_rules>',
        '  <field_rules><move><field>sales_flat_order.HIDDEN_TAX_AMOUNT</field><to>sales_order.tax_x</to></move></field_rules>',
        '</source>',
      ),
      'map.xml',
    )
    let error: unknown
    try {
      mergeMapRules([plugin, user])
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(UsageError)
    const usage = error as UsageError
    expect(usage.message).toBe(
      'map rules: 2 conflicts between map files (see below; keep one rule for each table or column)',
    )
    expect(usage.details).toEqual([
      'map.xml:3:19: sales_flat_order is renamed to my_orders, but plugin/map.xml:3:19 (from @mig/plugin-sales) renames it to sales_order; keep one rename',
      'map.xml:4:16: sales_flat_order.HIDDEN_TAX_AMOUNT is moved to sales_order.tax_x, but plugin/map.xml:4:16 (from @mig/plugin-sales) moves it to sales_order.discount_tax_compensation_amount; keep one move',
    ])
  })
})
