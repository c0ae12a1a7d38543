import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/errors/mig-error.js'
import type { MapRules } from '../../src/interfaces/map.js'
import { FieldHandlerRegistry } from '../../src/map/handlers/index.js'
import { checkIntegrity } from '../../src/map/integrity-check.js'
import { column, mapRules, required, schema, table } from './schema-fixtures.js'

function registry(): FieldHandlerRegistry {
  const handlers = new FieldHandlerRegistry()
  handlers.register('setTo', (params) => {
    if (params.value === undefined) throw new UsageError('handler setTo needs param "value"')
    return () => params.value ?? null
  })
  return handlers
}

const sourceSchema = schema(
  table('m1_sales_flat_order', [
    column('entity_id'),
    column('status'),
    column('hidden_tax_amount'),
    column('is_nominal'),
  ]),
  table('m1_sales_flat_invoice', [column('entity_id')]),
)
const destinationSchema = schema(
  table('sales_order', [
    column('entity_id', { nullable: false, hasDefault: false, autoIncrement: true }),
    column('status'),
    column('discount_tax_compensation_amount'),
    required('send_email'),
    required('customer_note_notify'),
    required('store_name'),
    required('computed', { generated: true }),
    column('nullable_extra'),
    column('with_default', { nullable: false, hasDefault: true, defaultValue: '0' }),
  ]),
  table('sales_invoice', [column('entity_id')]),
)

const cleanRules = mapRules(
  `<document_rules>
     <rename><document>sales_flat_order</document><to>sales_order</to></rename>
     <rename><document>sales_flat_invoice</document><to>sales_invoice</to></rename>
   </document_rules>
   <field_rules>
     <ignore><field>sales_flat_order.is_nominal</field></ignore>
     <move><field>sales_flat_order.hidden_tax_amount</field><to>sales_order.discount_tax_compensation_amount</to></move>
   </field_rules>`,
  `<field_rules>
     <ignore><field>sales_order.send_email</field></ignore>
     <transform><field>sales_order.customer_note_notify</field><handler class="setTo"><param name="value" value="1"/></handler></transform>
     <transform><field>sales_order.store_name</field><handler class="setTo"><param name="value" value="Default"/></handler></transform>
   </field_rules>`,
)

function check(rules: MapRules, tables = ['sales_flat_order', 'sales_flat_invoice']) {
  return checkIntegrity({
    rules,
    sourceSchema,
    destinationSchema,
    sourcePrefix: 'm1_',
    destPrefix: '',
    tables,
    registry: registry(),
  })
}

