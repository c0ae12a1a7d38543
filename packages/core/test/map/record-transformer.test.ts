import { describe, expect, it } from 'vitest'
import type { SqlValue } from '../../src/db/sql-value.js'
import { UsageError } from '../../src/errors/mig-error.js'
import {
  FieldHandlerError,
  FieldHandlerRegistry,
  reading,
  type FieldHandlerContext,
} from '../../src/map/handlers/index.js'
import { RecordTransformer } from '../../src/map/record-transformer.js'
import { column, mapRules, required, schema, table } from './schema-fixtures.js'

const rules = mapRules(
  `<document_rules>
     <rename><document>sales_flat_order</document><to>sales_order</to></rename>
     <ignore><document>admin_assert</document></ignore>
   </document_rules>
   <field_rules>
     <ignore><field>sales_flat_order.is_nominal</field></ignore>
     <move><field>sales_flat_order.hidden_tax_amount</field><to>sales_order.discount_tax_compensation_amount</to></move>
     <transform><field>sales_flat_order.note</field><handler class="upper"/></transform>
     <transform><field>sales_flat_order.weird</field><handler class="digitsOnly"/></transform>
   </field_rules>`,
  `<field_rules>
     <transform><field>sales_order.send_email</field><handler class="setTo"><param name="value" value="1"/></handler></transform>
     <transform><field>sales_order.note</field><handler class="suffix"/></transform>
     <transform><field>sales_order.checked</field><handler class="refuseWhenNoteIs"><param name="note" value="BAD!"/></handler></transform>
   </field_rules>`,
)

const sourceSchema = schema(
  table(
    'm1_sales_flat_order',
    [
      column('entity_id'),
      column('increment_id'),
      column('created_at'),
      column('grand_total'),
      column('big'),
      column('hidden_tax_amount'),
      column('is_nominal'),
      column('blob'),
      column('note'),
      column('weird'),
      column('total'),
      column('legacy'),
    ],
    ['entity_id'],
  ),
  table('m1_admin_assert', [column('id')]),
  table('m1_orphan', [column('id')]),
)
const destinationSchema = schema(
  table(
    'm2_sales_order',
    [
      column('entity_id', { autoIncrement: true, nullable: false, hasDefault: false }),
      column('increment_id'),
      column('created_at'),
      column('grand_total'),
      column('big'),
      column('discount_tax_compensation_amount'),
      column('blob'),
      column('note'),
      column('weird'),
      column('total', { generated: true }),
      required('send_email'),
      column('checked'),
      column('m2_only'),
    ],
    ['entity_id'],
  ),
)

const calls: FieldHandlerContext[] = []

function registry(): FieldHandlerRegistry {
  const handlers = new FieldHandlerRegistry()
  handlers.register('upper', () => (context) => {
    calls.push(context)
    return typeof context.value === 'string' ? context.value.toUpperCase() : context.value
  })
  handlers.register('digitsOnly', () => ({ value }) => {
    if (typeof value === 'string' && !/^[0-9]+$/.test(value)) throw new FieldHandlerError(`"${value}" is not a number`)
    return value
  })
  handlers.register('setTo', (params) => () => params.value ?? null)
  handlers.register(
    'suffix',
    () =>
      ({ value }) =>
        typeof value === 'string' ? `${value}!` : value,
  )
  handlers.register('refuseWhenNoteIs', (params) => ({ row }) => {
    if (row.note === params.note) throw new FieldHandlerError('note refused\nover two lines')
    return 'ok'
  })
  return handlers
}

function create(sourceTable = 'sales_flat_order'): RecordTransformer {
  return RecordTransformer.create({
    rules,
    sourceSchema,
    destinationSchema,
    sourcePrefix: 'm1_',
    destPrefix: 'm2_',
    sourceTable,
    registry: registry(),
  })
}

function transformed(transformer: RecordTransformer, row: Record<string, SqlValue>): Record<string, SqlValue> {
  const result = transformer.transform(row)
  if (!('row' in result)) throw new Error(`row rejected: ${result.rejected}`)
  return result.row
}

const blob = Buffer.from([0x00, 0xff, 0x80, 0x0a, 0x27])
const fullRow = (): Record<string, SqlValue> => ({
  entity_id: 7,
  increment_id: '100000007',
  created_at: '0000-00-00 00:00:00',
  grand_total: '1.0000',
  big: '12345678901234567890',
  hidden_tax_amount: '0.5000',
  is_nominal: 0,
  blob,
  note: 'gift',
  weird: '42',
  total: '99.0000',
  legacy: 'x',
})

