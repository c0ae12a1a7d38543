import type { SqlRow } from '../../db/sql-value.js'
import { EAV_KINDS, EAV_TABLES, type EavKind } from './eav-kinds.js'
import type { EavSnapshot } from './eav-snapshot.js'
import { matchRows, type MatchSide } from './match-rows.js'
import { collationKey, idOf, textOf } from './row-values.js'
import type { EavWarning } from './types.js'

export interface KindMatch {
  /** Magento 2 id → Magento 1 id of the same row. */
  readonly pairs: ReadonlyMap<number, number>
  /** Magento 1 id → the paired Magento 2 row (as read, before re-keying). */
  readonly counterpart: ReadonlyMap<number, SqlRow>
  /** Magento 2 ids deleted because Magento 1 owns their scope and has no such row (store labels). */
  readonly replaced: ReadonlySet<number>
  /** Magento 1 rows written into Magento 2 with their ids. */
  readonly written: readonly SqlRow[]
  readonly writtenIds: ReadonlySet<number>
}

export interface EavMatching {
  readonly kinds: Readonly<Record<EavKind, KindMatch>>
  readonly skippedEntityTypes: readonly string[]
  readonly alreadyAligned: boolean
  readonly warnings: readonly EavWarning[]
}

export interface MatchingContext {
  /** store_id values Magento 2 has; undefined when its store table cannot be read. */
  readonly destinationStores: ReadonlySet<number> | undefined
}

/**
 * Pairs every Magento 2 EAV row with its Magento 1 row, kind by kind, parents first: entity types by
 * code, attributes by (entity type, code), sets by (entity type, name), groups by (set, name),
 * options by (attribute, admin label), option values by (option, store), labels by (attribute,
 * store), placements by (set, attribute). Once Magento 2 is aligned, sets, groups and options pair
 * by id first (see MatchOptions.byIdFirst).
 */
