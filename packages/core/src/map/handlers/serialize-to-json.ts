/**
 * `serializeToJson` (upstream `\Migration\Handler\SerializeToJson`): PHP-serialized text → the JSON
 * Magento 2 expects (PHP `json_encode` defaults). NULL and '' pass through; a value that is already
 * JSON (Magento 1.9 sometimes stores JSON) passes through unchanged; anything else sets the row aside.
 *
 * Params: `onInvalid` = `error` (default: set the row aside) | `null` (write NULL, as upstream's
 * `migrateBrokenData` does) | `keep` (write the value unchanged). Upstream's `migrateBrokenData` and
 * `suppressWarning` are accepted and ignored.
 */
import type { SqlValue } from '../../db/sql-value.js'
import { FieldHandlerError, reading, type FieldHandler } from './field-handler.js'
import { checkParams, choiceParam } from './handler-params.js'
import { PhpJsonEncodeError, phpJsonEncode } from './php-json-encode.js'
import { tryPhpUnserialize, type PhpUnserializeError } from './php-unserialize.js'
import type { PhpValue } from './php-value.js'

export type SerializedConversion =
  | { readonly kind: 'converted'; readonly json: string }
  | { readonly kind: 'already-json' }
  | { readonly kind: 'not-serialized'; readonly error: PhpUnserializeError }

/**
 * Unserializes `text`, optionally reshapes the value, and encodes it as PHP's json_encode would.
 * Throws {@link FieldHandlerError} when the data unserializes but cannot be written as JSON
 * (invalid UTF-8, INF/NAN, a `C:` object), which is where PHP's json_encode returns false.
 */
export function convertSerialized(text: string | Buffer, reshape?: (value: PhpValue) => PhpValue): SerializedConversion {
  const parsed = tryPhpUnserialize(text)
  if (!parsed.ok) return isJsonText(text) ? { kind: 'already-json' } : { kind: 'not-serialized', error: parsed.error }
  const value = reshape === undefined ? parsed.value : reshape(parsed.value)
  try {
    return { kind: 'converted', json: phpJsonEncode(value) }
  } catch (error) {
    if (error instanceof PhpJsonEncodeError) throw new FieldHandlerError(`cannot be written as JSON: ${error.reason}`, { cause: error })
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

const NAME = 'serializeToJson'

export function createSerializeToJsonHandler(params: Readonly<Record<string, string>>): FieldHandler {
  checkParams(NAME, params, ['onInvalid', 'migrateBrokenData', 'suppressWarning'])
  const onInvalid = choiceParam(NAME, params, 'onInvalid', ['error', 'null', 'keep'], 'error')
  return reading([], ({ value }) => serializedToJson(value, onInvalid))
}

/**
 * The conversion the serialize→JSON handlers share: NULL and numbers pass, JSON stays as it is,
 * PHP-serialized data becomes PHP-json_encode text (after `reshape`), anything else follows `onInvalid`.
 */
export function serializedToJson(value: SqlValue, onInvalid: 'error' | 'null' | 'keep', reshape?: (value: PhpValue) => PhpValue): SqlValue {
  if (needsNoConversion(value)) return value
  const result = convertSerialized(value, reshape)
  switch (result.kind) {
    case 'converted':
      return result.json
    case 'already-json':
      return value
    case 'not-serialized':
      if (onInvalid === 'null') return null
      if (onInvalid === 'keep') return value
      throw new FieldHandlerError(`neither PHP-serialized data nor JSON (${result.error.message})`, { cause: result.error })
  }
}