describe('RecordTransformer', () => {
  it('writes only live, non-generated destination columns, in destination order', () => {
    const transformer = create()
    expect(transformer.sourceTable).toBe('sales_flat_order')
    expect(transformer.destinationTable).toBe('sales_order')
    expect(transformer.destinationColumns).toEqual([
      'entity_id',
      'increment_id',
      'created_at',
      'grand_total',
      'big',
      'discount_tax_compensation_amount',
      'blob',
      'note',
      'weird',
      'send_email',
      'checked',
    ])
  })

  it('copies values byte for byte, renames moved columns and drops ignored and unmapped ones', () => {
    calls.length = 0
    const row = transformed(create(), fullRow())
    expect(Object.keys(row)).toEqual(create().destinationColumns)
    expect(row).toEqual({
      entity_id: 7,
      increment_id: '100000007',
      created_at: '0000-00-00 00:00:00',
      grand_total: '1.0000',
      big: '12345678901234567890',
      discount_tax_compensation_amount: '0.5000',
      blob,
      note: 'GIFT!',
      weird: '42',
      send_email: '1',
      checked: 'ok',
    })
    // Not converted on the way: the very same string and Buffer values.
    expect(row.created_at).toBe('0000-00-00 00:00:00')
    expect(row.grand_total).toBe('1.0000')
    expect(row.big).toBe('12345678901234567890')
    expect(row.blob).toBe(blob)
    expect(Buffer.compare(row.blob as Buffer, Buffer.from([0x00, 0xff, 0x80, 0x0a, 0x27]))).toBe(0)
    expect(row).not.toHaveProperty('hidden_tax_amount')
    expect(row).not.toHaveProperty('is_nominal')
    expect(row).not.toHaveProperty('legacy')
    expect(row).not.toHaveProperty('total')
    expect(row).not.toHaveProperty('m2_only')
  })

  it('keeps bigint, number and NULL values as they are', () => {
    const row = transformed(create(), { ...fullRow(), entity_id: 9007199254740993n, grand_total: null, big: 1.5 })
    expect(row.entity_id).toBe(9007199254740993n)
    expect(row.grand_total).toBeNull()
    expect(row.big).toBe(1.5)
  })

  it('gives a source handler the source table, field, value and row', () => {
    calls.length = 0
    const input = fullRow()
    transformed(create(), input)
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ value: 'gift', table: 'sales_flat_order', field: 'note' })
    expect(calls[0]?.row).toBe(input)
  })

  it('sets a row aside when a handler refuses its value, naming table.field and the reason', () => {
    const transformer = create()
    expect(transformer.transform({ ...fullRow(), weird: 'abc' })).toEqual({
      rejected: 'sales_flat_order.weird: "abc" is not a number',
    })
    // Destination transforms see the destination row; a multi-line reason becomes one line.
    expect(transformer.transform({ ...fullRow(), note: 'bad' })).toEqual({
      rejected: 'sales_order.checked: note refused over two lines',
    })
  })

  it('lets other handler errors through: they are bugs, not bad rows', () => {
    const handlers = registry()
    handlers.register('broken', () => () => {
      throw new TypeError('boom')
    })
    const broken = mapRules(
      '',
      '<field_rules><transform><field>t.a</field><handler class="broken"/></transform></field_rules>',
    )
    const transformer = RecordTransformer.create({
      rules: broken,
      sourceSchema: schema(table('t', [column('a')])),
      destinationSchema: schema(table('t', [column('a')])),
      sourceTable: 't',
      registry: handlers,
    })
    expect(() => transformer.transform({ a: 1 })).toThrow(TypeError)
  })

  it('leaves out source columns missing from the row instead of writing NULL', () => {
    const row = transformed(create(), { entity_id: 7, note: 'x' })
    expect(row).toEqual({ entity_id: 7, note: 'X!', send_email: '1', checked: 'ok' })
  })

  it('handles a column called __proto__ as a plain column', () => {
    const odd = schema(table('odd', [column('__proto__'), column('id')]))
    const transformer = RecordTransformer.create({
      rules: mapRules(''),
      sourceSchema: odd,
      destinationSchema: odd,
      sourceTable: 'odd',
      registry: registry(),
    })
    const input: Record<string, SqlValue> = { id: 1 }
    Object.defineProperty(input, '__proto__', { value: 'v', enumerable: true, writable: true, configurable: true })
    const row = transformed(transformer, input)
    // Rows have no prototype, so the column can never reach Object.prototype.
    expect(Object.getPrototypeOf(row)).toBeNull()
    expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe('v')
    expect(Object.keys(row)).toEqual(['__proto__', 'id'])
  })

  it('maps source key columns to destination columns, following moves', () => {
    const transformer = create()
    expect(transformer.keyMapping(['entity_id'])).toEqual(['entity_id'])
    expect(transformer.keyMapping(['ENTITY_ID', 'hidden_tax_amount'])).toEqual([
      'entity_id',
      'discount_tax_compensation_amount',
    ])
    expect(() => transformer.keyMapping(['is_nominal'])).toThrow(
      /^key column sales_flat_order\.is_nominal has no destination column \(it is ignored at map\.xml:6:14\); a key must reach Magento 2, fix map\.xml$/,
    )
    expect(() => transformer.keyMapping(['legacy'])).toThrow(
      /has no destination column \(m2_sales_order has no column legacy\)/,
    )
    expect(() => transformer.keyMapping(['nope'])).toThrow(UsageError)
  })

  it('refuses tables it cannot transform and unknown handlers, up front', () => {
    expect(() => create('admin_assert')).toThrow(/^admin_assert is ignored by map\.xml at map\.xml:3:14/)
    expect(() => create('sales_flat_quote')).toThrow(/^source table m1_sales_flat_quote does not exist/)
    expect(() => create('orphan')).toThrow(
      /^m1_orphan maps to m2_orphan, which does not exist in the destination database/,
    )
    const unknown = mapRules(
      '<field_rules><transform><field>t.a</field><handler class="\\Nope\\Handler"/></transform></field_rules>',
    )
    const t = schema(table('t', [column('a')]))
    expect(() =>
      RecordTransformer.create({
        rules: unknown,
        sourceSchema: t,
        destinationSchema: t,
        sourceTable: 't',
        registry: registry(),
      }),
    ).toThrow(UsageError)
  })
})

