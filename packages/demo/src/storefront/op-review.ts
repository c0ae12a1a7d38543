import { catalogModel, type CatalogModel } from './catalog-model.js'
import type { WriterContext } from './context.js'
import type { Rng } from './prng.js'
import { FIRST_NAMES } from './sample-data.js'
import { exec, idOf, rows } from './sql.js'
import type { Conn, Id, OpOutcome } from './types.js'

/** Mage_Review_Model_Review::STATUS_* */
const APPROVED = 1
const PENDING = 2
const NOT_APPROVED = 3

const TITLES = ['Great! 👍', 'Not bad', 'Schlecht verpackt', 'Très bien', 'とても良い', '"Quoted" title'] as const
const DETAILS = [
  'Works as described.\nWould buy again — «Ünïcödé» ✓',
  'Arrived late, but the quality is fine. Back\\slash test.',
  'Produkt ist gut, Versand könnte schneller sein.',
  '配送が早かったです。🎁',
] as const

type ReviewModel = NonNullable<CatalogModel['review']>

/**
 * Storefront "Write Your Own Review" (Mage_Review_ProductController::postAction) in one request:
 * review (pending), review_detail, review_store (the view and 0, added by the resource's
 * _beforeSave), one rating_option_vote per rating visible in the store (value / 5 * 100 percent,
 * aggregated per rating as Mage_Rating_Model_Resource_Rating_Option::addVote does), then
 * $review->aggregate() for review_entity_summary.
 */
export async function storefrontReview(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await catalogModel(ctx)
  const review = model?.review
  const products = ctx.products.filter((p) => p.id !== null)
  if (!model || !review || products.length === 0) return 'skipped'
  const product = rng.pick(products)
  const store = rng.pick(ctx.stores)
  const customer = ctx.customers.length > 0 && rng.chance(0.4) ? rng.pick(ctx.customers) : null
  const nickname = customer ? customer.firstname : rng.pick(FIRST_NAMES)
  const title = rng.pick(TITLES)
  const detail = rng.pick(DETAILS)
  const choices = review.ratings.map((r) => rng.pick(r.options))
  const ip = [10, rng.int(0, 255), rng.int(0, 255), rng.int(1, 254)] as const
  const at = ctx.clock.tick(rng, 600)
  const productId = product.id as Id

  // No rating visible anywhere (a fresh 1.7 install): the admin first ticks "Visible In" for the
  // product ratings (Manage Ratings → save: rating_store replaced by the posted views plus 0).
  if (review.ratings.length > 0 && review.ratingStore) {
    await ctx.tx.run(rng.uint32(), (conn) => showRatingsIfNoneVisible(conn, ctx, model, review))
  }

  const done = await ctx.tx.run(rng.uint32(), async (conn) => {
    const exists = await rows(
      conn,
      `SELECT entity_id FROM ${ctx.schema.t('catalog_product_entity')} WHERE entity_id = ? FOR UPDATE`,
      [productId],
    )
    if (exists.length === 0) return false
    const reviewId = await ctx.schema.insert(conn, 'review', {
      created_at: at,
      entity_id: review.entityId,
      entity_pk_value: productId,
      status_id: PENDING,
    })
    await ctx.schema.insert(conn, 'review_detail', {
      review_id: reviewId,
      store_id: store.storeId,
      title,
      detail,
      nickname,
      customer_id: customer?.id ?? null,
    })
    for (const s of [...new Set([store.storeId, '0'])])
      await ctx.schema.insert(conn, 'review_store', { review_id: reviewId, store_id: s })
    const visible = new Set(
      review.ratingStore
        ? (
            await rows(conn, `SELECT rating_id FROM ${ctx.schema.t('rating_store')} WHERE store_id = ?`, [
              store.storeId,
            ])
          ).map((r) => idOf(r.rating_id) ?? '0')
        : review.ratings.map((r) => r.id),
    )
    for (const [i, rating] of review.ratings.entries()) {
      const option = choices[i]
      if (!option || !visible.has(rating.id)) continue
      await ctx.schema.insert(conn, 'rating_option_vote', {
        option_id: option.id,
        remote_ip: ip.join('.'),
        remote_ip_long: ((ip[0] * 256 + ip[1]) * 256 + ip[2]) * 256 + ip[3],
        customer_id: customer?.id ?? null,
        entity_pk_value: productId,
        rating_id: rating.id,
        review_id: reviewId,
        percent: Math.round((option.value / 5) * 100),
        value: option.value,
      })
      await aggregateRating(conn, ctx, review, rating.id, productId)
    }
    await aggregateReviews(conn, ctx, model, review, productId)
    return true
  })
  return done ? 'done' : 'skipped'
}

/**
 * Admin review moderation (Pending Reviews → Update Status, massUpdateStatusAction):
 * $review->setStatusId()->save() (review_detail and review_store written back, the voted
 * ratings re-aggregated) and ->aggregate() (review_entity_summary).
 */