export function matchEav(m1: EavSnapshot, m2: EavSnapshot, context: MatchingContext): EavMatching {
  const warnings: EavWarning[] = []
  const kinds: Partial<Record<EavKind, KindMatch>> = {}
  const record = (
    kind: EavKind,
    pairs: Map<number, number>,
    written: readonly SqlRow[],
    replaced: ReadonlySet<number> = new Set(),
  ): KindMatch => {
    const id = EAV_TABLES[kind].idColumn
    const m2ById = new Map(m2.rows[kind].map((row) => [idOf(row, id), row]))
    const counterpart = new Map<number, SqlRow>()
    for (const [m2Id, m1Id] of pairs) {
      const row = m2ById.get(m2Id)
      if (row !== undefined) counterpart.set(m1Id, row)
    }
    const match = { pairs, counterpart, replaced, written, writtenIds: new Set(written.map((row) => idOf(row, id))) }
    kinds[kind] = match
    return match
  }
  const mapped = (match: KindMatch, m2Id: number): string | undefined => {
    const m1Id = match.pairs.get(m2Id)
    return m1Id === undefined ? undefined : String(m1Id)
  }

  // entity types: codes never change, and Magento 2 entity types are never created from Magento 1's
  const typePairs = matchRows(
    side(
      m1.rows.entityType,
      'entity_type_id',
      () => '',
      (row) => textOf(row, 'entity_type_code') ?? '',
    ),
    side(
      m2.rows.entityType,
      'entity_type_id',
      () => '',
      (row) => textOf(row, 'entity_type_code') ?? '',
    ),
    { byIdFirst: false },
  )
  const pairedTypes = new Set(typePairs.values())
  const types = record(
    'entityType',
    typePairs,
    m1.rows.entityType.filter((row) => pairedTypes.has(idOf(row, 'entity_type_id'))),
  )
  const skippedEntityTypes = m1.rows.entityType
    .filter((row) => !types.writtenIds.has(idOf(row, 'entity_type_id')))
    .map((row) => textOf(row, 'entity_type_code') ?? '')
  const typeWritten = (row: SqlRow): string | undefined =>
    types.writtenIds.has(idOf(row, 'entity_type_id')) ? String(idOf(row, 'entity_type_id')) : undefined

  // attributes: codes cannot be renamed in Magento 1, so the natural key is enough
  const attributeKey = (row: SqlRow): string => collationKey(textOf(row, 'attribute_code'))
  const attributePairs = matchRows(
    side(m1.rows.attribute, 'attribute_id', typeWritten, attributeKey),
    side(m2.rows.attribute, 'attribute_id', (row) => mapped(types, idOf(row, 'entity_type_id')), attributeKey),
    { byIdFirst: false },
  )
  const alreadyAligned =
    attributePairs.size > 0 && [...attributePairs, ...typePairs].every(([m2Id, m1Id]) => m2Id === m1Id)
  const attributes = record(
    'attribute',
    attributePairs,
    m1.rows.attribute.filter((row) => typeWritten(row) !== undefined),
  )
  const attributeWritten = (row: SqlRow): string | undefined =>
    attributes.writtenIds.has(idOf(row, 'attribute_id')) ? String(idOf(row, 'attribute_id')) : undefined

  const nameKey =
    (column: string) =>
    (row: SqlRow): string =>
      collationKey(textOf(row, column))
  const sets = record(
    'attributeSet',
    matchRows(
      side(m1.rows.attributeSet, 'attribute_set_id', typeWritten, nameKey('attribute_set_name')),
      side(
        m2.rows.attributeSet,
        'attribute_set_id',
        (row) => mapped(types, idOf(row, 'entity_type_id')),
        nameKey('attribute_set_name'),
      ),
      { byIdFirst: alreadyAligned },
    ),
    m1.rows.attributeSet.filter((row) => typeWritten(row) !== undefined),
  )
  const setWritten = (row: SqlRow): string | undefined =>
    sets.writtenIds.has(idOf(row, 'attribute_set_id')) ? String(idOf(row, 'attribute_set_id')) : undefined

  const groups = record(
    'attributeGroup',
    matchRows(
      side(m1.rows.attributeGroup, 'attribute_group_id', setWritten, nameKey('attribute_group_name')),
      side(
        m2.rows.attributeGroup,
        'attribute_group_id',
        (row) => mapped(sets, idOf(row, 'attribute_set_id')),
        nameKey('attribute_group_name'),
      ),
      { byIdFirst: alreadyAligned },
    ),
    m1.rows.attributeGroup.filter((row) => setWritten(row) !== undefined),
  )

  // options: by admin (store 0) label within the attribute
  const m1Labels = adminLabels(m1.rows.optionValue)
  const m2Labels = adminLabels(m2.rows.optionValue)
  const options = record(
    'option',
    matchRows(
      side(m1.rows.option, 'option_id', attributeWritten, (row) =>
        collationKey(m1Labels.get(idOf(row, 'option_id')) ?? null),
      ),
      side(
        m2.rows.option,
        'option_id',
        (row) => mapped(attributes, idOf(row, 'attribute_id')),
        (row) => collationKey(m2Labels.get(idOf(row, 'option_id')) ?? null),
      ),
      { byIdFirst: alreadyAligned },
    ),
    m1.rows.option.filter((row) => attributeWritten(row) !== undefined),
  )
  const optionWritten = (row: SqlRow): string | undefined =>
    options.writtenIds.has(idOf(row, 'option_id')) ? String(idOf(row, 'option_id')) : undefined

  // store labels of options and attributes: Magento 1's replace Magento 2's wherever Magento 1 owns the option/attribute
  const stores = context.destinationStores
  const missingStores = new Map<string, number>()
  const inStore =
    (table: string) =>
    (row: SqlRow): boolean => {
      if (stores === undefined || stores.has(idOf(row, 'store_id'))) return true
      const key = `${table}\u0000${idOf(row, 'store_id')}`
      missingStores.set(key, (missingStores.get(key) ?? 0) + 1)
      return false
    }
  const storeKey = (row: SqlRow): string => String(idOf(row, 'store_id'))
  const writtenValues = uniqueBy(
    m1.rows.optionValue.filter((row) => optionWritten(row) !== undefined).filter(inStore('eav_attribute_option_value')),
    (row) => `${idOf(row, 'option_id')}/${idOf(row, 'store_id')}`,
    (row) =>
      warnings.push({
        kind: 'duplicate-row',
        message: `eav_attribute_option_value value_id=${idOf(row, 'value_id')} repeats option ${idOf(row, 'option_id')} in store ${idOf(row, 'store_id')}: skipped (Magento 2 allows one per store)`,
      }),
  )
  const valuePairs = matchRows(
    side(writtenValues, 'value_id', optionWritten, storeKey),
    side(m2.rows.optionValue, 'value_id', (row) => mapped(options, idOf(row, 'option_id')), storeKey),
    { byIdFirst: false },
  )
  const ownedOptions = new Set(options.pairs.keys())
  record(
    'optionValue',
    valuePairs,
    writtenValues,
    unpaired(m2.rows.optionValue, 'value_id', valuePairs, (row) => ownedOptions.has(idOf(row, 'option_id'))),
  )

  const writtenLabels = m1.rows.label
    .filter((row) => attributeWritten(row) !== undefined)
    .filter(inStore('eav_attribute_label'))
  const labelPairs = matchRows(
    side(writtenLabels, 'attribute_label_id', attributeWritten, storeKey),
    side(m2.rows.label, 'attribute_label_id', (row) => mapped(attributes, idOf(row, 'attribute_id')), storeKey),
    { byIdFirst: false },
  )
  const ownedAttributes = new Set(attributes.pairs.keys())
  record(
    'label',
    labelPairs,
    writtenLabels,
    unpaired(m2.rows.label, 'attribute_label_id', labelPairs, (row) => ownedAttributes.has(idOf(row, 'attribute_id'))),
  )

  // placements: (set, attribute); Magento 2's other placements (its own attributes, or attributes Magento 1 leaves out of a set) stay
  const placedInM1 = (row: SqlRow): string | undefined =>
    setWritten(row) !== undefined &&
    attributeWritten(row) !== undefined &&
    groups.writtenIds.has(idOf(row, 'attribute_group_id'))
      ? setWritten(row)
      : undefined
  const placementParentM2 = (row: SqlRow): string | undefined =>
    mapped(attributes, idOf(row, 'attribute_id')) === undefined
      ? undefined
      : mapped(sets, idOf(row, 'attribute_set_id'))
  record(
    'placement',
    matchRows(
      side(m1.rows.placement, 'entity_attribute_id', placedInM1, (row) => String(idOf(row, 'attribute_id'))),
      side(
        m2.rows.placement,
        'entity_attribute_id',
        placementParentM2,
        (row) => mapped(attributes, idOf(row, 'attribute_id')) ?? '',
      ),
      { byIdFirst: false },
    ),
    m1.rows.placement.filter((row) => placedInM1(row) !== undefined),
  )

  for (const [key, count] of missingStores) {
    const [table, store] = key.split('\u0000')
    warnings.push({
      kind: 'missing-store',
      message: `${table}: ${count} Magento 1 row(s) for store_id ${store ?? ''}, which Magento 2 does not have: skipped (align the stores first, then run again)`,
    })
  }
  for (const kind of EAV_KINDS) if (kinds[kind] === undefined) throw new Error(`EAV matching skipped ${kind}`)
  return { kinds: kinds as Record<EavKind, KindMatch>, skippedEntityTypes, alreadyAligned, warnings }
}

