import type { SqlRow } from '../../db/sql-value.js'
import { convertSerialized } from '../../map/handlers/serialize-to-json.js'
import { MAGENTO2_ATTRIBUTE_COLUMNS, MAGENTO2_EXTRA_COLUMNS, MERCHANT_ATTRIBUTE_COLUMNS } from './attribute-policy.js'
import { configurableApplyTo } from './configurable-apply-to.js'
import type { KindMatch } from './eav-matching.js'
import { tableOf, type EavSnapshot, type ExtraTable } from './eav-snapshot.js'
import { translateModelColumns } from './model-columns.js'
import { idOf, textOf } from './row-values.js'
import type { EavWarning, UntranslatedModel } from './types.js'
import { commonColumns, project, type TableWrite } from './write-rows.js'

export interface AttributeRowsInput {
  readonly m1: EavSnapshot
  readonly m2: EavSnapshot
  readonly attributes: KindMatch
  /** website_id values Magento 2 has; undefined when unknown. */
  readonly destinationWebsites: ReadonlySet<number> | undefined
  readonly warnings: EavWarning[]
  readonly untranslated: UntranslatedModel[]
}

interface AttributeInfo {
  /** The Magento 1 eav_attribute row. */
  readonly row: SqlRow
  readonly entityType: string
  readonly attributeCode: string
  /** Magento's own attribute (is_user_defined = 0 in Magento 1). */
  readonly system: boolean
  /** The Magento 2 row it was paired with, as read. */
  readonly counterpart: SqlRow | undefined
}

/** Every Magento 1 attribute written, with what decides how its rows are merged. */
export function attributeInfos(input: Pick<AttributeRowsInput, 'm1' | 'attributes'>): Map<number, AttributeInfo> {
  const typeCodes = new Map(
    input.m1.rows.entityType.map((row) => [idOf(row, 'entity_type_id'), textOf(row, 'entity_type_code') ?? '']),
  )
  return new Map(
    input.attributes.written.map((row) => [
      idOf(row, 'attribute_id'),
      {
        row,
        entityType: typeCodes.get(idOf(row, 'entity_type_id')) ?? '',
        attributeCode: textOf(row, 'attribute_code') ?? '',
        system: Number(row['is_user_defined'] ?? 0) === 0,
        counterpart: input.attributes.counterpart.get(idOf(row, 'attribute_id')),
      },
    ]),
  )
}

/**
 * eav_attribute rows: a Magento 1-only attribute is created from Magento 1 (models translated); a
 * matched one keeps Magento 2's code-facing columns and takes the merchant's (attribute-policy.ts).
 */
export function attributeWrite(input: AttributeRowsInput, infos: ReadonlyMap<number, AttributeInfo>): TableWrite {
  const m1Table = tableOf(input.m1, 'eav_attribute')
  const m2Table = tableOf(input.m2, 'eav_attribute')
  if (m1Table === undefined || m2Table === undefined) throw new Error('eav_attribute missing')
  const columns = commonColumns(m1Table, m2Table)
  const rows = input.attributes.written.map((m1Row) => {
    const info = infos.get(idOf(m1Row, 'attribute_id'))
    const base = project(m1Row, columns)
    if (info?.counterpart === undefined) {
      if (info?.system) {
        input.warnings.push({
          kind: 'magento1-only-system-attribute',
          message: `${info.entityType} attribute ${info.attributeCode} (attribute_id ${idOf(m1Row, 'attribute_id')}) is Magento 1's own and Magento 2 has no such attribute: created so its values can be copied; review or delete it in Magento 2`,
        })
      }
      return {
        row: translateModelColumns(
          'eav_attribute',
          base,
          info ?? { entityType: '', attributeCode: '' },
          input.untranslated,
        ),
        exists: false,
      }
    }
    const merged: SqlRow = { ...base }
    const keepMagento2 = [
      ...MAGENTO2_ATTRIBUTE_COLUMNS,
      ...(info.system ? MERCHANT_ATTRIBUTE_COLUMNS.filter((column) => column !== 'frontend_label') : []),
    ]
    for (const column of columns) if (keepMagento2.includes(column)) merged[column] = info.counterpart[column] ?? null
    if (info.system && (textOf(base, 'frontend_label') ?? '').trim() === '')
      merged['frontend_label'] = info.counterpart['frontend_label'] ?? null
    return { row: merged, exists: true }
  })
  return { table: m2Table, keyColumns: m2Table.primaryKey, columns, rows }
}

/**
 * catalog_eav_attribute / customer_eav_attribute rows of every written Magento 1 attribute: columns
 * both sides have come from Magento 1 except those Magento 2 keeps (attribute-policy.ts); Magento
 * 2-only columns keep their values, or take their defaults on new rows. Magento 1's is_configurable
 * lives on in apply_to (configurable-apply-to.ts).
 */
