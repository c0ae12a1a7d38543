import { describe, expect, it } from 'vitest'
import {
  PhpJsonEncodeError,
  formatPhpDouble,
  phpJsonEncode,
  phpJsonString,
} from '../../../src/map/handlers/php-json-encode.js'
import { phpUnserialize } from '../../../src/map/handlers/php-unserialize.js'
import { phpArray, phpFloat, phpInt, phpList, type PhpValue } from '../../../src/map/handlers/php-value.js'

/** json_encode(unserialize($serialized)) */
const convert = (serialized: string | Buffer): string => phpJsonEncode(phpUnserialize(serialized))

describe('phpJsonEncode: Magento 1 samples', () => {
  it('encodes an info_buyRequest', () => {
    expect(
      convert(
        'a:4:{s:4:"uenc";s:72:"aHR0cDovL3d3dy5leGFtcGxlLmNvbS9tZW4vY2hlbHNlYS10ZWUuaHRtbD9fX19TSUQ9VQ,,";s:7:"product";s:3:"166";s:8:"form_key";s:16:"Xg3PbOqSWqCiM4kL";s:3:"qty";i:1;}',
      ),
    ).toBe(
      '{"uenc":"aHR0cDovL3d3dy5leGFtcGxlLmNvbS9tZW4vY2hlbHNlYS10ZWUuaHRtbD9fX19TSUQ9VQ,,","product":"166","form_key":"Xg3PbOqSWqCiM4kL","qty":1}',
    )
  })

  it('encodes configurable product_options: nested lists vs objects, unicode labels, slashes', () => {
    const serialized =
      'a:4:{s:15:"info_buyRequest";a:4:{s:7:"product";s:3:"166";s:3:"qty";d:2;s:15:"super_attribute";a:1:{i:92;s:2:"21";}s:7:"options";a:1:{i:12;s:2:"41";}}' +
      's:7:"options";a:1:{i:0;a:5:{s:5:"label";s:11:"Größe ✓";s:5:"value";s:1:"L";s:11:"print_value";s:1:"L";s:9:"option_id";s:2:"12";s:11:"option_type";s:9:"drop_down";}}' +
      's:15:"attributes_info";a:1:{i:0;a:2:{s:5:"label";s:13:"Farbe/Größe";s:5:"value";s:4:"Blue";}}s:10:"simple_sku";s:6:"tee-xl";}'
    expect(convert(serialized)).toBe(
      '{"info_buyRequest":{"product":"166","qty":2,"super_attribute":{"92":"21"},"options":{"12":"41"}},' +
        '"options":[{"label":"Gr\\u00f6\\u00dfe \\u2713","value":"L","print_value":"L","option_id":"12","option_type":"drop_down"}],' +
        '"attributes_info":[{"label":"Farbe\\/Gr\\u00f6\\u00dfe","value":"Blue"}],"simple_sku":"tee-xl"}',
    )
  })

  it('encodes payment additional_information with a URL and floats written by PHP 5', () => {
    const serialized =
      'a:4:{s:12:"redirect_url";s:41:"https://www.paypal.com/cgi-bin/webscr?a=1";s:6:"amount";d:19.989999999999998;s:4:"rate";d:0.10000000000000001;s:7:"big_int";i:9007199254740993;}'
    expect(convert(serialized)).toBe(
      '{"redirect_url":"https:\\/\\/www.paypal.com\\/cgi-bin\\/webscr?a=1","amount":19.99,"rate":0.1,"big_int":9007199254740993}',
    )
  })
})

