import type { SourceLocation } from './config.js'

/** A document (table) or `table.field` name as written in map.xml; `*` matches any run of characters. */
export interface NamePattern {
  readonly pattern: string
  readonly location: SourceLocation
}

export interface HandlerReference {
  /** As written: `\Migration\Handler\SerializeToJson`, or a short name like `serializeToJson`. */
  readonly name: string
  readonly params: Readonly<Record<string, string>>
  readonly location: SourceLocation
}

export interface DocumentRename {
  readonly from: string
  readonly to: string
  readonly location: SourceLocation
}

/** `<move><field>sales_flat_order.hidden_tax_amount</field><to>sales_order.discount_tax_compensation_amount</to></move>` */
export interface FieldMove {
  readonly from: string
  readonly to: string
  readonly location: SourceLocation
}

export interface FieldTransform {
  /** `table.field` (may contain `*`). */
  readonly field: string
  readonly handler: HandlerReference
  readonly location: SourceLocation
}

export interface MapSideRules {
  readonly ignoredDocuments: readonly NamePattern[]
  readonly ignoredFields: readonly NamePattern[]
  readonly transforms: readonly FieldTransform[]
}

/** map.xml (upstream Data Migration Tool format), possibly merged from several files. */
export interface MapRules {
  readonly source: MapSideRules & {
    readonly renames: readonly DocumentRename[]
    readonly moves: readonly FieldMove[]
  }
  readonly destination: MapSideRules
  /** Which files contributed, for messages. */
  readonly origins: readonly string[]
}