export function extraWrite(
  table: 'catalog_eav_attribute' | 'customer_eav_attribute',
  input: AttributeRowsInput,
  infos: ReadonlyMap<number, AttributeInfo>,
): TableWrite | undefined {
  const m1Table = tableOf(input.m1, table)
  const m2Table = tableOf(input.m2, table)
  if (m1Table === undefined || m2Table === undefined) return undefined
  const columns = commonColumns(m1Table, m2Table)
  const m2Rows = new Map((input.m2.extras.get(table) ?? []).map((row) => [idOf(row, 'attribute_id'), row]))
  const policy = MAGENTO2_EXTRA_COLUMNS[table] ?? { always: [], system: [] }
  const rows = extraRowsOf(table, input.m1).flatMap((m1Row) => {
    const info = infos.get(idOf(m1Row, 'attribute_id'))
    if (info === undefined) return []
    const base = project(m1Row, columns)
    const m2Row = info.counterpart === undefined ? undefined : m2Rows.get(idOf(info.counterpart, 'attribute_id'))
    const keep = m2Row === undefined ? [] : [...policy.always, ...(info.system ? policy.system : [])]
    const applyTo =
      table === 'catalog_eav_attribute' && columns.includes('apply_to') && !keep.includes('apply_to')
        ? configurableApplyTo(m1Row, info.row)
        : undefined
    if (applyTo !== undefined) base['apply_to'] = applyTo
    if (m2Row !== undefined) {
      for (const column of columns) if (keep.includes(column)) base[column] = m2Row[column] ?? null
      return [{ row: base, exists: true }]
    }
    const translated = translateModelColumns(table, base, info, input.untranslated)
    if (table === 'customer_eav_attribute' && 'validate_rules' in translated)
      translated['validate_rules'] = validateRulesJson(translated, info, input.warnings)
    return [{ row: translated, exists: false }]
  })
  return { table: m2Table, keyColumns: m2Table.primaryKey, columns, rows }
}

/** Per-website overrides of customer attributes, for websites Magento 2 has. */
export function websiteWrite(
  input: AttributeRowsInput,
  infos: ReadonlyMap<number, AttributeInfo>,
): TableWrite | undefined {
  const table: ExtraTable = 'customer_eav_attribute_website'
  const m1Table = tableOf(input.m1, table)
  const m2Table = tableOf(input.m2, table)
  if (m1Table === undefined || m2Table === undefined) return undefined
  const columns = commonColumns(m1Table, m2Table)
  const existing = new Set(
    (input.m2.extras.get(table) ?? []).map((row) => `${idOf(row, 'attribute_id')}/${idOf(row, 'website_id')}`),
  )
  const missing = new Map<number, number>()
  const rows = extraRowsOf(table, input.m1).flatMap((m1Row) => {
    const info = infos.get(idOf(m1Row, 'attribute_id'))
    if (info === undefined) return []
    const website = idOf(m1Row, 'website_id')
    if (input.destinationWebsites !== undefined && !input.destinationWebsites.has(website)) {
      missing.set(website, (missing.get(website) ?? 0) + 1)
      return []
    }
    const exists =
      info.counterpart !== undefined && existing.has(`${idOf(info.counterpart, 'attribute_id')}/${website}`)
    return [{ row: project(m1Row, columns), exists }]
  })
  for (const [website, count] of missing) {
    input.warnings.push({
      kind: 'missing-website',
      message: `${table}: ${count} Magento 1 row(s) for website_id ${website}, which Magento 2 does not have: skipped (align the stores first, then run again)`,
    })
  }
  return { table: m2Table, keyColumns: m2Table.primaryKey, columns, rows }
}

/**
 * The customer forms a created customer attribute appears in. Matched attributes keep Magento 2's
 * forms (Magento 2 renamed and dropped some, e.g. checkout_register); a form Magento 2 does not use
 * is skipped and reported.
 */
export function formWrite(
  input: AttributeRowsInput,
  infos: ReadonlyMap<number, AttributeInfo>,
): TableWrite | undefined {
  const table: ExtraTable = 'customer_form_attribute'
  const m1Table = tableOf(input.m1, table)
  const m2Table = tableOf(input.m2, table)
  if (m1Table === undefined || m2Table === undefined) return undefined
  const columns = commonColumns(m1Table, m2Table)
  const forms = new Set((input.m2.extras.get(table) ?? []).map((row) => textOf(row, 'form_code') ?? ''))
  const rows = extraRowsOf(table, input.m1).flatMap((m1Row) => {
    const info = infos.get(idOf(m1Row, 'attribute_id'))
    if (info === undefined || info.counterpart !== undefined) return []
    const form = textOf(m1Row, 'form_code') ?? ''
    if (forms.size > 0 && !forms.has(form)) {
      input.warnings.push({
        kind: 'skipped-form',
        message: `customer_form_attribute: ${info.entityType} attribute ${info.attributeCode} is in form ${form}, which Magento 2 does not use: skipped`,
      })
      return []
    }
    return [{ row: project(m1Row, columns), exists: false }]
  })
  return { table: m2Table, keyColumns: m2Table.primaryKey, columns, rows }
}

function extraRowsOf(table: ExtraTable, m1: EavSnapshot): readonly SqlRow[] {
  return m1.extras.get(table) ?? []
}

/** Magento 2 reads customer validate_rules as JSON; Magento 1 wrote PHP serialize() output. */
function validateRulesJson(row: SqlRow, info: AttributeInfo, warnings: EavWarning[]): string | null {
  const text = textOf(row, 'validate_rules')
  if (text === null || text === '') return text
  const converted = convertSerialized(text)
  if (converted.kind === 'converted' || converted.kind === 'repaired') return converted.json
  if (converted.kind === 'already-json') return text
  warnings.push({
    kind: 'unconvertible-value',
    message: `customer_eav_attribute.validate_rules of ${info.entityType} attribute ${info.attributeCode} is neither PHP-serialized nor JSON: written as NULL`,
  })
  return null
}