describe('phpJsonEncode: arrays and objects', () => {
  it('writes a list only for keys 0..n-1 in order', () => {
    expect(convert('a:0:{}')).toBe('[]')
    expect(convert('a:2:{i:0;s:1:"a";i:1;s:1:"b";}')).toBe('["a","b"]')
    expect(convert('a:2:{s:1:"0";s:1:"a";s:1:"1";s:1:"b";}')).toBe('["a","b"]')
    expect(convert('a:2:{i:1;s:1:"a";i:0;s:1:"b";}')).toBe('{"1":"a","0":"b"}')
    expect(convert('a:2:{i:0;s:1:"a";i:2;s:1:"b";}')).toBe('{"0":"a","2":"b"}')
    expect(convert('a:1:{i:-1;N;}')).toBe('{"-1":null}')
    expect(convert('a:2:{i:0;b:1;s:1:"x";b:0;}')).toBe('{"0":true,"x":false}')
  })

  it('writes objects as JSON objects of their (unmangled) properties, even when empty', () => {
    expect(convert('O:8:"stdClass":0:{}')).toBe('{}')
    expect(convert('O:8:"stdClass":2:{s:4:"name";s:3:"Bob";s:3:"age";i:30;}')).toBe('{"name":"Bob","age":30}')
    expect(convert('O:8:"stdClass":2:{i:0;s:1:"a";i:1;s:1:"b";}')).toBe('{"0":"a","1":"b"}')
    expect(
      convert(
        'O:13:"Varien_Object":2:{s:8:"\u0000*\u0000_data";a:1:{s:3:"sku";s:3:"abc";}s:20:"\u0000Varien_Object\u0000_flag";b:1;}',
      ),
    ).toBe('{"_data":{"sku":"abc"},"_flag":true}')
  })

  it('expands references', () => {
    expect(convert('a:2:{i:0;a:1:{s:1:"x";i:1;}i:1;R:2;}')).toBe('[{"x":1},{"x":1}]')
    expect(convert('a:2:{i:0;O:8:"stdClass":1:{s:1:"a";s:1:"b";}i:1;r:2;}')).toBe('[{"a":"b"},{"a":"b"}]')
  })

  it('fails like json_encode on nesting deeper than 512', () => {
    let deep: PhpValue = null
    for (let i = 0; i < 512; i++) deep = phpList([deep])
    expect(phpJsonEncode(deep)).toBe('['.repeat(512) + 'null' + ']'.repeat(512))
    expect(() => phpJsonEncode(phpList([deep]))).toThrow(
      new PhpJsonEncodeError(`at ${Array(512).fill('0').join('.')}: nesting deeper than 512 levels`),
    )
  })

  it('bounds the output that references can blow up', () => {
    let value = phpUnserialize('a:2:{i:0;s:8:"abcdefgh";i:1;R:2;}')
    for (let i = 0; i < 40; i++) value = phpList([value, value])
    expect(() => phpJsonEncode(value, { maxLength: 1_000_000 })).toThrow('JSON longer than 1000000 characters')
  })

  it('refuses C: objects, INF/NAN and invalid UTF-8, naming where', () => {
    expect(() => convert('a:1:{s:1:"o";C:11:"ArrayObject":21:{x:i:0;a:0:{};m:a:0:{}}}')).toThrow(
      'at o: object of class ArrayObject uses custom serialization (C:) and cannot be converted',
    )
    expect(() => convert('a:1:{s:1:"x";d:INF;}')).toThrow('at x: INF and NAN cannot be encoded as JSON')
    expect(() => convert('d:NAN;')).toThrow('INF and NAN cannot be encoded as JSON')
    const latin1 = Buffer.concat([
      Buffer.from('a:1:{i:0;a:1:{s:5:"label";s:5:"'),
      Buffer.from('Gr\xf6\xdfe', 'latin1'),
      Buffer.from('";}}'),
    ])
    expect(() => convert(latin1)).toThrow(new PhpJsonEncodeError('at 0.label: string is not valid UTF-8 (5 bytes)'))
  })
})

describe('phpJsonString', () => {
  it('escapes like PHP with default flags', () => {
    expect(phpJsonString('plain text 123')).toBe('"plain text 123"')
    expect(phpJsonString('a"b\\c/d')).toBe('"a\\"b\\\\c\\/d"')
    expect(phpJsonString('\b\f\n\r\t')).toBe('"\\b\\f\\n\\r\\t"')
    expect(phpJsonString('\u0000\u0001\u001f')).toBe('"\\u0000\\u0001\\u001f"')
    // not escaped by default: < > & ' and DEL
    expect(phpJsonString(`<a href='x'>&amp;</a>\u007f`)).toBe(`"<a href='x'>&amp;<\\/a>\u007f"`)
    expect(phpJsonString('é€\u2028\u00a0')).toBe('"\\u00e9\\u20ac\\u2028\\u00a0"')
    expect(phpJsonString('😀')).toBe('"\\ud83d\\ude00"')
    expect(phpJsonString('\ufeffBOM')).toBe('"\\ufeffBOM"')
  })

  it('refuses lone surrogates (invalid UTF-8 in PHP)', () => {
    expect(() => phpJsonString('a\ud800b')).toThrow(PhpJsonEncodeError)
    expect(() => phpJsonString('\udc00')).toThrow(PhpJsonEncodeError)
  })
})

describe('formatPhpDouble (serialize_precision = -1)', () => {
  it.each([
    [0.1, '0.1'],
    [1.0, '1'],
    [2.5, '2.5'],
    [-2.5, '-2.5'],
    [0, '0'],
    [-0, '-0'],
    [0.30000000000000004, '0.30000000000000004'],
    [123456789.12345678, '123456789.12345678'],
    [1e15, '1000000000000000'],
    [1e16, '10000000000000000'],
    [99999999999999980, '99999999999999980'],
    [1e17, '1.0e+17'],
    [123456789012345680, '1.2345678901234568e+17'],
    [1e25, '1.0e+25'],
    [1.5e300, '1.5e+300'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [0.001, '0.001'],
    [0.0001, '0.0001'],
    [0.00012345, '0.00012345'],
    [0.00001, '1.0e-5'],
    [-0.000015, '-1.5e-5'],
    [5e-324, '5.0e-324'],
  ])('%d → %s', (value, expected) => {
    expect(formatPhpDouble(value)).toBe(expected)
    expect(phpJsonEncode(phpFloat(value))).toBe(expected)
    // whatever PHP prints parses back to the same double
    expect(Object.is(JSON.parse(expected), value)).toBe(true)
  })

  it('encodes ints as digits, beyond 2^53 too', () => {
    expect(phpJsonEncode(phpInt(-5))).toBe('-5')
    expect(phpJsonEncode(phpInt(9223372036854775807n))).toBe('9223372036854775807')
    expect(phpJsonEncode(phpArray([['n', phpInt(12345678901234567890n - 10000000000000000000n)]]))).toBe(
      '{"n":2345678901234567890}',
    )
  })
})
