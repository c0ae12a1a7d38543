/**
 * `serializeToJsonProductOptions` (upstream `\Migration\Handler\SerializeToJson\SalesOrderItem`):
 * `sales_order_item.product_options`. Like serializeToJson, and, as Magento 2's own
 * `Magento\Sales\Setup\SerializedDataConverter` does, the nested serialized strings become JSON
 * strings too: `options[*].option_value` of file options (`option_type` = `file`) and
 * `bundle_selection_attributes`. A nested value that is already JSON is kept; an empty one becomes
 * `""` (upstream's json_encode('')); one that is neither sets the row aside. No params.
 */
import { FieldHandlerError, reading, type FieldHandler } from './field-handler.js'
import { checkParams } from './handler-params.js'
import { convertSerialized, serializedToJson } from './serialize-to-json.js'
import { isPhpArray, phpArrayGet, phpArrayReplace, type PhpValue } from './php-value.js'

const NAME = 'serializeToJsonProductOptions'

export function createSerializeToJsonProductOptionsHandler(params: Readonly<Record<string, string>>): FieldHandler {
  checkParams(NAME, params, [])
  return reading([], ({ value }) => serializedToJson(value, 'error', convertNestedOptions))
}

/** Replaces the nested serialized strings of a product_options array by their JSON. */
export function convertNestedOptions(productOptions: PhpValue): PhpValue {
  if (!isPhpArray(productOptions)) return productOptions
  let result = productOptions
  const options = phpArrayGet(result, 'options')
  if (options !== undefined && isPhpArray(options)) {
    let converted = options
    for (const { key, value: option } of options.entries) {
      if (typeof key === 'object' || !isPhpArray(option) || phpArrayGet(option, 'option_type') !== 'file') continue
      const optionValue = phpArrayGet(option, 'option_value')
      if (typeof optionValue !== 'string') continue
      converted = phpArrayReplace(converted, key, phpArrayReplace(option, 'option_value', nestedToJson(optionValue, `options.${key}.option_value`)))
    }
    result = phpArrayReplace(result, 'options', converted)
  }
  const attributes = phpArrayGet(result, 'bundle_selection_attributes')
  if (typeof attributes === 'string') result = phpArrayReplace(result, 'bundle_selection_attributes', nestedToJson(attributes, 'bundle_selection_attributes'))
  return result
}

function nestedToJson(text: string, path: string): string {
  if (text === '') return '""'
  const result = convertSerialized(text)
  switch (result.kind) {
    case 'converted':
      return result.json
    case 'already-json':
      return text
    case 'not-serialized':
      throw new FieldHandlerError(`${path} is neither PHP-serialized data nor JSON (${result.error.message})`, { cause: result.error })
  }
}
