import { describe, expect, it } from 'vitest'
import type { SqlValue } from '../../../src/db/sql-value.js'
import { UsageError } from '../../../src/errors/mig-error.js'
import { createConvertIpHandler } from '../../../src/map/handlers/convert-ip.js'
import { FieldHandlerError, type FieldHandler } from '../../../src/map/handlers/field-handler.js'
import { createConvertWithConditionsHandler, createItemOptionHandler, createSerializeToJsonIfHandler } from '../../../src/map/handlers/serialize-to-json-if.js'
import { createSerializeToJsonProductOptionsHandler } from '../../../src/map/handlers/serialize-to-json-product-options.js'
import { createSerializeToJsonHandler } from '../../../src/map/handlers/serialize-to-json.js'
import { createSetValueHandler } from '../../../src/map/handlers/set-value.js'

function run(handler: FieldHandler, value: SqlValue, row: Record<string, SqlValue> = {}): SqlValue {
  return handler({ value, row: { ...row, value }, table: 'quote_item_option', field: 'value' })
}

function reasonOf(action: () => unknown): string {
  try {
    action()
  } catch (error) {
    if (error instanceof FieldHandlerError) return error.reason
    throw error
  }
  throw new Error('expected a FieldHandlerError')
}

/** `s:<bytes>:"text";`, for building nested serialized data in tests. */
const s = (text: string): string => `s:${Buffer.byteLength(text)}:"${text}";`

const INFO_BUY_REQUEST =
  'a:4:{s:4:"uenc";s:72:"aHR0cDovL3d3dy5leGFtcGxlLmNvbS9tZW4vY2hlbHNlYS10ZWUuaHRtbD9fX19TSUQ9VQ,,";s:7:"product";s:3:"166";s:8:"form_key";s:16:"Xg3PbOqSWqCiM4kL";s:3:"qty";i:1;}'
const INFO_BUY_REQUEST_JSON = '{"uenc":"aHR0cDovL3d3dy5leGFtcGxlLmNvbS9tZW4vY2hlbHNlYS10ZWUuaHRtbD9fX19TSUQ9VQ,,","product":"166","form_key":"Xg3PbOqSWqCiM4kL","qty":1}'

describe('serializeToJson', () => {
  const handler = createSerializeToJsonHandler({})

  it('converts serialized text and Buffers', () => {
    expect(run(handler, INFO_BUY_REQUEST)).toBe(INFO_BUY_REQUEST_JSON)
    expect(run(handler, Buffer.from('a:1:{i:0;s:7:"Größe";}'))).toBe('["Gr\\u00f6\\u00dfe"]')
    expect(run(handler, 'b:0;')).toBe('false')
    expect(run(handler, 'N;')).toBe('null')
  })

  it('passes NULL, empty values, numbers and values that are already JSON through unchanged', () => {
    expect(run(handler, null)).toBeNull()
    expect(run(handler, '')).toBe('')
    const empty = Buffer.alloc(0)
    expect(run(handler, empty)).toBe(empty)
    expect(run(handler, 5)).toBe(5)
    expect(run(handler, '{"qty":1,"product":"166"}')).toBe('{"qty":1,"product":"166"}')
    expect(run(handler, '[]')).toBe('[]')
    expect(run(handler, '"text"')).toBe('"text"')
    const json = Buffer.from('{"a":"é"}')
    expect(run(handler, json)).toBe(json)
  })

  it('sets the row aside for a value that is neither serialized nor JSON', () => {
    expect(reasonOf(() => run(handler, 'hello world'))).toBe('neither PHP-serialized data nor JSON (unknown value type "h" at byte 0)')
    expect(reasonOf(() => run(handler, 's:5:"Größe";'))).toBe(
      `neither PHP-serialized data nor JSON (string of 5 bytes does not end with '"' (the length must count UTF-8 bytes) at byte 10)`,
    )
  })

  it('sets the row aside when the data cannot be written as JSON', () => {
    expect(reasonOf(() => run(handler, 'a:1:{s:3:"tax";d:NAN;}'))).toBe('cannot be written as JSON: at tax: INF and NAN cannot be encoded as JSON')
    const latin1 = Buffer.concat([Buffer.from('s:5:"'), Buffer.from('Gr\xf6\xdfe', 'latin1'), Buffer.from('";')])
    expect(reasonOf(() => run(handler, latin1))).toBe('cannot be written as JSON: string is not valid UTF-8 (5 bytes)')
  })

  it('onInvalid=null or keep instead of setting the row aside', () => {
    expect(run(createSerializeToJsonHandler({ onInvalid: 'null' }), 'hello')).toBeNull()
    expect(run(createSerializeToJsonHandler({ onInvalid: 'keep' }), 'hello')).toBe('hello')
    expect(() => createSerializeToJsonHandler({ onInvalid: 'drop' })).toThrow(UsageError)
    expect(() => createSerializeToJsonHandler({ onInvalid: 'null', migrateBrokenData: 'true', suppressWarning: 'false' })).not.toThrow()
    expect(() => createSerializeToJsonHandler({ mode: 'x' })).toThrow('handler serializeToJson got unknown param "mode"')
  })
})