function side(
  rows: readonly SqlRow[],
  idColumn: string,
  parent: (row: SqlRow) => string | undefined,
  key: (row: SqlRow) => string,
): MatchSide<SqlRow> {
  return { rows, id: (row) => idOf(row, idColumn), parent, key }
}

/** option_id → its admin (store 0) label. */
function adminLabels(values: readonly SqlRow[]): Map<number, string | null> {
  const labels = new Map<number, string | null>()
  for (const row of values) {
    if (idOf(row, 'store_id') !== 0) continue
    const option = idOf(row, 'option_id')
    if (!labels.has(option)) labels.set(option, textOf(row, 'value'))
  }
  return labels
}

function unpaired(
  rows: readonly SqlRow[],
  idColumn: string,
  pairs: ReadonlyMap<number, number>,
  owned: (row: SqlRow) => boolean,
): Set<number> {
  return new Set(rows.filter((row) => owned(row) && !pairs.has(idOf(row, idColumn))).map((row) => idOf(row, idColumn)))
}

function uniqueBy(
  rows: readonly SqlRow[],
  keyOf: (row: SqlRow) => string,
  onDuplicate: (row: SqlRow) => void,
): SqlRow[] {
  const seen = new Set<string>()
  return rows.filter((row) => {
    const key = keyOf(row)
    if (seen.has(key)) {
      onDuplicate(row)
      return false
    }
    seen.add(key)
    return true
  })
}
