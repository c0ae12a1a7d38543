import { quoteIdentifier as q, type Session } from '@mig/core'

/**
 * A full copy replaces Magento 2's products and categories with Magento 1's under Magento 1's ids,
 * so Magento 2's own URL rewrites for products and categories would send their paths to whichever
 * Magento 1 entity now has that id: they are removed (catalog_url_rewrite_product_category goes with
 * them by its cascade). Returns how many.
 */
export async function removeReplacedUrlRewrites(session: Session, urlRewriteTable: string): Promise<number> {
  const result = await session.execute(`DELETE FROM ${q(urlRewriteTable)} WHERE entity_type IN ('product', 'category')`)
  return result.affectedRows
}
