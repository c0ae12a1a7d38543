export {
  FieldHandlerError,
  FieldValueLost,
  reading,
  type FieldHandler,
  type FieldHandlerContext,
  type FieldHandlerFactory,
} from './field-handler.js'
export {
  BUILT_IN_HANDLERS,
  FieldHandlerRegistry,
  createDefaultHandlerRegistry,
  normaliseHandlerName,
  type RegisterOptions,
} from './handler-registry.js'
export { booleanParam, checkParams, choiceParam, phpRegex } from './handler-params.js'
export {
  DEFAULT_UNSERIALIZE_MAX_DEPTH,
  PhpUnserializeError,
  decodePhpString,
  phpUnserialize,
  tryPhpUnserialize,
  type PhpUnserializeOptions,
  type PhpUnserializeResult,
} from './php-unserialize.js'
export {
  DEFAULT_JSON_MAX_DEPTH,
  DEFAULT_JSON_MAX_LENGTH,
  PhpJsonEncodeError,
  formatPhpDouble,
  phpJsonEncode,
  phpJsonString,
  type PhpJsonEncodeOptions,
} from './php-json-encode.js'
export {
  isPhpArray,
  normaliseArrayKey,
  phpArray,
  phpArrayGet,
  phpArrayReplace,
  phpFloat,
  phpInt,
  phpList,
  type PhpArray,
  type PhpArrayEntry,
  type PhpArrayKey,
  type PhpBytes,
  type PhpCustomObject,
  type PhpFloat,
  type PhpInt,
  type PhpObject,
  type PhpProperty,
  type PhpValue,
  type PhpVisibility,
} from './php-value.js'
export {
  convertSerialized,
  createSerializeToJsonHandler,
  isJsonText,
  type SerializedConversion,
} from './serialize-to-json.js'
export {
  ITEM_OPTION_CODE_PATTERN,
  createConvertWithConditionsHandler,
  createItemOptionHandler,
  createSerializeToJsonIfHandler,
} from './serialize-to-json-if.js'
export {
  convertNestedOptions,
  createSerializeToJsonProductOptionsHandler,
} from './serialize-to-json-product-options.js'
export { createSetValueHandler } from './set-value.js'
export { convertIp, createConvertIpHandler } from './convert-ip.js'
