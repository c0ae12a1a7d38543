import { describe, expect, it } from 'vitest'
import type { SqlValue } from '../../../src/db/sql-value.js'
import { UsageError } from '../../../src/errors/mig-error.js'
import { createConvertIpHandler } from '../../../src/map/handlers/convert-ip.js'
import { FieldHandlerError, FieldValueLost, type FieldHandler } from '../../../src/map/handlers/field-handler.js'
import {
  createConvertWithConditionsHandler,
  createItemOptionHandler,
  createSerializeToJsonIfHandler,
} from '../../../src/map/handlers/serialize-to-json-if.js'
import { createSerializeToJsonProductOptionsHandler } from '../../../src/map/handlers/serialize-to-json-product-options.js'
import { createSerializeToJsonHandler } from '../../../src/map/handlers/serialize-to-json.js'
import { createSetValueHandler } from '../../../src/map/handlers/set-value.js'

function run(handler: FieldHandler, value: SqlValue, row: Record<string, SqlValue> = {}): SqlValue {
  return handler({ value, row: { ...row, value }, table: 'quote_item_option', field: 'value' })
}

/** The value and the notes a handler gives (repaired, or lost parts). */
function noted(
  handler: FieldHandler,
  value: SqlValue,
  row: Record<string, SqlValue> = {},
): { value: SqlValue; notes: string[] } {
  const notes: string[] = []
  const result = handler({
    value,
    row: { ...row, value },
    table: 'quote_item_option',
    field: 'value',
    note: (kind, reason) => notes.push(`${kind}: ${reason}`),
  })
  return { value: result, notes }
}

