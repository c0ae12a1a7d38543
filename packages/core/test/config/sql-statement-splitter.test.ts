import { describe, expect, it } from 'vitest'
import { splitSqlStatements, UnterminatedSqlError } from '../../src/config/index.js'

describe('splitSqlStatements', () => {
  it('splits on semicolons and trims, dropping empty pieces', () => {
    expect(splitSqlStatements(' SET NAMES utf8;  SET time_zone = "+00:00" ;;\n')).toEqual([
      'SET NAMES utf8',
      'SET time_zone = "+00:00"',
    ])
    expect(splitSqlStatements('SET NAMES utf8')).toEqual(['SET NAMES utf8'])
    expect(splitSqlStatements('')).toEqual([])
  })

  it('ignores semicolons inside quotes, backticks and comments', () => {
    expect(splitSqlStatements('SET @a = \'x;y\'; SET @b = "p;q"; SELECT `we;ird` FROM t')).toEqual([
      "SET @a = 'x;y'",
      'SET @b = "p;q"',
      'SELECT `we;ird` FROM t',
    ])
    expect(splitSqlStatements("SET @a = 'it''s; ok'; SET @b = 'back\\'slash;'")).toEqual([
      "SET @a = 'it''s; ok'",
      "SET @b = 'back\\'slash;'",
    ])
    expect(splitSqlStatements('SET @a = 1; -- note; not a statement\nSET @b = 2 /* x; y */; # tail;')).toEqual([
      'SET @a = 1',
      '-- note; not a statement\nSET @b = 2 /* x; y */',
    ])
  })

  it('drops pieces that hold only comments but keeps executable /*! */ comments', () => {
    expect(splitSqlStatements('SET NAMES utf8; -- trailing comment')).toEqual(['SET NAMES utf8'])
    expect(splitSqlStatements('/*!40101 SET NAMES utf8 */;')).toEqual(['/*!40101 SET NAMES utf8 */'])
  })

  it('treats -- without a following blank as code, as MySQL does', () => {
    expect(splitSqlStatements('SELECT 1--1; SELECT 2')).toEqual(['SELECT 1--1', 'SELECT 2'])
  })

  it('throws on an unterminated quote or comment', () => {
    expect(() => splitSqlStatements("SET @a = 'open; SET @b = 1")).toThrow(UnterminatedSqlError)
    expect(() => splitSqlStatements('SELECT `open')).toThrow(/backtick/)
    expect(() => splitSqlStatements('SELECT 1 /* open')).toThrow(/comment/)
  })
})
