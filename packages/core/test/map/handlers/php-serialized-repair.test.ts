import { describe, expect, it } from 'vitest'
import { phpJsonEncode } from '../../../src/map/handlers/php-json-encode.js'
import { repairPhpSerialized } from '../../../src/map/handlers/php-serialized-repair.js'
import { tryPhpUnserialize } from '../../../src/map/handlers/php-unserialize.js'

/** PHP's serialize() of a string: the length counts UTF-8 bytes. */
const s = (text: string): string => `s:${Buffer.byteLength(text, 'utf8')}:"${text}";`

/** The JSON a repaired value becomes (what Magento 2 gets). */
function repairedJson(input: string | Buffer): string {
  const result = repairPhpSerialized(input)
  if (result.kind !== 'repaired') throw new Error(`not repaired: ${JSON.stringify(result)}`)
  return phpJsonEncode(result.value)
}

describe('repairPhpSerialized', () => {
  it('a 4-byte character that became "?" (utf8mb4 client, utf8 column): the declared length overstates by 3 bytes', () => {
    // PHP wrote s:13:"Gift 🎁 for Z"; MariaDB stored "?" for the emoji.
    const written = `a:2:{s:7:"message";s:${Buffer.byteLength('Gift 🎁 for Z')}:"Gift ? for Z";s:3:"qty";i:1;}`
    expect(tryPhpUnserialize(written).ok).toBe(false)
    expect(repairedJson(written)).toBe('{"message":"Gift ? for Z","qty":1}')
    expect(repairPhpSerialized(written)).toMatchObject({ kind: 'repaired', strings: 1 })
  })

  it('a dump converted from latin1 to utf8: every accented letter is one byte longer than declared', () => {
    const latin1 = Buffer.from(`a:1:{s:4:"name";s:3:"Zoë";}`, 'latin1') // as PHP wrote it on a latin1 store
    const converted = Buffer.from(latin1.toString('latin1'), 'utf8') // the same text, re-encoded by the move
    expect(tryPhpUnserialize(converted).ok).toBe(false)
    expect(repairedJson(converted)).toBe('{"name":"Zo\\u00eb"}')
  })

  it('the other way round (utf8 text read as latin1 and written as utf8 again): lengths understate', () => {
    const utf8 = `a:1:{s:5:"label";${s('Größe')}}`
    const doubled = Buffer.from(Buffer.from(utf8, 'utf8').toString('latin1'), 'utf8')
    const result = repairPhpSerialized(doubled)
    expect(result.kind).toBe('repaired')
    if (result.kind === 'repaired')
      expect(phpJsonEncode(result.value)).toBe(`{"label":"Gr\\u00c3\\u00b6\\u00c3\\u009fe"}`)
  })

  it('nested arrays with wrong lengths at several levels, and keys whose lengths lie', () => {
    const value = `a:2:{s:15:"info_buyRequest";a:2:{s:7:"options";a:1:{i:3;s:9:"Grav? Zo";}s:3:"qty";s:1:"2";}s:9:"sku?";s:4:"W-1";}`
    expect(tryPhpUnserialize(value).ok).toBe(false)
    expect(repairedJson(value)).toBe('{"info_buyRequest":{"options":{"3":"Grav? Zo"},"qty":"2"},"sku?":"W-1"}')
    expect(repairPhpSerialized(value)).toMatchObject({ strings: 3 })
  })

  it('strings that contain ";" are read whole where only one reading parses', () => {
    // A gift message with `";` in it, whose length lies: only the reading up to the last `";` leaves a valid array.
    const value = `a:2:{s:7:"message";s:99:"He said "hi"; then left";s:4:"from";s:3:"Zoë";}`
    expect(repairedJson(value)).toBe('{"message":"He said \\"hi\\"; then left","from":"Zo\\u00eb"}')
    // With the right lengths such a string needs no repair at all: the strict reader reads it.
    expect(tryPhpUnserialize(`a:1:{i:0;${s('a";b')}}`).ok).toBe(true)
  })

  it('lengths that do end at `";` are trusted as they are', () => {
    const value = `a:2:{i:0;${s('x";i:1;s:1:"y')}i:1;s:50:"z";}`
    expect(repairedJson(value)).toBe('["x\\";i:1;s:1:\\"y","z"]')
  })

  it('ambiguous values are not repaired: two readings parse the whole value', () => {
    // The first string may end after "u" (the second then holds `v";i:1;s:99:"w`) or after "v" (the second is "w").
    const value = 'a:2:{i:0;s:99:"u";i:1;s:99:"v";i:1;s:99:"w";}'
    expect(repairPhpSerialized(value)).toEqual({ kind: 'ambiguous' })
  })

  it('cut short (MySQL 5.x stops at a 4-byte character), plain text and nothing are not repaired', () => {
    expect(repairPhpSerialized('a:2:{s:7:"message";s:13:"Gift ').kind).toBe('unrepairable')
    expect(repairPhpSerialized('Gift for Zoë').kind).toBe('unrepairable')
    expect(repairPhpSerialized('').kind).toBe('unrepairable')
    expect(repairPhpSerialized('a:1:{i:0;O:8:"stdClass":0:{}}').kind).toBe('unrepairable')
  })

  it('keeps bytes that are not UTF-8 as bytes (json_encode then refuses them, as PHP does)', () => {
    const value = Buffer.concat([
      Buffer.from('a:1:{i:0;s:9:"', 'latin1'),
      Buffer.from([0x5a, 0x6f, 0xeb]),
      Buffer.from('";}', 'latin1'),
    ])
    const result = repairPhpSerialized(value)
    expect(result.kind).toBe('repaired')
    if (result.kind === 'repaired') expect(() => phpJsonEncode(result.value)).toThrow()
  })

  it('gives up on values with too many readings instead of searching for ever', () => {
    const many = `a:400:{${Array.from({ length: 400 }, (_, i) => `i:${i};s:999:"${'";'.repeat(3)}x";`).join('')}}`
    expect(repairPhpSerialized(many).kind).not.toBe('repaired')
  })
})