/** What a handler writes instead of a value it cannot convert, and why. */
function lostOf(action: () => unknown): { reason: string; replacement: SqlValue } {
  try {
    action()
  } catch (error) {
    if (error instanceof FieldValueLost) return { reason: error.reason, replacement: error.replacement }
    throw error
  }
  throw new Error('expected a FieldValueLost')
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
const INFO_BUY_REQUEST_JSON =
  '{"uenc":"aHR0cDovL3d3dy5leGFtcGxlLmNvbS9tZW4vY2hlbHNlYS10ZWUuaHRtbD9fX19TSUQ9VQ,,","product":"166","form_key":"Xg3PbOqSWqCiM4kL","qty":1}'

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

  it('repairs serialized data whose string lengths lie, and says so', () => {
    // "Größe" is 7 bytes; a latin1 → utf8 conversion left the declared 5.
    expect(noted(handler, 's:5:"Größe";')).toEqual({
      value: '"Gr\\u00f6\\u00dfe"',
      notes: ['repaired: PHP-serialized string lengths did not match their bytes (1 string re-counted)'],
    })
    expect(noted(handler, INFO_BUY_REQUEST).notes).toEqual([])
  })

  it('writes NULL for a value that is neither serialized data (not even damaged) nor JSON: the row is kept, the original with it', () => {
    expect(lostOf(() => run(handler, 'hello world'))).toEqual({
      reason: 'neither PHP-serialized data nor JSON (unknown value type "h" at byte 0)',
      replacement: null,
    })
    // Cut short, as MySQL 5.x cuts a utf8 string at a 4-byte character.
    expect(lostOf(() => run(handler, 'a:1:{s:7:"message";s:13:"Gift '))).toMatchObject({
      replacement: null,
      reason: expect.stringMatching(/^neither PHP-serialized data nor JSON \(/),
    })
    // Two readings of its lying lengths fit: not guessed.
    expect(lostOf(() => run(handler, 'a:2:{i:0;s:99:"u";i:1;s:99:"v";i:1;s:99:"w";}')).reason).toMatch(
      /more than one reading fits\)$/,
    )
  })

  it("writes NULL when the data cannot be written as JSON (where PHP's json_encode gives false)", () => {
    expect(lostOf(() => run(handler, 'a:1:{s:3:"tax";d:NAN;}'))).toEqual({
      reason: 'cannot be written as JSON: at tax: INF and NAN cannot be encoded as JSON',
      replacement: null,
    })
    const latin1 = Buffer.concat([Buffer.from('s:5:"'), Buffer.from('Gr\xf6\xdfe', 'latin1'), Buffer.from('";')])
    expect(lostOf(() => run(handler, latin1))).toEqual({
      reason: 'cannot be written as JSON: string is not valid UTF-8 (5 bytes)',
      replacement: null,
    })
  })

  it('onInvalid=error sets the row aside; null or keep write NULL or the value without keeping the original', () => {
    expect(reasonOf(() => run(createSerializeToJsonHandler({ onInvalid: 'error' }), 'hello world'))).toBe(
      'neither PHP-serialized data nor JSON (unknown value type "h" at byte 0)',
    )
    expect(run(createSerializeToJsonHandler({ onInvalid: 'null' }), 'hello')).toBeNull()
    expect(run(createSerializeToJsonHandler({ onInvalid: 'keep' }), 'hello')).toBe('hello')
    expect(() => createSerializeToJsonHandler({ onInvalid: 'drop' })).toThrow(UsageError)
    expect(() =>
      createSerializeToJsonHandler({ onInvalid: 'null', migrateBrokenData: 'true', suppressWarning: 'false' }),
    ).not.toThrow()
    expect(() => createSerializeToJsonHandler({ mode: 'x' })).toThrow(
      'handler serializeToJson got unknown param "mode"',
    )
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

  it('repairs a buy request whose lengths lie (an emoji stored as ?); a cut-short one becomes [] with the original kept; plain text stays', () => {
    const emoji = `a:2:{s:7:"options";a:1:{i:3;s:${Buffer.byteLength('Für Zoë 🎁')}:"Für Zoë ?";}s:3:"qty";i:1;}`
    expect(noted(handler, emoji, { code: 'info_buyRequest' })).toEqual({
      value: '{"options":{"3":"F\\u00fcr Zo\\u00eb ?"},"qty":1}',
      notes: ['repaired: PHP-serialized string lengths did not match their bytes (1 string re-counted)'],
    })
    expect(
      lostOf(() => run(handler, 'a:2:{s:7:"options";a:1:{i:3;s:13:"Für Zo', { code: 'info_buyRequest' })),
    ).toMatchObject({ replacement: '[]' })
    // A custom option's plain text that merely starts like a type letter is text, not damaged data.
    expect(noted(handler, 'a:1 size, blue', { code: 'option_4' })).toEqual({ value: 'a:1 size, blue', notes: [] })
  })

  it('takes the column and a PHP-style pattern as params', () => {
    const custom = createSerializeToJsonIfHandler({
      conditionalField: 'kind',
      conditionalFieldValuesPattern: '/^INFO$/i',
    })
    expect(run(custom, 'i:1;', { kind: 'info' })).toBe('1')
    expect(run(custom, 'i:1;', { kind: 'info2' })).toBe('i:1;')
    expect(() => createSerializeToJsonIfHandler({ conditionalFieldValuesPattern: '/a/x' })).toThrow(UsageError)
    expect(() => createSerializeToJsonIfHandler({ conditionalFieldValuesPattern: '/(/' })).toThrow(UsageError)
  })

  it('stops the run when the condition column is missing from the row', () => {
    expect(() =>
      handler({ value: 'i:1;', row: { value: 'i:1;' }, table: 'wishlist_item_option', field: 'value' }),
    ).toThrow(
      'handler serializeToJsonIf on wishlist_item_option.value tests column "code", which wishlist_item_option rows do not have; fix its conditionalField param',
    )
  })

  it('offers upstream ConvertWithConditions (params required) and ItemOption (option_<n> only)', () => {
    const withConditions = createConvertWithConditionsHandler({
      conditionalField: 'code',
      conditionalFieldValuesPattern:
        '/(parameters)|(info_buyRequest)|(attributes)|(bundle_option_ids)|(bundle_selection_ids)|(bundle_selection_attributes)/',
      ignoreBrokenData: 'true',
    })
    expect(run(withConditions, INFO_BUY_REQUEST, { code: 'info_buyRequest' })).toBe(INFO_BUY_REQUEST_JSON)
    expect(run(withConditions, FILE_OPTION, { code: 'option_7' })).toBe(FILE_OPTION)
    expect(() => createConvertWithConditionsHandler({ conditionalField: 'code' })).toThrow(
      'needs param "conditionalFieldValuesPattern"',
    )
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

  it('keeps nested values that are already JSON, writes "" for an empty one, [] for one it cannot read (the rest is kept), and repairs damaged ones', () => {
    const nested = (value: string): string => `a:1:{${s('bundle_selection_attributes')}${s(value)}}`
    expect(run(handler, nested('{"price":"12.5"}'))).toBe(
      String.raw`{"bundle_selection_attributes":"{\"price\":\"12.5\"}"}`,
    )
    expect(run(handler, nested(''))).toBe(String.raw`{"bundle_selection_attributes":"\"\""}`)
    expect(noted(handler, nested('oops'))).toEqual({
      value: String.raw`{"bundle_selection_attributes":"[]"}`,
      notes: [
        'lost: bundle_selection_attributes is neither PHP-serialized data nor JSON (unknown value type "o" at byte 0); written as []',
      ],
    })
    expect(noted(handler, nested('a:1:{s:9:"label";s:3:"Größe";}'))).toEqual({
      value: String.raw`{"bundle_selection_attributes":"{\"label\":\"Gr\\u00f6\\u00dfe\"}"}`,
      notes: [
        'repaired: bundle_selection_attributes: PHP-serialized string lengths did not match their bytes (2 strings re-counted)',
      ],
    })
  })

  it('passes NULL, empty and JSON values through; a value it cannot read at all is written as [] (no options), the original kept', () => {
    expect(run(handler, null)).toBeNull()
    expect(run(handler, '')).toBe('')
    expect(run(handler, '{"info_buyRequest":{"qty":1}}')).toBe('{"info_buyRequest":{"qty":1}}')
    expect(lostOf(() => run(handler, 'a:1:{'))).toMatchObject({
      replacement: '[]',
      reason: expect.stringMatching(/^neither PHP-serialized data nor JSON \(/),
    })
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
    expect(() => createSetValueHandler({})).toThrow(
      'handler setValue needs param "value" (or null="true" to write NULL)',
    )
    expect(() => createSetValueHandler({ value: '1', null: 'true' })).toThrow(UsageError)
    expect(() => createSetValueHandler({ null: 'maybe' })).toThrow(UsageError)
    expect(() => createSetValueHandler({ value: '1', other: '2' })).toThrow(
      'handler setValue got unknown param "other"; it accepts "value", "null"',
    )
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
    expect(
      createConvertWithConditionsHandler({ conditionalField: 'code', conditionalFieldValuesPattern: '/x/' }).reads,
    ).toEqual(['code'])
  })
})