describe('serializeToJsonIf (quote_item_option / wishlist_item_option)', () => {
  const handler = createSerializeToJsonIfHandler({})
  const FILE_OPTION = `a:3:{${s('type')}${s('image/jpeg')}${s('title')}${s('logo.jpg')}${s('fullpath')}${s('/var/www/media/custom_options/quote/c/h/1a2b3c.jpg')}}`

  it('converts only the codes that hold serialized data', () => {
    expect(run(handler, INFO_BUY_REQUEST, { code: 'info_buyRequest' })).toBe(INFO_BUY_REQUEST_JSON)
    expect(run(handler, 'a:2:{i:0;s:2:"12";i:1;s:2:"13";}', { code: 'bundle_option_ids' })).toBe('["12","13"]')
    expect(run(handler, FILE_OPTION, { code: 'option_7' })).toBe(
      '{"type":"image\\/jpeg","title":"logo.jpg","fullpath":"\\/var\\/www\\/media\\/custom_options\\/quote\\/c\\/h\\/1a2b3c.jpg"}',
    )
    // plain option values and other codes stay as they are
    expect(run(handler, '41', { code: 'option_12' })).toBe('41')
    expect(run(handler, 'Hello / world', { code: 'option_3' })).toBe('Hello / world')
    expect(run(handler, '12,13', { code: 'option_ids' })).toBe('12,13')
    expect(run(handler, 'a:1:{i:0;i:1;}', { code: 'product_type' })).toBe('a:1:{i:0;i:1;}')
    expect(run(handler, INFO_BUY_REQUEST, { code: null })).toBe(INFO_BUY_REQUEST)
    expect(run(handler, INFO_BUY_REQUEST_JSON, { code: 'info_buyRequest' })).toBe(INFO_BUY_REQUEST_JSON)
    expect(run(handler, null, { code: 'info_buyRequest' })).toBeNull()
  })

  it('takes the column and a PHP-style pattern as params', () => {
    const custom = createSerializeToJsonIfHandler({ conditionalField: 'kind', conditionalFieldValuesPattern: '/^INFO$/i' })
    expect(run(custom, 'i:1;', { kind: 'info' })).toBe('1')
    expect(run(custom, 'i:1;', { kind: 'info2' })).toBe('i:1;')
    expect(() => createSerializeToJsonIfHandler({ conditionalFieldValuesPattern: '/a/x' })).toThrow(UsageError)
    expect(() => createSerializeToJsonIfHandler({ conditionalFieldValuesPattern: '/(/' })).toThrow(UsageError)
  })

  it('stops the run when the condition column is missing from the row', () => {
    expect(() => handler({ value: 'i:1;', row: { value: 'i:1;' }, table: 'wishlist_item_option', field: 'value' })).toThrow(
      'handler serializeToJsonIf on wishlist_item_option.value tests column "code", which wishlist_item_option rows do not have; fix its conditionalField param',
    )
  })

  it('offers upstream ConvertWithConditions (params required) and ItemOption (option_<n> only)', () => {
    const withConditions = createConvertWithConditionsHandler({
      conditionalField: 'code',
      conditionalFieldValuesPattern: '/(parameters)|(info_buyRequest)|(attributes)|(bundle_option_ids)|(bundle_selection_ids)|(bundle_selection_attributes)/',
      ignoreBrokenData: 'true',
    })
    expect(run(withConditions, INFO_BUY_REQUEST, { code: 'info_buyRequest' })).toBe(INFO_BUY_REQUEST_JSON)
    expect(run(withConditions, FILE_OPTION, { code: 'option_7' })).toBe(FILE_OPTION)
    expect(() => createConvertWithConditionsHandler({ conditionalField: 'code' })).toThrow('needs param "conditionalFieldValuesPattern"')
    const itemOption = createItemOptionHandler({})
    expect(run(itemOption, FILE_OPTION, { code: 'option_7' })).toMatch(/^\{"type":"image\\\/jpeg"/)
    expect(run(itemOption, INFO_BUY_REQUEST, { code: 'info_buyRequest' })).toBe(INFO_BUY_REQUEST)
  })
})

describe('serializeToJsonProductOptions (sales_order_item.product_options)', () => {
  const handler = createSerializeToJsonProductOptionsHandler({})

  it('also turns the nested serialized file option value and bundle_selection_attributes into JSON strings', () => {
    const fileValue = `a:2:{${s('type')}${s('image/jpeg')}${s('title')}${s('logö.jpg')}}`
    const attributes = `a:3:{${s('price')}d:12.5;${s('qty')}d:1;${s('option_label')}${s('Größe')}}`
    const productOptions =
      `a:3:{${s('options')}a:2:{i:0;a:3:{${s('label')}${s('Upload')}${s('option_type')}${s('file')}${s('option_value')}${s(fileValue)}}` +
      `i:1;a:3:{${s('label')}${s('Text')}${s('option_type')}${s('field')}${s('option_value')}${s('a:1:{i:0;i:1;}')}}}` +
      `${s('bundle_selection_attributes')}${s(attributes)}${s('product_calculations')}i:1;}`
    expect(run(handler, productOptions)).toBe(
      String.raw`{"options":[{"label":"Upload","option_type":"file","option_value":"{\"type\":\"image\\\/jpeg\",\"title\":\"log\\u00f6.jpg\"}"},` +
        String.raw`{"label":"Text","option_type":"field","option_value":"a:1:{i:0;i:1;}"}],` +
        String.raw`"bundle_selection_attributes":"{\"price\":12.5,\"qty\":1,\"option_label\":\"Gr\\u00f6\\u00dfe\"}","product_calculations":1}`,
    )
  })

  it('keeps nested values that are already JSON, writes "" for an empty one, refuses garbage', () => {
    const nested = (value: string): string => `a:1:{${s('bundle_selection_attributes')}${s(value)}}`
    expect(run(handler, nested('{"price":"12.5"}'))).toBe(String.raw`{"bundle_selection_attributes":"{\"price\":\"12.5\"}"}`)
    expect(run(handler, nested(''))).toBe(String.raw`{"bundle_selection_attributes":"\"\""}`)
    expect(reasonOf(() => run(handler, nested('oops')))).toBe(
      'bundle_selection_attributes is neither PHP-serialized data nor JSON (unknown value type "o" at byte 0)',
    )
  })

  it('passes NULL, empty and JSON values through and sets garbage aside', () => {
    expect(run(handler, null)).toBeNull()
    expect(run(handler, '')).toBe('')
    expect(run(handler, '{"info_buyRequest":{"qty":1}}')).toBe('{"info_buyRequest":{"qty":1}}')
    expect(reasonOf(() => run(handler, 'a:1:{'))).toMatch(/^neither PHP-serialized data nor JSON \(/)
  })
})

describe('setValue', () => {
  it('writes the value, or NULL with null="true"', () => {
    expect(run(createSetValueHandler({ value: '1' }), 'x')).toBe('1')
    expect(run(createSetValueHandler({ value: '' }), 'x')).toBe('')
    expect(run(createSetValueHandler({ null: 'true' }), 'x')).toBeNull()
    expect(run(createSetValueHandler({ null: '1' }), 'x')).toBeNull()
  })

  it('needs exactly one of value and null', () => {
    expect(() => createSetValueHandler({})).toThrow('handler setValue needs param "value" (or null="true" to write NULL)')
    expect(() => createSetValueHandler({ value: '1', null: 'true' })).toThrow(UsageError)
    expect(() => createSetValueHandler({ null: 'maybe' })).toThrow(UsageError)
    expect(() => createSetValueHandler({ value: '1', other: '2' })).toThrow('handler setValue got unknown param "other"; it accepts "value", "null"')
  })
})

describe('convertIp (rating_option_vote.remote_ip_long)', () => {
  const handler = createConvertIpHandler({})

  it.each<[string, SqlValue, number]>([
    ['dotted IPv4 text', '192.168.1.1', 3232235777],
    ['Magento 1.9 inet_pton bytes', Buffer.from([192, 168, 1, 1]), 3232235777],
    ['ip2long text in a binary column', Buffer.from('10.0.0.1'), 167772161],
    ['Magento 1.7 BIGINT as a string', '3232235777', 3232235777],
    ['32-bit PHP ip2long (negative)', '-1062731519', 3232235777],
    ['a number', 3232235777, 3232235777],
    ['a bigint', 16909060n, 16909060],
    ['255.255.255.255', '255.255.255.255', 4294967295],
    ['IPv6 bytes', Buffer.from('20010db8000000000000000000000001', 'hex'), 0],
    ['IPv6 text', '::1', 0],
    ['NULL', null, 0],
    ['empty', '', 0],
    ['garbage', 'unknown', 0],
    ['leading zeros', '010.0.0.1', 0],
    ['out of range', '4294967296', 0],
  ])('%s', (_name, value, expected) => {
    expect(run(handler, value)).toBe(expected)
  })

  it('takes no params', () => {
    expect(() => createConvertIpHandler({ format: 'x' })).toThrow(UsageError)
  })
})

describe('what built-in handlers read besides their value (a full copy reads only that into mig)', () => {
  it('value-only handlers read nothing else; conditional ones read their condition column', () => {
    expect(createSerializeToJsonHandler({}).reads).toEqual([])
    expect(createSerializeToJsonProductOptionsHandler({}).reads).toEqual([])
    expect(createSetValueHandler({ value: 'x' }).reads).toEqual([])
    expect(createConvertIpHandler({}).reads).toEqual([])
    expect(createSerializeToJsonIfHandler({ conditionalField: 'option_code' }).reads).toEqual(['option_code'])
    expect(createItemOptionHandler({}).reads).toEqual(['code'])
    expect(createConvertWithConditionsHandler({ conditionalField: 'code', conditionalFieldValuesPattern: '/x/' }).reads).toEqual(['code'])
  })
})
