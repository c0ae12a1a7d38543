/**
 * `serializeToJsonProductOptions` (upstream `\Migration\Handler\SerializeToJson\SalesOrderItem`):
 * `sales_order_item.product_options`. Like serializeToJson, and, as Magento 2's own
 * `Magento\Sales\Setup\SerializedDataConverter` does, the nested serialized strings become JSON
 * strings too: `options[*].option_value` of file options (`option_type` = `file`) and
 * `bundle_selection_attributes`. A nested value that is already JSON is kept; an empty one becomes
 * `""` (upstream's json_encode('')).
 *
 * Damaged values are repaired where exactly one reading fits (noted). What cannot be converted costs
 * only itself: the whole value is written as `[]` (Magento 2's json_encode of no options, which
 * it reads as "no options"), a nested value as `[]` inside the rest; the original is kept in
 * Magento 2 (`m2_mig_dirty_value`). No params.
 */
import { FieldValueLost, reading, type FieldHandler, type FieldHandlerContext } from './field-handler.js'
import { checkParams } from './handler-params.js'
import { convertSerialized, repairReason, serializedToJson } from './serialize-to-json.js'
import { isPhpArray, phpArrayGet, phpArrayReplace, type PhpValue } from './php-value.js'

const NAME = 'serializeToJsonProductOptions'

/** What Magento 2 reads as "no options". */
export const NO_PRODUCT_OPTIONS = '[]'

export function createSerializeToJsonProductOptionsHandler(params: Readonly<Record<string, string>>): FieldHandler {
  checkParams(NAME, params, [])
  return reading([], (context) => {
    // Nested notes wait until the whole value is known to convert: a lost whole value is one note.
    const nested: { kind: 'repaired' | 'lost'; reason: string }[] = []
    const json = serializedToJson(context, {
      onInvalid: 'empty',
      empty: NO_PRODUCT_OPTIONS,
      reshape: (value) => convertNestedOptions(value, (kind, reason) => nested.push({ kind, reason })),
    })
    for (const item of nested) context.note?.(item.kind, item.reason)
    return json
  })
}

/**
 * Replaces the nested serialized strings of a product_options array by their JSON; `note` hears of
 * nested values repaired, or lost (then written as `[]`). Without `note`, a nested value that cannot
 * be converted makes the whole value lost.
 */
export function convertNestedOptions(productOptions: PhpValue, note?: FieldHandlerContext['note']): PhpValue {
  if (!isPhpArray(productOptions)) return productOptions
  let result = productOptions
  const options = phpArrayGet(result, 'options')
  if (options !== undefined && isPhpArray(options)) {
    let converted = options
    for (const { key, value: option } of options.entries) {
      if (typeof key === 'object' || !isPhpArray(option) || phpArrayGet(option, 'option_type') !== 'file') continue
      const optionValue = phpArrayGet(option, 'option_value')
      if (typeof optionValue !== 'string') continue
      converted = phpArrayReplace(
        converted,
        key,
        phpArrayReplace(option, 'option_value', nestedToJson(optionValue, `options.${key}.option_value`, note)),
      )
    }
    result = phpArrayReplace(result, 'options', converted)
  }
  const attributes = phpArrayGet(result, 'bundle_selection_attributes')
  if (typeof attributes === 'string')
    result = phpArrayReplace(
      result,
      'bundle_selection_attributes',
      nestedToJson(attributes, 'bundle_selection_attributes', note),
    )
  return result
}

function nestedToJson(text: string, path: string, note: FieldHandlerContext['note'] | undefined): string {
  if (text === '') return '""'
  const result = convertSerialized(text)
  switch (result.kind) {
    case 'converted':
      return result.json
    case 'repaired':
      note?.('repaired', `${path}: ${repairReason(result.strings)}`)
      return result.json
    case 'already-json':
      return text
    case 'not-serialized':
      if (!note) throw new FieldValueLost(`${path} is ${result.reason}`, NO_PRODUCT_OPTIONS)
      note('lost', `${path} is ${result.reason}; written as ${NO_PRODUCT_OPTIONS}`)
      return NO_PRODUCT_OPTIONS
  }
}
