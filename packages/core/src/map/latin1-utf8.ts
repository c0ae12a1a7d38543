import type { SqlValue } from '../db/sql-value.js'

/** MariaDB's latin1 is Windows-1252: the characters it gives bytes 0x80–0x9F (the five it leaves undefined map to U+0081 …). */
const CP1252_HIGH: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d,
  0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d,
  0x017e, 0x0178,
]
const CP1252_BYTE = new Map(CP1252_HIGH.map((code, index) => [code, 0x80 + index]))

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Text of a latin1 column that is really UTF-8: written through a latin1 connection by a shop whose
 * pages were UTF-8, so each character was stored as its UTF-8 bytes and the server now reads them as
 * as many latin1 characters ("GrÃ¶ÃŸe"). Given the value as the server converted it, returns the
 * UTF-8 reading ("Größe") when the bytes are valid UTF-8 with at least one multi-byte character;
 * undefined when the text is plain latin1 (or ASCII), which the server's conversion already reads right.
 */
export function utf8StoredAsLatin1(value: SqlValue): string | undefined {
  if (typeof value !== 'string') return undefined
  let high = false
  const bytes = Buffer.allocUnsafe(value.length)
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    const byte = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : CP1252_BYTE.get(code)
    if (byte === undefined) return undefined
    if (byte >= 0x80) high = true
    bytes[i] = byte
  }
  if (!high) return undefined
  try {
    return utf8.decode(bytes)
  } catch {
    return undefined
  }
}