export async function adminModerateReview(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const model = await catalogModel(ctx)
  const review = model?.review
  if (!model || !review) return 'skipped'
  const approve = rng.chance(0.75)
  const pickAt = rng.next()
  const done = await ctx.tx.run(rng.uint32(), async (conn) => {
    const t = ctx.schema.t('review')
    const pending = await rows(
      conn,
      `SELECT review_id, entity_pk_value FROM ${t} WHERE status_id = ? AND entity_id = ? ORDER BY review_id`,
      [PENDING, review.entityId],
    )
    const chosen = pending[Math.floor(pickAt * pending.length)]
    if (!chosen) return false
    const reviewId = idOf(chosen.review_id) ?? '0'
    const productId = idOf(chosen.entity_pk_value) ?? '0'
    const locked = await rows(conn, `SELECT status_id FROM ${t} WHERE review_id = ? FOR UPDATE`, [reviewId])
    if (locked.length === 0 || Number(locked[0]?.status_id) !== PENDING) return false
    await ctx.schema.update(conn, 'review', { status_id: approve ? APPROVED : NOT_APPROVED }, 'review_id = ?', [
      reviewId,
    ])
    // _afterSave: the loaded stores written back (delete + insert, same rows).
    const rs = ctx.schema.t('review_store')
    const stores = (
      await rows(conn, `SELECT store_id FROM ${rs} WHERE review_id = ? ORDER BY store_id`, [reviewId])
    ).map((r) => idOf(r.store_id) ?? '0')
    if (stores.length > 0) {
      await exec(conn, `DELETE FROM ${rs} WHERE review_id = ?`, [reviewId])
      for (const s of stores) await ctx.schema.insert(conn, 'review_store', { review_id: reviewId, store_id: s })
    }
    const voted = await rows(
      conn,
      `SELECT DISTINCT v.rating_id FROM ${ctx.schema.t('rating_option_vote')} v JOIN ${ctx.schema.t('rating')} r ON r.rating_id = v.rating_id WHERE v.review_id = ? ORDER BY v.rating_id`,
      [reviewId],
    )
    for (const v of voted) await aggregateRating(conn, ctx, review, idOf(v.rating_id) ?? '0', productId)
    await aggregateReviews(conn, ctx, model, review, productId)
    return true
  })
  return done ? 'done' : 'skipped'
}

/** Mage_Rating_Model_Resource_Rating::_afterSave for the product ratings with "Visible In" = every store view (+ 0 the controller adds). */
async function showRatingsIfNoneVisible(
  conn: Conn,
  ctx: WriterContext,
  model: CatalogModel,
  review: ReviewModel,
): Promise<void> {
  const t = ctx.schema.t('rating_store')
  const ids = review.ratings.map((r) => r.id)
  const visible = await rows(
    conn,
    `SELECT rating_id FROM ${t} WHERE rating_id IN (${ids.map(() => '?').join(', ')}) LIMIT 1 FOR UPDATE`,
    ids,
  )
  if (visible.length > 0) return
  for (const id of ids) {
    await exec(conn, `DELETE FROM ${t} WHERE rating_id = ?`, [id])
    for (const s of ['0', ...model.allStoreViews])
      await ctx.schema.insert(conn, 'rating_store', { rating_id: id, store_id: s })
  }
}

/**
 * Mage_Rating_Model_Resource_Rating_Option::aggregateEntityByRatingId: per store of the votes'
 * reviews where the rating is visible, vote_count / vote_value_sum over all votes, percent =
 * avg / 5 * 100, percent_approved the same over votes of approved reviews (0 when none);
 * existing rows updated, rows of stores without votes deleted.
 */
