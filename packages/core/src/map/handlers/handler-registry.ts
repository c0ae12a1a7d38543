import { UsageError, isMigError } from '../../errors/mig-error.js'
import { createConvertIpHandler } from './convert-ip.js'
import type { FieldHandler, FieldHandlerFactory } from './field-handler.js'
import {
  createConvertWithConditionsHandler,
  createItemOptionHandler,
  createSerializeToJsonIfHandler,
} from './serialize-to-json-if.js'
import { createSerializeToJsonProductOptionsHandler } from './serialize-to-json-product-options.js'
import { createSerializeToJsonHandler } from './serialize-to-json.js'
import { createSetValueHandler } from './set-value.js'

export interface RegisterOptions {
  /** Replace a handler already registered under this name (e.g. a plugin's own serializeToJson). */
  readonly replace?: boolean
}

/**
 * Field handlers by name. Names compare without a leading backslash and without regard to case
 * (PHP class names are case-insensitive), so `\Migration\Handler\SetValue`,
 * `Migration\Handler\SetValue` and `migration\handler\setvalue` are one handler.
 */
export class FieldHandlerRegistry {
  private readonly factories = new Map<string, { readonly name: string; readonly factory: FieldHandlerFactory }>()

  register(name: string, factory: FieldHandlerFactory, options: RegisterOptions = {}): this {
    const key = normaliseHandlerName(name)
    if (key === '') throw new UsageError('a field handler needs a name')
    const existing = this.factories.get(key)
    if (existing !== undefined && options.replace !== true) {
      throw new UsageError(
        `field handler "${name}" is already registered (as "${existing.name}"); pass { replace: true } to replace it`,
      )
    }
    this.factories.set(key, { name: name.trim(), factory })
    return this
  }

  has(name: string): boolean {
    return this.factories.has(normaliseHandlerName(name))
  }

  /** Registered names, as registered. */
  names(): string[] {
    return [...this.factories.values()].map((entry) => entry.name).sort()
  }

  /**
   * The handler for a map.xml `<handler class="…">` with its params; `where` (e.g. `map.xml:12:9`)
   * goes into errors. Throws UsageError for an unknown handler or bad params.
   */
  resolve(name: string, params: Readonly<Record<string, string>>, where: string): FieldHandler {
    const entry = this.factories.get(normaliseHandlerName(name))
    if (entry === undefined) {
      throw new UsageError(`${where}: unknown field handler "${name}"; known handlers: ${this.names().join(', ')}`)
    }
    try {
      return entry.factory(params)
    } catch (error) {
      if (isMigError(error)) throw new UsageError(`${where}: ${error.message}`, error.details)
      throw error
    }
  }
}

/** Leading backslash removed, case folded, whitespace trimmed. */
export function normaliseHandlerName(name: string): string {
  return name.trim().replace(/^\\/, '').toLowerCase()
}

/** Built-in handlers: short name and upstream (magento/data-migration-tool) class name. */
export const BUILT_IN_HANDLERS: ReadonlyArray<{
  readonly names: readonly string[]
  readonly factory: FieldHandlerFactory
}> = [
  { names: ['serializeToJson', '\\Migration\\Handler\\SerializeToJson'], factory: createSerializeToJsonHandler },
  { names: ['serializeToJsonIf'], factory: createSerializeToJsonIfHandler },
  {
    names: ['\\Migration\\Handler\\SerializeToJson\\ConvertWithConditions'],
    factory: createConvertWithConditionsHandler,
  },
  { names: ['\\Migration\\Handler\\SerializeToJson\\ItemOption'], factory: createItemOptionHandler },
  {
    names: ['serializeToJsonProductOptions', '\\Migration\\Handler\\SerializeToJson\\SalesOrderItem'],
    factory: createSerializeToJsonProductOptionsHandler,
  },
  { names: ['setValue', '\\Migration\\Handler\\SetValue'], factory: createSetValueHandler },
  { names: ['convertIp', '\\Migration\\Handler\\ConvertIp'], factory: createConvertIpHandler },
]

/** A registry with the built-in handlers; plugins register theirs on it. */
export function createDefaultHandlerRegistry(): FieldHandlerRegistry {
  const registry = new FieldHandlerRegistry()
  for (const { names, factory } of BUILT_IN_HANDLERS) {
    for (const name of names) registry.register(name, factory)
  }
  return registry
}
