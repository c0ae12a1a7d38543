import { keysCondition, quoteIdentifier as q, type Session, type SqlValue } from '@mig/core'

/** Magento 2's gallery link table's key: an entry may belong to several products there (one in Magento 1). */
export const GALLERY_LINK_KEY = ['value_id', 'entity_id'] as const

/** Links of these entries to other products than Magento 1's (an entry moved): removed before the links are written. */
export async function removeStaleGalleryLinks(session: Session, linkTable: string, links: readonly { readonly valueId: SqlValue; readonly productId: SqlValue }[]): Promise<void> {
  if (links.length === 0) return
  const stale = links.map(() => '(value_id = ? AND entity_id <> ?)').join(' OR ')
  await session.execute(`DELETE FROM ${q(linkTable)} WHERE ${stale}`, links.flatMap((link) => [link.valueId, link.productId]))
}

/**
 * Magento 2 has no foreign key from a gallery entry to its product (the link table has it), so a
 * product's delete would leave its entries behind, where Magento 1's cascade removes them: they
 * are removed first, with their links and value rows (Magento 2's cascades).
 */
export async function removeGalleriesOfProducts(session: Session, galleryTable: string, linkTable: string, productIds: readonly SqlValue[]): Promise<void> {
  if (productIds.length === 0) return
  const where = keysCondition(['entity_id'], productIds.map((id) => [id]), 'l')
  await session.execute(`DELETE g FROM ${q(galleryTable)} g JOIN ${q(linkTable)} l ON l.value_id = g.value_id WHERE ${where.sql}`, where.params)
}
