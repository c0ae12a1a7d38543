import { describe, expect, it } from 'vitest'
import { UsageError } from '../../../src/errors/mig-error.js'
import {
  FieldHandlerError,
  FieldHandlerRegistry,
  createDefaultHandlerRegistry,
  type FieldHandler,
} from '../../../src/map/handlers/index.js'

const context = (value: string | null, row: Record<string, string | null> = {}) => ({
  value,
  row: { ...row, value },
  table: 't',
  field: 'f',
})

describe('FieldHandlerRegistry', () => {
  const registry = createDefaultHandlerRegistry()

  it('resolves built-ins by short name and by upstream class name, with or without the leading backslash, in any case', () => {
    for (const name of [
      'serializeToJson',
      '\\Migration\\Handler\\SerializeToJson',
      'Migration\\Handler\\SerializeToJson',
      '\\migration\\handler\\serializetojson',
    ]) {
      expect(registry.has(name)).toBe(true)
      expect(registry.resolve(name, {}, 'map.xml:1:1')(context('a:1:{i:0;s:1:"/";}'))).toBe('["\\/"]')
    }
    expect(registry.resolve('\\Migration\\Handler\\SetValue', { value: '1' }, 'map.xml:2:1')(context('x'))).toBe('1')
    expect(registry.resolve('setValue', { null: 'true' }, 'map.xml:2:1')(context('x'))).toBeNull()
    expect(registry.resolve('\\Migration\\Handler\\ConvertIp', {}, 'map.xml:3:1')(context('127.0.0.1'))).toBe(
      2130706433,
    )
    expect(registry.resolve('convertIp', {}, 'map.xml:3:1')(context('127.0.0.1'))).toBe(2130706433)
    expect(
      registry.resolve(
        '\\Migration\\Handler\\SerializeToJson\\ItemOption',
        {},
        'x',
      )(context('i:1;', { code: 'option_1' })),
    ).toBe('1')
    expect(registry.resolve('serializeToJsonIf', {}, 'x')(context('i:1;', { code: 'info_buyRequest' }))).toBe('1')
    expect(registry.has('\\Migration\\Handler\\SerializeToJson\\ConvertWithConditions')).toBe(true)
    expect(registry.has('\\Migration\\Handler\\SerializeToJson\\SalesOrderItem')).toBe(true)
    expect(registry.has('serializeToJsonProductOptions')).toBe(true)
  })

  it('names the unknown handler and where it is used', () => {
    const error = (() => {
      try {
        registry.resolve('\\Migration\\Handler\\Placeholder', {}, 'etc/map.xml:31:17')
      } catch (caught) {
        return caught
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(UsageError)
    expect((error as UsageError).message).toMatch(
      /^etc\/map\.xml:31:17: unknown field handler "\\Migration\\Handler\\Placeholder"; known handlers: /,
    )
    expect((error as UsageError).message).toContain('serializeToJson')
  })

  it('reports bad params with where', () => {
    expect(() => registry.resolve('\\Migration\\Handler\\SetValue', {}, 'map.xml:9:5')).toThrow(
      new UsageError('map.xml:9:5: handler setValue needs param "value" (or null="true" to write NULL)'),
    )
    expect(() =>
      registry.resolve(
        '\\Migration\\Handler\\SerializeToJson\\ConvertWithConditions',
        { conditionalField: 'code' },
        'map.xml:4:2',
      ),
    ).toThrow(/^map\.xml:4:2: handler .*ConvertWithConditions needs param "conditionalFieldValuesPattern"$/)
  })

  it('lets plugins add handlers, refusing accidental duplicates', () => {
    const own = new FieldHandlerRegistry()
    const upper: FieldHandler = ({ value }) => (typeof value === 'string' ? value.toUpperCase() : value)
    own.register('\\Vendor\\Handler\\Upper', () => upper)
    expect(own.resolve('Vendor\\Handler\\Upper', {}, 'x')(context('abc'))).toBe('ABC')
    expect(() => own.register('\\vendor\\handler\\upper', () => upper)).toThrow(UsageError)
    own.register('\\vendor\\handler\\upper', () => () => 'replaced', { replace: true })
    expect(own.resolve('\\Vendor\\Handler\\Upper', {}, 'x')(context('abc'))).toBe('replaced')
    expect(own.names()).toEqual(['\\vendor\\handler\\upper'])
    const fresh = createDefaultHandlerRegistry()
    expect(fresh.has('\\Vendor\\Handler\\Upper')).toBe(false)
  })

  it('lets a handler error reach the caller as a FieldHandlerError with a reason', () => {
    const handler = registry.resolve('serializeToJson', { onInvalid: 'error' }, 'x')
    expect(() => handler(context('not serialized'))).toThrow(FieldHandlerError)
    try {
      handler(context('not serialized'))
    } catch (error) {
      expect((error as FieldHandlerError).name).toBe('FieldHandlerError')
      expect((error as FieldHandlerError).reason).toMatch(/^neither PHP-serialized data nor JSON/)
    }
  })
})
