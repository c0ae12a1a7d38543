import { formatLocation } from '../config/source-location.js'
import type { TableSchema } from '../db/table-schema.js'
import type { DocumentRename, FieldMove, FieldTransform, MapRules, NamePattern } from '../interfaces/map.js'
import { MapRuleIndex, type DocumentFate } from './map-rule-index.js'
import { splitFieldName } from './name-pattern.js'

/**
 * The live schemas a mapping is resolved against. map.xml speaks of unprefixed names
 * (`sales_flat_order`); the schemas are keyed by PHYSICAL name (`magev1_sales_flat_order`).
 */
export interface MappingSchemas {
  readonly sourceSchema: ReadonlyMap<string, TableSchema>
  readonly destinationSchema: ReadonlyMap<string, TableSchema>
  readonly sourcePrefix?: string
  readonly destPrefix?: string
}

/** What becomes of one Magento 1 column. `to` is a destination column name as the live schema spells it. */
export type SourceColumnFate =
  | { readonly kind: 'ignored'; readonly column: string; readonly rule: NamePattern }
  | { readonly kind: 'copied'; readonly column: string; readonly to: string; readonly transform?: FieldTransform }
  | {
      readonly kind: 'moved'
      readonly column: string
      readonly to: string
      readonly move: FieldMove
      readonly transform?: FieldTransform
    }
  /** Nowhere to go: no same-named destination column, or a move whose target is unusable. `reason` says why. */
  | { readonly kind: 'unmapped'; readonly column: string; readonly reason: string; readonly move?: FieldMove }

/** How one Magento 2 column gets its value. */
export type DestinationColumnFate =
  /** Generated (VIRTUAL/STORED) columns are computed by the server and never written. */
  | { readonly kind: 'generated'; readonly column: string }
  /** Ignored in `<destination>`: never written, takes its default. */
  | { readonly kind: 'ignored'; readonly column: string; readonly rule: NamePattern }
  /** Written from a source column (copied or moved), then through a destination transform if one applies. */
  | { readonly kind: 'filled'; readonly column: string; readonly from: string; readonly transform?: FieldTransform }
  /** Written only by a destination transform (e.g. SetValue for a Magento 2-only column). */
  | { readonly kind: 'transformed'; readonly column: string; readonly transform: FieldTransform }
  /** Nothing writes it: the server default applies on insert, an update leaves it alone. */
  | { readonly kind: 'unfilled'; readonly column: string }

export interface TableMapping {
  /** Unprefixed names, as map.xml and handlers see them. */
  readonly sourceTable: string
  readonly destinationTable: string
  /** Names in the databases, prefixes included. */
  readonly sourcePhysicalTable: string
  readonly destinationPhysicalTable: string
  readonly rename?: DocumentRename
  readonly source: TableSchema
  /** Undefined when the destination table does not exist: every column is then unmapped. */
  readonly destination: TableSchema | undefined
  /** In source column order. */
  readonly sourceColumns: readonly SourceColumnFate[]
  /** In destination column order; empty when the destination table does not exist. */
  readonly destinationColumns: readonly DestinationColumnFate[]
}

export type DocumentResolution =
  | ({ readonly sourceTable: string } & Extract<DocumentFate, { kind: 'ignored' }>)
  /** Not in the live source database (real stores differ: modules not installed, other versions). */
  | { readonly kind: 'absent'; readonly sourceTable: string; readonly sourcePhysicalTable: string }
  | { readonly kind: 'mapped'; readonly sourceTable: string; readonly mapping: TableMapping }

/** Resolves map.xml rules against live schemas, table by table. */
export class DocumentMapper {
  readonly rules: MapRuleIndex
  readonly sourcePrefix: string
  readonly destPrefix: string
  private readonly schemas: MappingSchemas

  constructor(rules: MapRules | MapRuleIndex, schemas: MappingSchemas) {
    this.rules = MapRuleIndex.of(rules)
    this.schemas = schemas
    this.sourcePrefix = schemas.sourcePrefix ?? ''
    this.destPrefix = schemas.destPrefix ?? ''
  }

  /** What map.xml says about a Magento 1 table (unprefixed), without looking at the schemas. */
  documentFate(sourceTable: string): DocumentFate {
    return this.rules.documentFate(sourceTable)
  }

