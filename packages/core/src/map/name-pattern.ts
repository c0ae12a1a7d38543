/**
 * Names in map.xml: plain MySQL identifiers, `*` wildcards in ignore/transform patterns, and
 * `table.field` for fields. Patterns are compiled once; matching runs for every column of every table.
 */

/** Letters, digits, `_`, `$` and `*`; at most 64 characters like any MySQL identifier. */
const PATTERN_TEXT = /^[A-Za-z0-9_$*]{1,64}$/
const PLAIN_NAME = /^[A-Za-z0-9_$]{1,64}$/
const ALL_DIGITS = /^[0-9]+$/

/** A plain MySQL name: what a rename or move must name (one table, one column). */
export function isPlainName(text: string): boolean {
  return PLAIN_NAME.test(text) && !ALL_DIGITS.test(text)
}

/** A plain name that may contain `*` wildcards. */
export function isNamePattern(text: string): boolean {
  return PATTERN_TEXT.test(text) && !ALL_DIGITS.test(text)
}

export function hasWildcard(text: string): boolean {
  return text.includes('*')
}

/** `table.field` split at its only dot; undefined when there is not exactly one dot. */
export function splitFieldName(text: string): { table: string; field: string } | undefined {
  const parts = text.split('.')
  if (parts.length !== 2) return undefined
  const [table = '', field = ''] = parts
  return { table, field }
}

/** A compiled wildcard: `*` matches any run of characters (also none); nothing else is special. */
export class NameMatcher {
  readonly pattern: string
  readonly isWildcard: boolean
  private readonly ignoreCase: boolean
  private readonly exact: string
  private readonly regex: RegExp | undefined

  /**
   * Table names are case-sensitive (MySQL on Linux, lower_case_table_names=0); column names are not,
   * so field matchers pass `ignoreCase` for their column part.
   */
  constructor(pattern: string, options: { ignoreCase?: boolean } = {}) {
    this.pattern = pattern
    this.ignoreCase = options.ignoreCase ?? false
    this.isWildcard = hasWildcard(pattern)
    this.exact = this.ignoreCase ? pattern.toLowerCase() : pattern
    // `s` so a stray newline in a looked-up name cannot end a `.*` early.
    this.regex = this.isWildcard
      ? new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, this.ignoreCase ? 'is' : 's')
      : undefined
  }

  matches(name: string): boolean {
    if (this.regex !== undefined) return this.regex.test(name)
    return (this.ignoreCase ? name.toLowerCase() : name) === this.exact
  }
}

/** `table.field` pattern: the table part is case-sensitive, the column part is not. */
export class FieldMatcher {
  readonly pattern: string
  readonly table: NameMatcher
  readonly field: NameMatcher
  readonly isWildcard: boolean

  constructor(pattern: string) {
    const parts = splitFieldName(pattern)
    if (parts === undefined) throw new Error(`not a table.field pattern: ${JSON.stringify(pattern)}`)
    this.pattern = pattern
    this.table = new NameMatcher(parts.table)
    this.field = new NameMatcher(parts.field, { ignoreCase: true })
    this.isWildcard = this.table.isWildcard || this.field.isWildcard
  }

  matches(table: string, field: string): boolean {
    return this.table.matches(table) && this.field.matches(field)
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
}