describe('checkIntegrity', () => {
  it('passes a map that accounts for every column', () => {
    expect(check(cleanRules)).toEqual({ problems: [], skipped: [], ignored: [] })
  })

  it('skips tables the live source does not have and lists ignored ones', () => {
    const rules = mapRules('<document_rules><ignore><document>*_idx</document></ignore></document_rules>')
    const report = check(
      { ...cleanRules, source: { ...cleanRules.source, ignoredDocuments: rules.source.ignoredDocuments } },
      ['sales_flat_order', 'sales_flat_quote', 'catalog_product_idx', 'sales_flat_quote'],
    )
    expect(report).toEqual({ problems: [], skipped: ['sales_flat_quote'], ignored: ['catalog_product_idx'] })
  })

  it('reports a mapped table whose destination table does not exist', () => {
    const rules = mapRules(
      '<document_rules><rename><document>sales_flat_invoice</document><to>sales_invoices</to></rename></document_rules>',
    )
    const report = check(rules, ['sales_flat_invoice'])
    expect(report.problems).toEqual([
      {
        kind: 'missing-destination-table',
        table: 'sales_flat_invoice',
        message:
          'm1_sales_flat_invoice maps to sales_invoices (renamed at map.xml:1:30), which does not exist in the destination database; ' +
          'install the Magento 2 module that creates it, fix dest_prefix or the <rename>, or add <ignore><document>sales_flat_invoice</document></ignore> to map.xml',
      },
    ])
  })

  it('reports a source column with nowhere to go', () => {
    const rules: MapRules = { ...cleanRules, source: { ...cleanRules.source, ignoredFields: [] } }
    expect(check(rules).problems).toEqual([
      {
        kind: 'unmapped-source-column',
        table: 'sales_flat_order',
        field: 'is_nominal',
        message:
          'm1_sales_flat_order.is_nominal has no destination column (sales_order has no column is_nominal); ' +
          'add <move><field>sales_flat_order.is_nominal</field><to>sales_order.…</to></move> or <ignore><field>sales_flat_order.is_nominal</field></ignore> to the <source> rules of map.xml',
      },
    ])
  })

  it('reports a move whose target does not exist', () => {
    const typo = mapRules(
      '<field_rules><move><field>sales_flat_order.hidden_tax_amount</field><to>sales_order.discount_tax_compensation_amnt</to></move></field_rules>',
    )
    const rules: MapRules = { ...cleanRules, source: { ...cleanRules.source, moves: typo.source.moves } }
    expect(check(rules).problems).toEqual([
      {
        kind: 'missing-move-target',
        table: 'sales_flat_order',
        field: 'hidden_tax_amount',
        message:
          'map.xml:1:27: sales_flat_order.hidden_tax_amount is moved to sales_order.discount_tax_compensation_amnt, ' +
          'but sales_order has no column discount_tax_compensation_amnt; fix the <to> of the move or ignore the column',
      },
    ])
  })

  it('reports required destination columns that nothing fills', () => {
    const rules: MapRules = {
      ...cleanRules,
      destination: { ...cleanRules.destination, ignoredFields: [], transforms: [] },
    }
    const problems = check(rules).problems
    // Not entity_id (auto_increment), computed (generated), nullable_extra (nullable), with_default (default).
    expect(problems.map((p) => [p.kind, p.table, p.field])).toEqual([
      ['unfilled-destination-column', 'sales_order', 'send_email'],
      ['unfilled-destination-column', 'sales_order', 'customer_note_notify'],
      ['unfilled-destination-column', 'sales_order', 'store_name'],
    ])
    expect(problems[0]?.message).toBe(
      'sales_order.send_email is NOT NULL without a default and nothing in m1_sales_flat_order fills it; ' +
        '<move> a source column to it, fill it with a <destination> <transform> (e.g. \\Migration\\Handler\\SetValue), ' +
        'or add <ignore><field>sales_order.send_email</field></ignore> to the <destination> rules of map.xml',
    )
  })

  it('counts a same-named or moved source column as filling a required column', () => {
    const destination = schema(table('t', [required('a'), required('b')]))
    const rules = mapRules('<field_rules><move><field>t.x</field><to>t.b</to></move></field_rules>')
    const report = checkIntegrity({
      rules,
      sourceSchema: schema(table('t', [column('a'), column('x')])),
      destinationSchema: destination,
      tables: ['t'],
      registry: registry(),
    })
    expect(report.problems).toEqual([])
  })

  it('reports unknown handlers and bad handler params wherever they are in map.xml', () => {
    const bad = mapRules(
      '<field_rules><transform><field>other_table.x</field><handler class="\\Migration\\Handler\\Nope"/></transform></field_rules>',
      '<field_rules><transform><field>sales_order.store_name</field><handler class="setTo"/></transform></field_rules>',
    )
    const rules: MapRules = {
      ...cleanRules,
      source: { ...cleanRules.source, transforms: bad.source.transforms },
      destination: {
        ...cleanRules.destination,
        transforms: [...cleanRules.destination.transforms, ...bad.destination.transforms],
      },
    }
    const problems = check(rules).problems
    expect(problems).toHaveLength(2)
    expect(problems[0]).toEqual({
      kind: 'unknown-handler',
      table: 'other_table',
      field: 'x',
      message:
        'map.xml:1:66: unknown field handler "\\Migration\\Handler\\Nope" for other_table.x; fix the class name or install the plugin that provides it',
    })
    expect(problems[1]).toMatchObject({ kind: 'bad-handler-params', table: 'sales_order', field: 'store_name' })
    expect(problems[1]?.message).toContain('needs param "value"')
    expect(problems[1]?.message).not.toContain('\n')
  })
})
