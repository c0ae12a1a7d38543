/**
 * `serializeToJson` (upstream `\Migration\Handler\SerializeToJson`): PHP-serialized text → the JSON
 * Magento 2 expects (PHP `json_encode` defaults). NULL and '' pass through; a value that is already
 * JSON (Magento 1.9 sometimes stores JSON) passes through unchanged. Serialized data whose string
 * lengths lie (see php-serialized-repair.ts) is repaired and noted. Anything else — cut short, plain
 * text, bytes json_encode refuses — is written as NULL (Magento 2 reads NULL as "no data" in every
 * column Magento's map converts this way: additional_information, weee_tax_applied, packages,
 * applied_taxes), and the original is kept in Magento 2 (`m2_mig_dirty_value`): a value never costs its row.
 *
 * Params: `onInvalid` = `empty` (default: as above) | `null` (NULL, not kept: upstream's
 * `migrateBrokenData`) | `keep` (the value unchanged) | `error` (set the row aside). Upstream's
 * `migrateBrokenData` and `suppressWarning` are accepted and ignored.
 */
import type { SqlValue } from '../../db/sql-value.js'
import {
  FieldHandlerError,
  FieldValueLost,
  reading,
  type FieldHandler,
  type FieldHandlerContext,
} from './field-handler.js'
import { checkParams, choiceParam } from './handler-params.js'
import { PhpJsonEncodeError, phpJsonEncode } from './php-json-encode.js'
import { repairPhpSerialized } from './php-serialized-repair.js'
import { tryPhpUnserialize } from './php-unserialize.js'
import type { PhpValue } from './php-value.js'

export type SerializedConversion =
  | { readonly kind: 'converted'; readonly json: string }
  /** Serialized data whose string lengths lied, read by its delimiters; `strings` were re-counted. */
  | { readonly kind: 'repaired'; readonly json: string; readonly strings: number }
  | { readonly kind: 'already-json' }
  /** Neither serialized data (not even damaged) nor JSON, or not writable as JSON: `reason` says why. */
  | { readonly kind: 'not-serialized'; readonly reason: string }

/**
 * Unserializes `text` (repairing lying string lengths where exactly one reading fits), optionally
 * reshapes the value, and encodes it as PHP's json_encode would.
 */
export function convertSerialized(
  text: string | Buffer,
  reshape?: (value: PhpValue) => PhpValue,
): SerializedConversion {
  const parsed = tryPhpUnserialize(text)
  if (parsed.ok) return encoded(parsed.value, reshape, (json) => ({ kind: 'converted', json }))
  if (isJsonText(text)) return { kind: 'already-json' }
  const repair = repairPhpSerialized(text)
  if (repair.kind === 'repaired')
    return encoded(repair.value, reshape, (json) => ({ kind: 'repaired', json, strings: repair.strings }))
  const why = repair.kind === 'ambiguous' ? `; its string lengths are wrong and more than one reading fits` : ''
  return { kind: 'not-serialized', reason: `neither PHP-serialized data nor JSON (${parsed.error.message}${why})` }
}

function encoded(
  value: PhpValue,
  reshape: ((value: PhpValue) => PhpValue) | undefined,
  done: (json: string) => SerializedConversion,
): SerializedConversion {
  try {
    return done(phpJsonEncode(reshape === undefined ? value : reshape(value)))
  } catch (error) {
    // Where PHP's json_encode returns false: invalid UTF-8, INF/NAN, a `C:` object.
    if (error instanceof PhpJsonEncodeError)
      return { kind: 'not-serialized', reason: `cannot be written as JSON: ${error.reason}` }
    throw error
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Whether the text is a complete JSON document. */
export function isJsonText(text: string | Buffer): boolean {
  let source: string
  try {
    source = typeof text === 'string' ? text : utf8.decode(text)
  } catch {
    return false
  }
  try {
    JSON.parse(source)
    return true
  } catch {
    return false
  }
}

/** NULL, '', and numbers (valid JSON already) need no conversion. */
export function needsNoConversion(value: SqlValue): value is null | number | bigint {
  return value === null || typeof value === 'number' || typeof value === 'bigint' || value.length === 0
}

/** The text of a repair note: how many strings had lengths that lied. */
export function repairReason(strings: number): string {
  return `PHP-serialized string lengths did not match their bytes (${strings} ${strings === 1 ? 'string' : 'strings'} re-counted)`
}

const NAME = 'serializeToJson'

export type OnInvalid = 'empty' | 'error' | 'null' | 'keep'

export function createSerializeToJsonHandler(params: Readonly<Record<string, string>>): FieldHandler {
  checkParams(NAME, params, ['onInvalid', 'migrateBrokenData', 'suppressWarning'])
  const onInvalid = choiceParam(NAME, params, 'onInvalid', ['empty', 'error', 'null', 'keep'], 'empty')
  return reading([], (context) => serializedToJson(context, { onInvalid, empty: null }))
}

/**
 * The conversion the serialize→JSON handlers share: NULL and numbers pass, JSON stays as it is,
 * PHP-serialized data becomes PHP-json_encode text (after `reshape`; repaired where its lengths lied,
 * noted), anything else follows `onInvalid` (`empty`: written as `empty`, the original kept).
 */
export function serializedToJson(
  context: Pick<FieldHandlerContext, 'value' | 'note'>,
  options: {
    readonly onInvalid: OnInvalid
    readonly empty: SqlValue
    readonly reshape?: (value: PhpValue) => PhpValue
  },
): SqlValue {
  const { value } = context
  if (needsNoConversion(value)) return value
  const result = convertSerialized(value, options.reshape)
  switch (result.kind) {
    case 'converted':
      return result.json
    case 'repaired':
      context.note?.('repaired', repairReason(result.strings))
      return result.json
    case 'already-json':
      return value
    case 'not-serialized':
      switch (options.onInvalid) {
        case 'null':
          return null
        case 'keep':
          return value
        case 'error':
          throw new FieldHandlerError(result.reason)
        case 'empty':
          throw new FieldValueLost(result.reason, options.empty)
      }
  }
}
