/**
 * Splits `init_statements_*` text into single statements on `;`, ignoring semicolons inside
 * '…', "…", `…`, and comments (`-- `, `#`, `/* … *\/`). mysql2 runs one statement per query
 * unless multipleStatements is on, which mig keeps off; hence the split.
 * Statements are trimmed; pieces holding only comments or blanks are dropped (MySQL rejects
 * an empty query). An unterminated quote or comment throws UnterminatedSqlError.
 */
export class UnterminatedSqlError extends Error {
  constructor(readonly what: string) {
    super(`unterminated ${what}`)
    this.name = 'UnterminatedSqlError'
  }
}

export function splitSqlStatements(sql: string): string[] {
  const statements: string[] = []
  let start = 0
  // Whether the current piece has anything besides blanks and comments.
  let hasCode = false
  let i = 0
  const finish = (end: number): void => {
    const statement = sql.slice(start, end).trim()
    if (hasCode && statement !== '') statements.push(statement)
    hasCode = false
  }
  while (i < sql.length) {
    const char = sql[i]
    const next = sql[i + 1]
    if (char === ';') {
      finish(i)
      start = i + 1
      i++
    } else if (char === "'" || char === '"' || char === '`') {
      i = skipQuoted(sql, i, char)
      hasCode = true
    } else if (char === '#' || (char === '-' && next === '-' && (i + 2 >= sql.length || /\s/.test(sql[i + 2] ?? '')))) {
      // MySQL needs blank (or end) after `--`; `1--1` is arithmetic.
      const newline = sql.indexOf('\n', i)
      i = newline === -1 ? sql.length : newline + 1
    } else if (char === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2)
      if (close === -1) throw new UnterminatedSqlError('/* comment')
      // `/*! … */` is executable in MySQL, so it counts as code.
      if (sql[i + 2] === '!') hasCode = true
      i = close + 2
    } else {
      if (!/\s/.test(char ?? '')) hasCode = true
      i++
    }
  }
  finish(sql.length)
  return statements
}

/** Returns the index just past the closing quote; a doubled quote or a backslash escape (not in backticks) stays inside. */
function skipQuoted(sql: string, open: number, quote: string): number {
  let i = open + 1
  while (i < sql.length) {
    const char = sql[i]
    if (char === '\\' && quote !== '`') {
      i += 2
    } else if (char === quote) {
      if (sql[i + 1] === quote) i += 2
      else return i + 1
    } else {
      i++
    }
  }
  throw new UnterminatedSqlError(quote === '`' ? 'backtick-quoted name' : `${quote}-quoted string`)
}
