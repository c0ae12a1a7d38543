import type { SqlRow, SqlValue } from './sql-value.js'

/** Bytes LOAD DATA's default escaping (`ESCAPED BY '\\'`) must see escaped, and their escapes. */
const BYTE_ESCAPES = new Map<number, Buffer>([
  [0x00, Buffer.from('\\0')],
  [0x09, Buffer.from('\\t')],
  [0x0a, Buffer.from('\\n')],
  [0x0d, Buffer.from('\\r')],
  [0x5c, Buffer.from('\\\\')],
])
const TEXT_ESCAPES: Readonly<Record<string, string>> = { '\0': '\\0', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\\': '\\\\' }
const NEEDS_ESCAPE = /[\0\t\n\r\\]/g

function escapedBytes(bytes: Buffer): Buffer {
  const parts: Buffer[] = []
  let start = 0
  for (let index = 0; index < bytes.length; index++) {
    const escape = BYTE_ESCAPES.get(bytes[index] as number)
    if (!escape) continue
    parts.push(bytes.subarray(start, index), escape)
    start = index + 1
  }
  if (start === 0) return bytes
  parts.push(bytes.subarray(start))
  return Buffer.concat(parts)
}

function textField(value: Exclude<SqlValue, Buffer> | undefined): string {
  if (value === null || value === undefined) return '\\N'
  const text = typeof value === 'string' ? value : String(value)
  return text.replace(NEEDS_ESCAPE, (character) => TEXT_ESCAPES[character] ?? character)
}

/**
 * Rows as the body of a `LOAD DATA … CHARACTER SET binary FIELDS TERMINATED BY '\t' ESCAPED BY '\\'
 * LINES TERMINATED BY '\n'` file: NULL as `\N`, every other value's bytes as they are (text as
 * UTF-8), with tab, newline, carriage return, NUL and backslash escaped. Text is gathered into one
 * string and encoded once; only binary values are handled as bytes.
 */
export function loadDataFile(rows: readonly Readonly<SqlRow>[], columns: readonly string[]): Buffer {
  const parts: Buffer[] = []
  let text = ''
  for (const row of rows) {
    for (let index = 0; index < columns.length; index++) {
      if (index > 0) text += '\t'
      const value = row[columns[index] as string]
      if (Buffer.isBuffer(value)) {
        parts.push(Buffer.from(text, 'utf8'), escapedBytes(value))
        text = ''
      } else {
        text += textField(value)
      }
    }
    text += '\n'
  }
  parts.push(Buffer.from(text, 'utf8'))
  return Buffer.concat(parts)
}
