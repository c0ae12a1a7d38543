import { quoteIdentifier as q, type Session } from '@mig/core'

/** Magento 2 indexers built from the catalog and stock tables (MSI's `inventory` where installed). */
export const CATALOG_INDEXERS = [
  'catalog_category_product',
  'catalog_product_category',
  'catalog_product_attribute',
  'catalog_product_price',
  'cataloginventory_stock',
  'catalogrule_product',
  'catalogsearch_fulltext',
  'inventory',
] as const

/**
 * Marks the catalog indexers invalid, so Magento 2's indexer (cron, or `bin/magento indexer:reindex`)
 * rebuilds its price, category, search and stock indexes from the migrated rows.
 */
export async function invalidateCatalogIndexers(session: Session, indexerStateTable: string): Promise<void> {
  const ids = CATALOG_INDEXERS.map(() => '?').join(', ')
  await session.execute(
    `UPDATE ${q(indexerStateTable)} SET status = 'invalid' WHERE indexer_id IN (${ids}) AND status <> 'invalid'`,
    [...CATALOG_INDEXERS],
  )
}
