import { UsageError } from '../errors/mig-error.js'

/**
 * Plain MySQL identifiers only: letters, digits, `_` and `$`, not all digits, at most 64 characters.
 * Anything else that comes from configuration is refused rather than escaped, so a hostile or mistyped
 * name never reaches SQL text.
 */
const PLAIN_IDENTIFIER = /^[A-Za-z0-9_$]{1,64}$/
const ALL_DIGITS = /^[0-9]+$/

export function isPlainIdentifier(name: string): boolean {
  return PLAIN_IDENTIFIER.test(name) && !ALL_DIGITS.test(name)
}

/** Throws a UsageError naming where the bad identifier came from. */
export function assertIdentifier(name: string, where: string): string {
  if (!isPlainIdentifier(name)) {
    throw new UsageError(
      `${where}: ${JSON.stringify(name)} is not a plain MySQL name (letters, digits, _ or $, at most 64 characters); fix the name`,
    )
  }
  return name
}

/** Backtick-quotes an identifier that already passed validation or was read from information_schema. */
export function quoteIdentifier(name: string): string {
  if (name.length === 0 || name.length > 64 || name.includes('\u0000')) {
    throw new Error(`refusing to quote identifier ${JSON.stringify(name)}`)
  }
  return '`' + name.replaceAll('`', '``') + '`'
}

/** `db`.`table` */
export function quoteQualified(database: string, table: string): string {
  return `${quoteIdentifier(database)}.${quoteIdentifier(table)}`
}