export async function aggregateRating(
  conn: Conn,
  ctx: WriterContext,
  review: ReviewModel,
  ratingId: Id,
  productId: Id,
): Promise<void> {
  const s = ctx.schema
  if (!s.has('rating_option_vote_aggregated')) return
  const agg = s.t('rating_option_vote_aggregated')
  const old = new Map(
    (
      await rows(
        conn,
        `SELECT store_id, primary_id FROM ${agg} WHERE rating_id = ? AND entity_pk_value = ? ORDER BY primary_id`,
        [ratingId, productId],
      )
    ).map((r) => [idOf(r.store_id) ?? '0', idOf(r.primary_id) ?? '0']),
  )
  const perStore = await rows(
    conn,
    `SELECT store.store_id AS store_id, COUNT(vote.vote_id) AS vote_count, SUM(vote.value) AS vote_value_sum,
            COUNT(IF(review.status_id = ${APPROVED}, vote.vote_id, NULL)) AS app_count, SUM(IF(review.status_id = ${APPROVED}, vote.value, 0)) AS app_sum
       FROM ${s.t('rating_option_vote')} vote
       JOIN ${s.t('review')} review ON vote.review_id = review.review_id
       LEFT JOIN ${s.t('review_store')} store ON vote.review_id = store.review_id
       ${review.ratingStore ? `JOIN ${s.t('rating_store')} rstore ON vote.rating_id = rstore.rating_id AND rstore.store_id = store.store_id` : ''}
      WHERE vote.rating_id = ? AND vote.entity_pk_value = ?
      GROUP BY vote.rating_id, vote.entity_pk_value, store.store_id
      ORDER BY store.store_id`,
    [ratingId, productId],
  )
  const used = new Set<Id>()
  for (const r of perStore) {
    const storeId = idOf(r.store_id) ?? '0'
    const count = Number(r.vote_count)
    const sum = Number(r.vote_value_sum)
    const appCount = Number(r.app_count)
    const appSum = Number(r.app_sum)
    const row = {
      rating_id: ratingId,
      entity_pk_value: productId,
      vote_count: count,
      vote_value_sum: sum,
      // PHP floats into SMALLINT: MariaDB rounds half away from zero.
      percent: Math.round((sum / count / 5) * 100),
      percent_approved: appCount > 0 ? Math.round((appSum / appCount / 5) * 100) : 0,
      store_id: storeId,
    }
    const primary = old.get(storeId)
    if (primary !== undefined) await s.update(conn, 'rating_option_vote_aggregated', row, 'primary_id = ?', [primary])
    else await s.insert(conn, 'rating_option_vote_aggregated', row)
    used.add(storeId)
  }
  for (const [storeId, primary] of old)
    if (!used.has(storeId)) await exec(conn, `DELETE FROM ${agg} WHERE primary_id = ?`, [primary])
}

/**
 * Mage_Review_Model_Resource_Review::aggregate: Mage_Rating's getEntitySummary (SUM / COUNT of
 * vote percents of approved reviews per review store where the rating is visible, plus every
 * store view with 0) → rating_summary = round(sum / count); reviews_count = approved reviews of
 * the product in that store (store 0: no store filter, as getTotalReviews does).
 */
export async function aggregateReviews(
  conn: Conn,
  ctx: WriterContext,
  model: CatalogModel,
  review: ReviewModel,
  productId: Id,
): Promise<void> {
  const s = ctx.schema
  if (!s.has('review_entity_summary')) return
  const data = await rows(
    conn,
    `SELECT review_store.store_id AS store_id, SUM(rating_vote.percent) AS sum, COUNT(*) AS cnt
       FROM ${s.t('rating_option_vote')} rating_vote
       JOIN ${s.t('review')} review ON rating_vote.review_id = review.review_id
       LEFT JOIN ${s.t('review_store')} review_store ON rating_vote.review_id = review_store.review_id
       ${review.ratingStore ? `JOIN ${s.t('rating_store')} rating_store ON rating_store.rating_id = rating_vote.rating_id AND rating_store.store_id = review_store.store_id` : ''}
      WHERE review.status_id = ${APPROVED} AND rating_vote.entity_pk_value = ?
      GROUP BY rating_vote.entity_pk_value, review_store.store_id
      ORDER BY review_store.store_id`,
    [productId],
  )
  const summaries = new Map<Id, { sum: number; count: number }>()
  for (const r of data) summaries.set(idOf(r.store_id) ?? '0', { sum: Number(r.sum), count: Number(r.cnt) })
  for (const v of model.allStoreViews) if (!summaries.has(v)) summaries.set(v, { sum: 0, count: 0 })
  const t = s.t('review_entity_summary')
  for (const [storeId, { sum, count }] of summaries) {
    const ratingSummary = count > 0 ? Math.round(sum / count) : sum
    const reviewsCount = Number(
      (
        await rows(
          conn,
          storeId !== '0'
            ? `SELECT COUNT(*) AS n FROM ${s.t('review')} r JOIN ${s.t('review_store')} st ON r.review_id = st.review_id AND st.store_id = ? WHERE r.entity_pk_value = ? AND r.status_id = ${APPROVED}`
            : `SELECT COUNT(*) AS n FROM ${s.t('review')} r WHERE r.entity_pk_value = ? AND r.status_id = ${APPROVED}`,
          storeId !== '0' ? [storeId, productId] : [productId],
        )
      )[0]?.n,
    )
    const row = {
      reviews_count: reviewsCount,
      entity_pk_value: productId,
      entity_type: review.entityId,
      rating_summary: ratingSummary > 0 ? ratingSummary : 0,
      store_id: storeId,
    }
    const old = await rows(
      conn,
      `SELECT primary_id FROM ${t} WHERE entity_pk_value = ? AND entity_type = ? AND store_id = ? LIMIT 1`,
      [productId, review.entityId, storeId],
    )
    const primary = idOf(old[0]?.primary_id)
    if (primary !== null) await s.update(conn, 'review_entity_summary', row, 'primary_id = ?', [primary])
    else await s.insert(conn, 'review_entity_summary', row)
  }
}
