import type { DatabaseClient } from '../../db/database-client.js'
import type { TableSchema } from '../../db/table-schema.js'
import type { Logger } from '../../log/logger.js'
import type { EavKind } from './eav-kinds.js'

export interface EavAlignmentOptions {
  /** Magento 1. Only read. */
  readonly source: DatabaseClient
  /** Magento 2. Re-keyed and written in one transaction. */
  readonly destination: DatabaseClient
  readonly sourcePrefix: string
  readonly destPrefix: string
  readonly log: Logger
  /** Live schemas when the caller has already read them; read here otherwise. */
  readonly sourceSchema?: ReadonlyMap<string, TableSchema>
  readonly destinationSchema?: ReadonlyMap<string, TableSchema>
}

export interface EavKindCounts {
  /** Magento 1 rows found in Magento 2 (by natural key; by id as well once aligned). */
  readonly matched: number
  /** Magento 1 rows Magento 2 did not have, written with their Magento 1 id. */
  readonly created: number
  /** Magento 2 rows of matched Magento 1 rows whose id changed to the Magento 1 id. */
  readonly moved: number
  /** Magento 2-only rows, all kept. */
  readonly magento2Only: number
  /** Magento 2-only rows moved to a fresh id because Magento 1 uses theirs. */
  readonly rekeyed: number
  /** Magento 2 rows replaced by Magento 1's (store labels of matched attributes and options). */
  readonly replaced: number
}

export type EavWarningKind =
  | 'skipped-entity-type'
  | 'untranslated-model'
  | 'magento1-only-system-attribute'
  | 'missing-store'
  | 'missing-website'
  | 'unconvertible-value'
  | 'skipped-form'
  | 'duplicate-row'
  | 'missing-column-default'

export interface EavWarning {
  readonly kind: EavWarningKind
  readonly message: string
}

/** A Magento 1 class alias with no known Magento 2 class: written as NULL. */
export interface UntranslatedModel {
  readonly entityType: string
  readonly attributeCode: string
  readonly table: string
  readonly column: string
  readonly value: string
}

/** A Magento 2 column re-keyed along with a kind's ids. */
export interface FollowedReference {
  readonly table: string
  readonly column: string
  readonly via: 'primary-key' | 'foreign-key' | 'known'
}

export interface EavAlignmentReport {
  readonly counts: Readonly<Record<EavKind, EavKindCounts>>
  /** Rows written per extension table (unprefixed name): catalog_eav_attribute, customer_eav_attribute, customer_eav_attribute_website, customer_form_attribute. */
  readonly extras: Readonly<Record<string, number>>
  /** Magento 1 entity type codes Magento 2 lacks: their sets, attributes and values are not aligned. */
  readonly skippedEntityTypes: readonly string[]
  readonly untranslatedModels: readonly UntranslatedModel[]
  readonly warnings: readonly EavWarning[]
  readonly references: Readonly<Record<EavKind, readonly FollowedReference[]>>
  /** Attribute value cells (and default values / index rows) whose option ids were re-keyed. */
  readonly optionValueCells: number
  /** True when Magento 2 was already aligned before this run (every matched attribute had its Magento 1 id). */
  readonly alreadyAligned: boolean
}
