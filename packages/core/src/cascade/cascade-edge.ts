/** What Magento 1 does to a child row when its parent is deleted (the foreign key's ON DELETE). */
export type CascadeRule = 'CASCADE' | 'SET NULL'

/**
 * A Magento 1 foreign key whose parent's delete changes child rows without firing a trigger, between
 * two tables this run applies, with where both ends live in Magento 2.
 */
export interface CascadeEdge {
  readonly rule: CascadeRule
  /** Unprefixed Magento 1 tables. */
  readonly parent: string
  readonly child: string
  /** The Magento 1 foreign key's name, for messages. */
  readonly name: string
  /** The child's Magento 1 columns, in the order of the parent's deltalog key. */
  readonly sourceColumns: readonly string[]
  /** Physical Magento 2 table of the parent rows and their key (the parent's deltalog key, mapped). */
  readonly parentTable: string
  readonly parentKey: readonly string[]
  /** Which parent key columns compare case-insensitively in Magento 2. */
  readonly parentFolds: readonly boolean[]
  /** Physical Magento 2 table of the child rows. */
  readonly childTable: string
  /** Where Magento 2 keeps the reference: the child's table, or a link table owned by the child's rows. */
  readonly referenceTable: string
  readonly referenceColumns: readonly string[]
  /** With a link table: the link's columns holding the child's Magento 2 key, and that key. */
  readonly owner?: { readonly columns: readonly string[]; readonly childKey: readonly string[] }
  /** The names under which loaded child rows carry the reference. */
  readonly loadedAs: readonly string[]
  /** The reference table's ON UPDATE CURRENT_TIMESTAMP columns: emptying the reference keeps them, as Magento 1's key does. */
  readonly autoUpdated: readonly string[]
  /** Magento 2's ON DELETE for the same reference; undefined where Magento 2 has no foreign key for it. */
  readonly magento2Rule: string | undefined
}

/** Magento 2 does not do to the child rows what Magento 1 did: mig does it, before the parent's delete. */
export function isEmulated(edge: CascadeEdge): boolean {
  return edge.owner !== undefined || edge.magento2Rule !== edge.rule
}

/**
 * Magento 2 would accept a child row whose parent it does not have (no foreign key on the row's own
 * table): mig checks the parent before writing the row, as a foreign key would.
 */
export function isGuarded(edge: CascadeEdge): boolean {
  return (edge.owner !== undefined || edge.magento2Rule === undefined) && edge.child !== edge.parent
}

/** `sales_flat_quote_item.product_id → catalog_product_entity (CASCADE)`, for messages. */
export function describeEdge(edge: CascadeEdge): string {
  return `${edge.child}.${edge.sourceColumns.join(',')} → ${edge.parent} (${edge.rule})`
}
