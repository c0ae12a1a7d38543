/**
 * @vendor/delta-blog: a mig plugin for a Magento 1 blog extension.
 *
 * etc/deltalog.xml names the tables whose changes are captured, etc/map.xml how they become the
 * Magento 2 extension's tables. This module is `mig.main`: core imports it and takes every export
 * that carries the delta-step brand (a class is constructed without arguments).
 */
import { MapDelta } from '@mig/core'

/** The npm name, as it appears in TrackedTable.origins for the tables of etc/deltalog.xml. */
export const pluginName = '@vendor/delta-blog'

/**
 * Posts, their store links and comments, applied exactly as etc/map.xml says (re-read the changed
 * Magento 1 rows, transform, upsert or delete in the round's destination transaction).
 */
export class BlogDelta extends MapDelta {
  constructor() {
    super('Blog', { trackedBy: pluginName }) // the title in messages; the tables this plugin's deltalog.xml tracks
  }

  // Derived Magento 2 data goes in afterRound, inside the same destination transaction as the
  // round's writes (so it commits, or rolls back, with them). For example, a URL rewrite per post:
  //
  //   override async afterRound(session: Session, round: RoundSummary): Promise<void> {
  //     const posts = round.loaded.find((loaded) => loaded.table === 'blog_post')
  //     if (!posts) return
  //     const ids = posts.upserts.map((item) => item.row['post_id'] ?? null)
  //     // … await session.execute('INSERT INTO url_rewrite … ON DUPLICATE KEY UPDATE …', [...])
  //   }
}
