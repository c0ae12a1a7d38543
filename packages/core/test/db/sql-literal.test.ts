import mysql from 'mysql2'
import { describe, expect, it } from 'vitest'
import { sqlLiteral, valuesList } from '../../src/db/sql-literal.js'
import type { SqlValue } from '../../src/db/sql-value.js'

const TRICKY: readonly SqlValue[] = [
  null,
  '',
  'plain',
  'O\'Brien "quoted"',
  'back\\slash \\n not a newline',
  'nul\0 bs\b tab\t nl\n cr\r sub\x1a end',
  'a:2:{s:4:"info";s:5:"x?y";}',
  '😀 Zoë ünïcode',
  '0000-00-00 00:00:00',
  '18446744073709551615',
  '1.5000',
  0,
  -42,
  3.25,
  12345678901234567890n,
  Buffer.from([0, 1, 0x27, 0x5c, 0xff]),
  Buffer.alloc(0),
]

describe('SQL literals rendered by mig', () => {
  it('are byte for byte what mysql2 substitutes for each value', () => {
    for (const value of TRICKY)
      expect(sqlLiteral(value), JSON.stringify(String(value))).toBe(mysql.format('?', [value]))
  })

  it('render rows of a multi-row INSERT in column order, absent columns as NULL', () => {
    const rows = [
      { a: 'x', b: 1, c: null },
      { a: "it's", b: 2 },
    ] as Record<string, SqlValue>[]
    expect(valuesList(rows, ['a', 'b', 'c'])).toBe("('x', 1, NULL), ('it\\'s', 2, NULL)")
    expect(valuesList(rows, ['c', 'a'])).toBe(mysql.format('(?, ?), (?, ?)', [null, 'x', null, "it's"]))
  })
})
