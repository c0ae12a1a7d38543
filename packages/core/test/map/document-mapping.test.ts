import { describe, expect, it } from 'vitest'
import { DocumentMapper, type TableMapping } from '../../src/map/document-mapping.js'
import { column, mapRules, required, schema, table } from './schema-fixtures.js'

const rules = mapRules(
  `<document_rules>
     <ignore><document>*_idx</document></ignore>
     <rename><document>sales_flat_order</document><to>sales_order</to></rename>
     <rename><document>core_store</document><to>store</to></rename>
   </document_rules>
   <field_rules>
     <ignore><field>sales_flat_order.is_nominal</field></ignore>
     <ignore><field>*.entity_type_id</field></ignore>
     <move><field>sales_flat_order.hidden_tax_amount</field><to>sales_order.discount_tax_compensation_amount</to></move>
     <move><field>sales_flat_order.cc_last4</field><to>sales_order.increment_id</to></move>
     <move><field>sales_flat_order.gone</field><to>sales_order.no_such_column</to></move>
     <move><field>sales_flat_order.elsewhere</field><to>quote.elsewhere</to></move>
     <transform><field>sales_flat_order.*_json</field><handler class="wild"/></transform>
     <transform><field>sales_flat_order.options_json</field><handler class="exact"/></transform>
   </field_rules>`,
  `<document_rules><ignore><document>store</document></ignore></document_rules>
   <field_rules>
     <ignore><field>sales_order.blocked</field></ignore>
     <ignore><field>sales_order.send_email</field></ignore>
     <transform><field>sales_order.send_email</field><handler class="setValue"/></transform>
     <transform><field>sales_order.customer_note_notify</field><handler class="setValue"/></transform>
     <transform><field>sales_order.increment_id</field><handler class="upper"/></transform>
   </field_rules>`,
)

const source = schema(
  table('m1_sales_flat_order', [
    column('entity_id'),
    column('entity_type_id'),
    column('Increment_ID'),
    column('hidden_tax_amount'),
    column('cc_last4'),
    column('is_nominal'),
    column('legacy_only'),
    column('blocked'),
    column('total'),
    column('gone'),
    column('elsewhere'),
    column('options_json'),
    column('other_json'),
  ]),
  table('m1_catalog_idx', [column('id')]),
  table('m1_sales_flat_invoice', [column('entity_id')]),
)
const destination = schema(
  table('m2_sales_order', [
    column('entity_id', { autoIncrement: true, nullable: false, hasDefault: false }),
    column('increment_id'),
    column('discount_tax_compensation_amount'),
    column('blocked'),
    column('total', { generated: true }),
    required('send_email'),
    column('customer_note_notify'),
    column('options_json'),
    column('other_json'),
    column('m2_only'),
  ]),
)
const mapper = new DocumentMapper(rules, {
  sourceSchema: source,
  destinationSchema: destination,
  sourcePrefix: 'm1_',
  destPrefix: 'm2_',
})

function mapped(name: string): TableMapping {
  const resolution = mapper.resolve(name)
  if (resolution.kind !== 'mapped') throw new Error(`expected ${name} to be mapped, got ${resolution.kind}`)
  return resolution.mapping
}

describe('DocumentMapper.documentFate', () => {
  it('ignores, renames or keeps a table, by unprefixed name', () => {
    expect(mapper.documentFate('catalog_product_idx')).toMatchObject({
      kind: 'ignored',
      side: 'source',
      rule: { pattern: '*_idx' },
    })
    expect(mapper.documentFate('sales_flat_order')).toMatchObject({
      kind: 'mapped',
      destinationTable: 'sales_order',
      rename: { to: 'sales_order' },
    })
    expect(mapper.documentFate('sales_flat_invoice')).toEqual({
      kind: 'mapped',
      destinationTable: 'sales_flat_invoice',
    })
    // Case-sensitive like MySQL on Linux: the rename names another table.
    expect(mapper.documentFate('SALES_FLAT_ORDER')).toEqual({ kind: 'mapped', destinationTable: 'SALES_FLAT_ORDER' })
  })

  it('ignores a table whose destination is ignored in <destination>', () => {
    expect(mapper.documentFate('core_store')).toMatchObject({
      kind: 'ignored',
      side: 'destination',
      destinationTable: 'store',
      rule: { pattern: 'store' },
    })
  })
})