describe('RecordTransformer.lineSplit', () => {
  const sourceOnly = (handler: string): ReturnType<typeof mapRules> =>
    mapRules(
      `<document_rules><rename><document>sales_flat_order</document><to>sales_order</to></rename></document_rules>
       <field_rules>
         <ignore><field>sales_flat_order.is_nominal</field></ignore>
         <move><field>sales_flat_order.hidden_tax_amount</field><to>sales_order.discount_tax_compensation_amount</to></move>
         <transform><field>sales_flat_order.note</field><handler class="${handler}"/></transform>
       </field_rules>`,
      `<field_rules><ignore><field>sales_order.send_email</field></ignore><ignore><field>sales_order.checked</field></ignore><ignore><field>sales_order.m2_only</field></ignore></field_rules>`,
    )
  const handlers = (): FieldHandlerRegistry => {
    const registered = registry()
    registered.register('upperValueOnly', () =>
      reading([], ({ value }) => (typeof value === 'string' ? value.toUpperCase() : value)),
    )
    registered.register('noteWithNumber', () =>
      reading(['increment_id'], ({ value, row }) => `${String(value)}#${String(row.increment_id)}`),
    )
    return registered
  }
  const split = (handler: string, rules = sourceOnly(handler)): ReturnType<RecordTransformer['lineSplit']> =>
    RecordTransformer.create({
      rules,
      sourceSchema,
      destinationSchema,
      sourcePrefix: 'm1_',
      destPrefix: 'm2_',
      sourceTable: 'sales_flat_order',
      registry: handlers(),
    }).lineSplit()

  it('leaves plain columns to the server and names the handled ones with what their handlers read', () => {
    const declared = split('noteWithNumber')
    expect(declared?.handled).toEqual(['note'])
    expect(declared?.reads).toEqual(['note', 'increment_id'])
    expect(declared?.plain).toContainEqual({ to: 'discount_tax_compensation_amount', from: 'hidden_tax_amount' })
    expect(declared?.plain.map((column) => column.to)).not.toContain('note')
    expect(split('upperValueOnly')?.reads).toEqual(['note'])
  })

  it('computes a handled column from the values it reads alone', () => {
    const transformer = RecordTransformer.create({
      rules: sourceOnly('noteWithNumber'),
      sourceSchema,
      destinationSchema,
      sourcePrefix: 'm1_',
      destPrefix: 'm2_',
      sourceTable: 'sales_flat_order',
      registry: handlers(),
    })
    expect(transformer.handledValues({ entity_id: 7, note: 'gift', increment_id: '100000007' })).toEqual({
      values: ['gift#100000007'],
    })
    expect(transformed(transformer, { entity_id: 7, note: 'gift', increment_id: '100000007' })).toEqual({
      entity_id: 7,
      increment_id: '100000007',
      note: 'gift#100000007',
    })
  })

  it('sets a row aside when a handled column is refused, as transform does', () => {
    const transformer = create()
    expect(transformer.handledValues({ note: 'x', weird: 'abc' })).toEqual({
      rejected: 'sales_flat_order.weird: "abc" is not a number',
    })
  })

  it('is undefined where rows must be transformed whole: a handler that does not say what it reads, or any destination handler', () => {
    expect(split('upper')).toBeUndefined()
    expect(create().lineSplit()).toBeUndefined()
  })
})
