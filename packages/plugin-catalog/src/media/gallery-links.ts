import { quoteIdentifier as q, type Session, type SqlValue } from '@mig/core'

/** Magento 2's gallery link table's key: an entry may belong to several products there (one in Magento 1). */
export const GALLERY_LINK_KEY = ['value_id', 'entity_id'] as const

/** Links of these entries to other products than Magento 1's (an entry moved): removed before the links are written. */
export async function removeStaleGalleryLinks(
  session: Session,
  linkTable: string,
  links: readonly { readonly valueId: SqlValue; readonly productId: SqlValue }[],
): Promise<void> {
  if (links.length === 0) return
  const stale = links.map(() => '(value_id = ? AND entity_id <> ?)').join(' OR ')
  await session.execute(
    `DELETE FROM ${q(linkTable)} WHERE ${stale}`,
    links.flatMap((link) => [link.valueId, link.productId]),
  )
}