describe('DocumentMapper.resolve', () => {
  it('reports a table missing from the live source schema as absent, using the prefix', () => {
    expect(mapper.resolve('sales_flat_quote')).toEqual({
      kind: 'absent',
      sourceTable: 'sales_flat_quote',
      sourcePhysicalTable: 'm1_sales_flat_quote',
    })
    const unprefixed = new DocumentMapper(rules, { sourceSchema: source, destinationSchema: destination })
    expect(unprefixed.resolve('sales_flat_order').kind).toBe('absent')
    expect(mapper.resolve('catalog_idx')).toMatchObject({ kind: 'ignored', sourceTable: 'catalog_idx' })
  })

  it('gives every source column its fate', () => {
    const mapping = mapped('sales_flat_order')
    expect(mapping).toMatchObject({
      sourceTable: 'sales_flat_order',
      destinationTable: 'sales_order',
      sourcePhysicalTable: 'm1_sales_flat_order',
      destinationPhysicalTable: 'm2_sales_order',
    })
    const fates = Object.fromEntries(mapping.sourceColumns.map((fate) => [fate.column, fate]))
    expect(mapping.sourceColumns.map((fate) => fate.column)).toEqual(
      source.get('m1_sales_flat_order')?.columns.map((c) => c.name),
    )
    expect(fates.entity_id).toEqual({ kind: 'copied', column: 'entity_id', to: 'entity_id' })
    expect(fates.entity_type_id).toMatchObject({ kind: 'ignored', rule: { pattern: '*.entity_type_id' } })
    expect(fates.is_nominal).toMatchObject({ kind: 'ignored', rule: { pattern: 'sales_flat_order.is_nominal' } })
    expect(fates.hidden_tax_amount).toMatchObject({ kind: 'moved', to: 'discount_tax_compensation_amount' })
    // The move into increment_id wins over the same-named (case-insensitive) column.
    expect(fates.cc_last4).toMatchObject({ kind: 'moved', to: 'increment_id' })
    expect(fates.Increment_ID).toEqual({
      kind: 'unmapped',
      column: 'Increment_ID',
      reason: 'sales_order.increment_id is already filled from sales_flat_order.cc_last4',
    })
    expect(fates.legacy_only).toEqual({
      kind: 'unmapped',
      column: 'legacy_only',
      reason: 'm2_sales_order has no column legacy_only',
    })
    expect(fates.blocked).toMatchObject({
      kind: 'unmapped',
      reason: 'sales_order.blocked is ignored in <destination> at map.xml:17:14',
    })
    expect(fates.total).toMatchObject({ kind: 'unmapped', reason: 'sales_order.total is a generated column' })
    expect(fates.gone).toMatchObject({
      kind: 'unmapped',
      reason: 'm2_sales_order has no column no_such_column',
      move: { to: 'sales_order.no_such_column' },
    })
    expect(fates.elsewhere).toMatchObject({
      kind: 'unmapped',
      reason: 'move target quote.elsewhere is not in sales_order, the table sales_flat_order maps to',
    })
    // An exact transform beats a wildcard one, whatever the order in map.xml.
    expect(fates.options_json).toMatchObject({
      kind: 'copied',
      to: 'options_json',
      transform: { handler: { name: 'exact' } },
    })
    expect(fates.other_json).toMatchObject({
      kind: 'copied',
      to: 'other_json',
      transform: { handler: { name: 'wild' } },
    })
  })

  it('gives every destination column its fate, in destination order', () => {
    const fates = mapped('sales_flat_order').destinationColumns
    expect(fates.map((fate) => [fate.column, fate.kind])).toEqual([
      ['entity_id', 'filled'],
      ['increment_id', 'filled'],
      ['discount_tax_compensation_amount', 'filled'],
      ['blocked', 'ignored'],
      ['total', 'generated'],
      // Ignored in <destination> wins over a transform of the same column, as upstream.
      ['send_email', 'ignored'],
      ['customer_note_notify', 'transformed'],
      ['options_json', 'filled'],
      ['other_json', 'filled'],
      ['m2_only', 'unfilled'],
    ])
    expect(fates[1]).toMatchObject({ kind: 'filled', from: 'cc_last4', transform: { handler: { name: 'upper' } } })
    expect(fates[2]).toEqual({ kind: 'filled', column: 'discount_tax_compensation_amount', from: 'hidden_tax_amount' })
    expect(fates[6]).toMatchObject({ transform: { handler: { name: 'setValue' } } })
  })

  it('leaves every column unmapped when the destination table does not exist', () => {
    const mapping = mapped('sales_flat_invoice')
    expect(mapping.destination).toBeUndefined()
    expect(mapping.destinationColumns).toEqual([])
    expect(mapping.sourceColumns).toEqual([
      { kind: 'unmapped', column: 'entity_id', reason: 'destination table m2_sales_flat_invoice does not exist' },
    ])
  })
})
