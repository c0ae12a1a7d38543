import type { SqlRow, SqlValue } from './sql-value.js'

/** Bytes LOAD DATA's default escaping (`ESCAPED BY '\\'`) must see escaped, and their escapes. */
const BYTE_ESCAPES = new Map<number, Buffer>([
  [0x00, Buffer.from('\\0')],
  [0x09, Buffer.from('\\t')],
  [0x0a, Buffer.from('\\n')],
  [0x0d, Buffer.from('\\r')],
  [0x5c, Buffer.from('\\\\')],
])
const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '\0': '\\0',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\\': '\\\\',
}
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
 * Builds a load file's bytes: text is gathered into one string and encoded once; only binary
 * values are handled as bytes.
 */
class LoadFileWriter {
  private readonly parts: Buffer[]
  private text = ''

  constructor(start?: Buffer) {
    this.parts = start ? [start] : []
  }

  field(value: SqlValue | undefined): void {
    if (Buffer.isBuffer(value)) {
      this.parts.push(Buffer.from(this.text, 'utf8'), escapedBytes(value))
      this.text = ''
    } else {
      this.text += textField(value)
    }
  }

  separator(character: '\t' | '\n'): void {
    this.text += character
  }

  bytes(): Buffer {
    this.parts.push(Buffer.from(this.text, 'utf8'))
    return Buffer.concat(this.parts)
  }
}

/**
 * Rows as the body of a `LOAD DATA … CHARACTER SET binary FIELDS TERMINATED BY '\t' ESCAPED BY '\\'
 * LINES TERMINATED BY '\n'` file: NULL as `\N`, every other value's bytes as they are (text as
 * UTF-8), with tab, newline, carriage return, NUL and backslash escaped.
 */
export function loadDataFile(rows: readonly Readonly<SqlRow>[], columns: readonly string[]): Buffer {
  const writer = new LoadFileWriter()
  for (const row of rows) {
    for (let index = 0; index < columns.length; index++) {
      if (index > 0) writer.separator('\t')
      writer.field(row[columns[index] as string])
    }
    writer.separator('\n')
  }
  return writer.bytes()
}

/** A line of such a file (without its newline) with `values` appended as further fields. */
export function withFields(line: Buffer, values: readonly SqlValue[]): Buffer {
  const writer = new LoadFileWriter(line)
  for (const value of values) {
    writer.separator('\t')
    writer.field(value)
  }
  return writer.bytes()
}
