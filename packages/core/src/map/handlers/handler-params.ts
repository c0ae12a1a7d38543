import { UsageError } from '../../errors/mig-error.js'

/** Refuses params a handler does not know, so a typo in map.xml is not silently ignored. */
export function checkParams(handler: string, params: Readonly<Record<string, string>>, known: readonly string[]): void {
  const unknown = Object.keys(params).filter((name) => !known.includes(name))
  if (unknown.length === 0) return
  const accepted =
    known.length === 0 ? 'it takes no params' : `it accepts ${known.map((name) => `"${name}"`).join(', ')}`
  throw new UsageError(
    `handler ${handler} got unknown param${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `"${name}"`).join(', ')}; ${accepted}`,
  )
}

/** A boolean param: true/1/yes or false/0/no (any case); `fallback` when absent. */
export function booleanParam(
  handler: string,
  params: Readonly<Record<string, string>>,
  name: string,
  fallback: boolean,
): boolean {
  const raw = params[name]
  if (raw === undefined) return fallback
  const text = raw.trim().toLowerCase()
  if (['true', '1', 'yes'].includes(text)) return true
  if (['false', '0', 'no', ''].includes(text)) return false
  throw new UsageError(`handler ${handler}: param "${name}" must be true or false, got "${raw}"`)
}

/** A param limited to a few values; `fallback` when absent. */
export function choiceParam<T extends string>(
  handler: string,
  params: Readonly<Record<string, string>>,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = params[name]
  if (raw === undefined) return fallback
  const found = choices.find((choice) => choice === raw.trim())
  if (found === undefined)
    throw new UsageError(`handler ${handler}: param "${name}" must be one of ${choices.join(', ')}, got "${raw}"`)
  return found
}

const CLOSING: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>' }
const FLAGS: Readonly<Record<string, string>> = { i: 'i', m: 'm', s: 's', u: 'u' }

/**
 * A regular expression from a PCRE pattern as PHP writes it (`/(info_buyRequest)|(option_\d+)/i`):
 * the delimiters are removed and the i, m, s, u modifiers kept. A pattern without delimiters is used
 * as JavaScript regular expression source. The result has no g/y flag, so `test` has no state.
 */
export function phpRegex(handler: string, param: string, pattern: string): RegExp {
  const source = pattern.trim()
  const open = source[0]
  let body = source
  let flags = ''
  if (open !== undefined && !/[A-Za-z0-9\\\s]/.test(open)) {
    const close = CLOSING[open] ?? open
    const end = source.lastIndexOf(close)
    if (end <= 0)
      throw new UsageError(
        `handler ${handler}: param "${param}" starts with the delimiter "${open}" but does not end with "${close}": ${pattern}`,
      )
    body = source.slice(1, end)
    for (const modifier of source.slice(end + 1)) {
      const flag = FLAGS[modifier]
      if (flag === undefined)
        throw new UsageError(
          `handler ${handler}: param "${param}" uses the regular expression modifier "${modifier}", which mig does not support (use i, m, s or u)`,
        )
      if (!flags.includes(flag)) flags += flag
    }
  }
  try {
    return new RegExp(body, flags)
  } catch (error) {
    throw new UsageError(
      `handler ${handler}: param "${param}" is not a valid regular expression (${(error as Error).message})`,
    )
  }
}