  resolve(sourceTable: string): DocumentResolution {
    const fate = this.rules.documentFate(sourceTable)
    if (fate.kind === 'ignored') return { ...fate, sourceTable }
    const sourcePhysicalTable = this.sourcePrefix + sourceTable
    const source = this.schemas.sourceSchema.get(sourcePhysicalTable)
    if (source === undefined) return { kind: 'absent', sourceTable, sourcePhysicalTable }
    const destinationPhysicalTable = this.destPrefix + fate.destinationTable
    const destination = this.schemas.destinationSchema.get(destinationPhysicalTable)
    const mapping = mapColumns(this.rules, {
      sourceTable,
      destinationTable: fate.destinationTable,
      sourcePhysicalTable,
      destinationPhysicalTable,
      ...(fate.rename === undefined ? {} : { rename: fate.rename }),
      source,
      destination,
    })
    return { kind: 'mapped', sourceTable, mapping }
  }
}

type MappingTables = Omit<TableMapping, 'sourceColumns' | 'destinationColumns'>

function mapColumns(rules: MapRuleIndex, tables: MappingTables): TableMapping {
  const { sourceTable, destinationTable, destination } = tables
  const destinationColumns = new Map((destination?.columns ?? []).map((column) => [column.name.toLowerCase(), column]))
  /** Destination column (lower case) → the source column that fills it. */
  const claimed = new Map<string, string>()
  const fates = new Map<string, SourceColumnFate>()

  /** Why a destination column cannot receive a value, or undefined when it can. */
  const blocked = (table: string, column: string): string | undefined => {
    if (destination === undefined) return `destination table ${tables.destinationPhysicalTable} does not exist`
    const target = destinationColumns.get(column.toLowerCase())
    if (target === undefined) return `${tables.destinationPhysicalTable} has no column ${column}`
    if (target.generated) return `${table}.${target.name} is a generated column`
    const ignore = rules.destinationFieldIgnore(table, target.name)
    if (ignore !== undefined)
      return `${table}.${target.name} is ignored in <destination> at ${formatLocation(ignore.location)}`
    const owner = claimed.get(column.toLowerCase())
    if (owner !== undefined) return `${table}.${target.name} is already filled from ${sourceTable}.${owner}`
    return undefined
  }
  const withTransform = (column: string): { transform?: FieldTransform } => {
    const transform = rules.sourceTransform(sourceTable, column)
    return transform === undefined ? {} : { transform }
  }

  // Ignores first, then moves (they claim their targets), then same-named copies:
  // a move into `x` wins over a source column that happens to be called `x` too.
  for (const { name: column } of tables.source.columns) {
    const ignore = rules.sourceFieldIgnore(sourceTable, column)
    if (ignore !== undefined) {
      fates.set(column, { kind: 'ignored', column, rule: ignore })
      continue
    }
    const move = rules.move(sourceTable, column)
    if (move === undefined) continue
    const target = splitFieldName(move.to)
    let reason: string | undefined
    if (target === undefined) reason = `move target ${move.to} is not table.column`
    else if (target.table !== destinationTable) {
      reason = `move target ${move.to} is not in ${destinationTable}, the table ${sourceTable} maps to`
    } else reason = blocked(target.table, target.field)
    const to = target === undefined ? undefined : destinationColumns.get(target.field.toLowerCase())?.name
    if (reason !== undefined || to === undefined) {
      fates.set(column, { kind: 'unmapped', column, reason: reason ?? `move target ${move.to} does not exist`, move })
      continue
    }
    claimed.set(to.toLowerCase(), column)
    fates.set(column, { kind: 'moved', column, to, move, ...withTransform(column) })
  }
  for (const { name: column } of tables.source.columns) {
    if (fates.has(column)) continue
    const reason = blocked(destinationTable, column)
    const to = destinationColumns.get(column.toLowerCase())?.name
    if (reason !== undefined || to === undefined) {
      fates.set(column, {
        kind: 'unmapped',
        column,
        reason: reason ?? `${tables.destinationPhysicalTable} has no column ${column}`,
      })
      continue
    }
    claimed.set(to.toLowerCase(), column)
    fates.set(column, { kind: 'copied', column, to, ...withTransform(column) })
  }

  const destinationFates: DestinationColumnFate[] = (destination?.columns ?? []).map(
    (target): DestinationColumnFate => {
      const column = target.name
      if (target.generated) return { kind: 'generated', column }
      const ignore = rules.destinationFieldIgnore(destinationTable, column)
      if (ignore !== undefined) return { kind: 'ignored', column, rule: ignore }
      const transform = rules.destinationTransform(destinationTable, column)
      const from = claimed.get(column.toLowerCase())
      if (from !== undefined)
        return transform === undefined ? { kind: 'filled', column, from } : { kind: 'filled', column, from, transform }
      if (transform !== undefined) return { kind: 'transformed', column, transform }
      return { kind: 'unfilled', column }
    },
  )

  return {
    ...tables,
    sourceColumns: tables.source.columns.map((column) => fates.get(column.name) as SourceColumnFate),
    destinationColumns: destinationFates,
  }
}
