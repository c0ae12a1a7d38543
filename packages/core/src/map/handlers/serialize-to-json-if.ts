/**
 * `serializeToJsonIf`: converts PHP-serialized values to JSON only in rows whose condition column
 * matches a pattern, e.g. `quote_item_option.value` / `wishlist_item_option.value`, where only some
 * option codes hold serialized data. A matching value that does not unserialize (plain text, or
 * already JSON) is kept unchanged, as upstream does.
 *
 * Params (upstream `\Migration\Handler\SerializeToJson\ConvertWithConditions` names):
 * - `conditionalField`: the column to test; default `code`;
 * - `conditionalFieldValuesPattern`: a PHP-style regex (`/…/i`); default the union of upstream's
 *   two item-option rules: `parameters`, `info_buyRequest`, `attributes`, `bundle_option_ids`,
 *   `bundle_selection_ids`, `bundle_selection_attributes` and `option_<n>` (custom option values,
 *   e.g. file options), matched anywhere in the code like PHP's preg_match;
 * - `ignoreBrokenData`: accepted and ignored.
 *
 * Damaged serialized data is repaired where exactly one reading fits (noted). A value that looks
 * like serialized data (`a:<n>:{`, `s:<n>:"`, `O:`, …) but cannot be read even so — cut short — is
 * written as `[]` (an empty option value to Magento 2's json_decode) and kept in Magento 2
 * (`m2_mig_dirty_value`); any other text is plain text and kept as it is, as upstream does.
 *
 * `\Migration\Handler\SerializeToJson\ItemOption` is the same with `code` and `/option_\d+/`.
 */
import { UsageError } from '../../errors/mig-error.js'
import { FieldValueLost, reading, type FieldHandler } from './field-handler.js'
import { checkParams, phpRegex } from './handler-params.js'
import { convertSerialized, needsNoConversion, repairReason } from './serialize-to-json.js'

export const ITEM_OPTION_CODE_PATTERN =
  '/(parameters)|(info_buyRequest)|(attributes)|(bundle_option_ids)|(bundle_selection_ids)|(bundle_selection_attributes)|(option_\\d+)/'

const PARAMS = ['conditionalField', 'conditionalFieldValuesPattern', 'ignoreBrokenData'] as const

export function createSerializeToJsonIfHandler(params: Readonly<Record<string, string>>): FieldHandler {
  return build('serializeToJsonIf', params, { conditionalField: 'code', pattern: ITEM_OPTION_CODE_PATTERN })
}

/** Upstream `ConvertWithConditions`: both params are required there. */
export function createConvertWithConditionsHandler(params: Readonly<Record<string, string>>): FieldHandler {
  const name = '\\Migration\\Handler\\SerializeToJson\\ConvertWithConditions'
  for (const required of ['conditionalField', 'conditionalFieldValuesPattern']) {
    if (params[required] === undefined) throw new UsageError(`handler ${name} needs param "${required}"`)
  }
  return build(name, params, { conditionalField: 'code', pattern: ITEM_OPTION_CODE_PATTERN })
}

/** Upstream `ItemOption`: custom option values (`option_<n>` codes); no params. */
export function createItemOptionHandler(params: Readonly<Record<string, string>>): FieldHandler {
  const name = '\\Migration\\Handler\\SerializeToJson\\ItemOption'
  checkParams(name, params, [])
  return build(name, {}, { conditionalField: 'code', pattern: '/option_\\d+/' })
}

function build(
  name: string,
  params: Readonly<Record<string, string>>,
  defaults: { conditionalField: string; pattern: string },
): FieldHandler {
  checkParams(name, params, PARAMS)
  const conditionalField = params.conditionalField?.trim() || defaults.conditionalField
  const pattern = phpRegex(
    name,
    'conditionalFieldValuesPattern',
    params.conditionalFieldValuesPattern ?? defaults.pattern,
  )
  return reading([conditionalField], ({ value, row, table, field, note }) => {
    if (needsNoConversion(value)) return value
    if (!Object.hasOwn(row, conditionalField)) {
      throw new UsageError(
        `handler ${name} on ${table}.${field} tests column "${conditionalField}", which ${table} rows do not have; fix its conditionalField param`,
      )
    }
    const condition = row[conditionalField]
    if (condition === null || condition === undefined) return value
    if (!pattern.test(Buffer.isBuffer(condition) ? condition.toString('utf8') : String(condition))) return value
    const result = convertSerialized(value)
    switch (result.kind) {
      case 'converted':
        return result.json
      case 'repaired':
        note?.('repaired', repairReason(result.strings))
        return result.json
      case 'already-json':
        return value
      case 'not-serialized':
        if (looksSerialized(value)) throw new FieldValueLost(result.reason, EMPTY_OPTION_VALUE)
        return value
    }
  })
}

/** What Magento 2's json_decode reads as an empty option value. */
const EMPTY_OPTION_VALUE = '[]'

/** The start PHP's serialize() gives an array, object, string or scalar: text that is meant to be serialized data. */
const SERIALIZED_START = /^(?:a:\d+:\{|O:\d+:"|C:\d+:"|s:\d+:"|i:-?\d+;|d:[-+0-9.eEINFA]+;|b:[01];|N;)/

function looksSerialized(value: string | Buffer): boolean {
  return SERIALIZED_START.test(Buffer.isBuffer(value) ? value.toString('latin1', 0, 40) : value.slice(0, 40))
}
