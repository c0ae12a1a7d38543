/**
 * `setValue` (upstream `\Migration\Handler\SetValue`): writes a constant.
 * Params: `value` (the text to write; MySQL converts it to the column type), or `null="true"` to
 * write SQL NULL. Exactly one of the two.
 */
import { UsageError } from '../../errors/mig-error.js'
import { reading, type FieldHandler } from './field-handler.js'
import { booleanParam, checkParams } from './handler-params.js'

const NAME = 'setValue'

export function createSetValueHandler(params: Readonly<Record<string, string>>): FieldHandler {
  checkParams(NAME, params, ['value', 'null'])
  const isNull = booleanParam(NAME, params, 'null', false)
  const value = params.value
  if (isNull && value !== undefined)
    throw new UsageError(`handler ${NAME}: give either param "value" or null="true", not both`)
  if (!isNull && value === undefined)
    throw new UsageError(`handler ${NAME} needs param "value" (or null="true" to write NULL)`)
  const result = isNull ? null : (value ?? null)
  return reading([], () => result)
}
