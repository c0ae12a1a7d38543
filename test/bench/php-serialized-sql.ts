/**
 * SQL expressions that build PHP serialize() text on the server, so that generated rows carry
 * serialized values exactly as Magento 1 writes them (lengths in bytes, as PHP counts them).
 * Each function returns an SQL expression whose value is one serialized fragment.
 */

/** An SQL string literal (the generator only uses plain ASCII text). */
export function sqlText(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`
}

/** `s:<bytes>:"<text>";` for a constant. */
export function phpString(text: string): string {
  return sqlText(`s:${Buffer.byteLength(text, 'utf8')}:"${text}";`)
}

/** `s:<bytes>:"<value>";` for an SQL expression (evaluated as text). */
export function phpStringOf(expression: string): string {
  return `CONCAT('s:', LENGTH(${expression}), ':"', ${expression}, '";')`
}

/** `i:<n>;` for an SQL integer expression. */
export function phpIntOf(expression: string): string {
  return `CONCAT('i:', ${expression}, ';')`
}

export function phpInt(value: number): string {
  return sqlText(`i:${value};`)
}

export function phpBool(value: boolean): string {
  return sqlText(`b:${value ? 1 : 0};`)
}

/** `a:<n>:{key value …}`; keys are constant strings or integers, values are fragments from this module. */
export function phpArray(entries: readonly (readonly [string | number, string])[]): string {
  if (entries.length === 0) return sqlText('a:0:{}')
  const parts = entries.flatMap(([key, value]) => [typeof key === 'number' ? phpInt(key) : phpString(key), value])
  return `CONCAT(${[sqlText(`a:${entries.length}:{`), ...parts, sqlText('}')].join(', ')})`
}
