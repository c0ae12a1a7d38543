import type { SqlValue } from '../db/sql-value.js'
import type { KeyValues } from '../delta/row-key.js'

type EncodedValue = null | string | number | { readonly hex: string }

/**
 * A copy cursor (the last key copied) as text that survives a restart exactly: strings stay
 * strings (DECIMAL, BIGINT, dates), binary keys travel as hex, small integers as numbers.
 */
export function encodeKey(values: KeyValues): string {
  const encoded: EncodedValue[] = values.map((value) => {
    if (value === null) return null
    if (Buffer.isBuffer(value)) return { hex: value.toString('hex') }
    if (typeof value === 'bigint') return value.toString()
    return value
  })
  return JSON.stringify(encoded)
}

export function decodeKey(text: string): SqlValue[] {
  const parsed: unknown = JSON.parse(text)
  if (!Array.isArray(parsed)) throw new Error(`not a stored key: ${text.slice(0, 80)}`)
  return parsed.map((value: unknown): SqlValue => {
    if (value === null || typeof value === 'string' || typeof value === 'number') return value
    if (typeof value === 'object' && typeof (value as { hex?: unknown }).hex === 'string')
      return Buffer.from((value as { hex: string }).hex, 'hex')
    throw new Error(`not a stored key value: ${JSON.stringify(value)}`)
  })
}
