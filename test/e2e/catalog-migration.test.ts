import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  compareCatalog,
  countTables,
  describeFigures,
  normalizeDecimal,
  type CatalogComparison,
} from '../support/catalog-checks.js'
import { writeConfigXml } from '../support/config-file.js'
import { describeWithFixtures, fixturePath, MAGENTO1_DUMP, MAGENTO2_DUMP } from '../support/fixtures.js'
import { loadDump } from '../support/load-dump.js'
import { runMig, startMig } from '../support/run-mig.js'
import { waitFor } from '../support/sales-checks.js'
import { queryRows, queryScalar } from '../support/sql-rows.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'
import { CATALOG_MIX, runWriter } from '../support/writer/index.js'

type Counts = Record<string, number | null>

/** The back office and storefront on the catalog from two connections at once (seeded): products, values, stock, prices, categories, deletes, reviews, votes. */
async function catalogTraffic(database: string, prefix: string, seedBase: number, operations: number): Promise<void> {
  const connections: Connection[] = await Promise.all([0, 1].map(() => openConnection(database)))
  try {
    await Promise.all(
      connections.map((connection, index) =>
        runWriter({ connection, seed: seedBase + index, tablePrefix: prefix, operations, mix: CATALOG_MIX }),
      ),
    )
  } finally {
    await Promise.all(connections.map((connection) => connection.end()))
  }
}

interface Backlog {
  pending: number
  tables: string[]
  setAside: { table: string; key: string; reason: string }[]
}

/** Everything pending in any deltalog (catalog included), and what is set aside, from `mig delta status --json`. */
async function backlog(config: string): Promise<Backlog> {
  const status = await runMig(['delta', 'status', '--json', config])
  const parsed = JSON.parse(status.stdout) as {
    tables: { table: string; pending: number }[]
    setAside?: { table: string; key: string; reason: string }[]
  }
  const pendingTables = parsed.tables.filter((table) => table.pending > 0)
  return {
    pending: pendingTables.reduce((sum, table) => sum + table.pending, 0),
    tables: pendingTables.map((table) => `${table.table} ${table.pending}`),
    setAside: (parsed.setAside ?? []).map(({ table, key, reason }) => ({ table, key, reason })),
  }
}

/**
 * Waits until every deltalog holds only changes delta set aside (a set-aside change stays captured
 * until its row changes again); on timeout says which tables still hold changes.
 */
async function drained(config: string, timeoutMs: number): Promise<void> {
  try {
    await waitFor(
      async () => {
        const now = await backlog(config)
        return now.pending === now.setAside.length
      },
      timeoutMs,
      'the catalog backlog to drain',
    )
  } catch (error) {
    throw new Error(`${(error as Error).message}; still pending: ${(await backlog(config)).tables.join(', ')}`, {
      cause: error,
    })
  }
}

/** Grew during the history (rows the writer added on top of the dump's). */
const grew = (before: Counts, after: Counts, table: string): number => (after[table] ?? 0) - (before[table] ?? 0)

for (const [prefix, destPrefix] of [
  ['', ''],
  ['magev1_', 'm2p_'],
] as const) {
  const variant = prefix ? ` (prefixes ${prefix} → ${destPrefix})` : ' (direct_document_copy 1)'
  describeWithFixtures(`products, categories, prices, gallery, stock and reviews reach Magento 2${variant}`, () => {
    const dbs = useTestDatabases()
    let m1: string
    let m2: string
    let config: string
    let m1db: Connection
    let m2db: Connection
    let dumpCounts: Counts
    const t = (table: string): string => `\`${prefix}${table}\``
    const d = (table: string): string => `\`${destPrefix}${table}\``
    const query = queryRows
    const scalar = queryScalar
    const insertId = async (sql: string, params: unknown[]): Promise<string> => {
      await m1db.query(sql, params)
      return scalar(m1db, 'SELECT CAST(LAST_INSERT_ID() AS CHAR) AS id')
    }
    const deltaOnce = async (): Promise<void> => {
      const result = await runMig(['delta', 'run', '--once', config])
      expect(result.code, result.stderr).toBe(0)
    }
    /** Magento 2's catalog equals Magento 1's; logs the figures. */
    const converged = async (stage: string): Promise<CatalogComparison> => {
      const comparison = await compareCatalog({ m1db, m2db, prefix, destPrefix })
      console.info(
        `catalog ${stage}${variant}: ${describeFigures(comparison.figures)}; ${comparison.differences.length} difference lines`,
      )
      expect(comparison.differences, comparison.differences.join('\n')).toEqual([])
      return comparison
    }

    beforeAll(async () => {
      m1 = await dbs.create('cat_m1')
      m2 = await dbs.create('cat_m2')
      await Promise.all([
        loadDump(m1, fixturePath(MAGENTO1_DUMP), { tablePrefix: prefix }),
        loadDump(m2, fixturePath(MAGENTO2_DUMP), { tablePrefix: destPrefix }),
      ])
      m1db = await openConnection(m1)
      m2db = await openConnection(m2)
      dumpCounts = await countTables(m1db, prefix)
      // The store's history before the migration: products created, edited, priced, stocked, categorised, deleted; reviews and votes.
      await catalogTraffic(m1, prefix, 900, 250)
      // Two storefront requests aggregating one product's reviews at once leave two summaries (Magento 1
      // inserts after a SELECT); Magento 2 has a unique key there. One such pair, whatever the race did.
      const summary = `${prefix}review_entity_summary`
      await m1db.query(
        `INSERT INTO ${summary} (entity_pk_value, entity_type, reviews_count, rating_summary, store_id) SELECT entity_pk_value, entity_type, reviews_count + 1, rating_summary, store_id FROM ${summary} ORDER BY primary_id LIMIT 1`,
      )
      // The plain store copies handler-free tables server-side (direct_document_copy), the prefixed one moves
      // every row through mig: the deletes (and Magento 1's cascades behind them) must arrive either way.
      config = writeConfigXml({
        source: m1,
        destination: m2,
        options: {
          source_prefix: prefix,
          dest_prefix: destPrefix,
          bulk_size: '0',
          ...(prefix === '' ? { direct_document_copy: '1' } : {}),
        },
      })
    })

    afterAll(async () => {
      await m1db?.end()
      await m2db?.end()
    })

    it('the history exercised the catalog tables', async () => {
      const after = await countTables(m1db, prefix)
      const table = (name: string): string => `${name} ${dumpCounts[name] ?? '–'}→${after[name] ?? '–'}`
      console.info(
        `catalog history${variant} (Magento 1 rows, dump → after the history): ${Object.keys(after).map(table).join(', ')}`,
      )
      for (const name of [
        'catalog_product_entity',
        'catalog_product_entity_varchar',
        'catalog_product_entity_decimal',
        'catalog_product_website',
        'catalog_category_product',
        'cataloginventory_stock_item',
      ]) {
        expect(grew(dumpCounts, after, name), name).toBeGreaterThan(0)
      }
      for (const name of [
        'catalog_product_entity_tier_price',
        'review',
        'review_detail',
        'review_store',
        'rating_option_vote',
        'rating_option_vote_aggregated',
        'review_entity_summary',
      ]) {
        expect(after[name] ?? 0, name).toBeGreaterThan(0)
      }
    })

    it('mig data run: every catalog row in Magento 2 as the mapping says', async () => {
      const result = await runMig(['data', 'run', config])
      // Soft: a failed volume check still lets the comparison below say which rows differ.
      expect.soft(result.code, result.stderr).toBe(0)
      expect.soft(result.stdout).toMatch(/catalog_product_entity: [\d,]+ in/)
      expect.soft(result.stdout).toMatch(/volume check: \d+ Magento 2 tables match Magento 1/)
      const { figures } = await converged('data run')
      const tierPrices = figures.find((figure) => figure.table === 'catalog_product_entity_tier_price')
      expect(tierPrices?.magento2).toBeGreaterThan(0)
    })

    it('mig delta run keeps up with the back office and the storefront on the catalog', async () => {
      const before = await countTables(m1db, prefix)
      // --auto: a second review summary of one product and store (see the history) is set aside; without it delta stops there.
      const runner = startMig(['delta', 'run', '--interval', '1', '--auto', config])
      try {
        await catalogTraffic(m1, prefix, 1900, 300)
        await drained(config, 180_000)
      } finally {
        runner.child.kill('SIGINT')
      }
      const result = await runner.result
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toMatch(
        /^cycle \d+: [\d,]+ changes applied in [\d.]+s \([\d,]+\/s\), backlog [\d,]+, lag [\dhms.]+/m,
      )
      // Only second summaries of one product and store (see the history) are set aside, with the holder named.
      const aside = (await backlog(config)).setAside
      expect(aside.length).toBeGreaterThan(0)
      for (const row of aside) {
        expect(row.table).toBe('review_entity_summary')
        expect(row.reason).toMatch(
          /review_entity_summary: entity_pk_value=\S+, store_id=\S+, entity_type=\S+ already belongs to another Magento 2 row \(primary_id=\S+\)/,
        )
      }
      const after = await converged('delta run')
      const changed = after.figures
        .filter((figure) => figure.magento1 !== null && figure.magento1 !== before[figure.table])
        .map((figure) => figure.table)
      expect(changed).toEqual(expect.arrayContaining(['catalog_product_entity', 'review', 'rating_option_vote']))
      // mig's own verification agrees: every catalog table but the merged tier prices, row for row.
      const verify = await runMig(['verify', config])
      expect(verify.code, verify.stdout).toBe(0)
      // The second summary of a product and store is set aside, not a difference.
      expect(verify.stdout).toMatch(
        /^verify: clean — \d+ tables, [\d,]+ rows, \d+ rows set aside \(see `mig delta status`\)$/m,
      )
      expect(verify.stdout).toMatch(
        /^set aside \(its reason is in `mig delta status`\): missing review_entity_summary primary_id=\d+/m,
      )
      expect(verify.stdout).toMatch(/^catalog_product_entity_media_gallery_value → \S+: [\d,]+ rows/m)
    })

    /** A product with everything hanging off it: values, category link, website, stock (from the history), plus tier and group price, gallery image, links both ways, a review with its vote. */
    const productWithEverything = async (): Promise<{
      id: string
      other: string
      galleryIds: string[]
      linkIds: string[]
      reviewIds: string[]
    }> => {
      const id = await scalar(
        m1db,
        `SELECT CAST(p.entity_id AS CHAR) AS id FROM ${t('catalog_product_entity')} p
         WHERE EXISTS (SELECT 1 FROM ${t('catalog_category_product')} c WHERE c.product_id = p.entity_id) AND EXISTS (SELECT 1 FROM ${t('cataloginventory_stock_item')} s WHERE s.product_id = p.entity_id)
           AND EXISTS (SELECT 1 FROM ${t('catalog_product_website')} w WHERE w.product_id = p.entity_id) AND EXISTS (SELECT 1 FROM ${t('catalog_product_entity_varchar')} v WHERE v.entity_id = p.entity_id)
         ORDER BY p.entity_id DESC LIMIT 1`,
      )
      const other = await scalar(
        m1db,
        `SELECT CAST(MIN(entity_id) AS CHAR) AS id FROM ${t('catalog_product_entity')} WHERE entity_id <> ?`,
        [id],
      )
      const group = await scalar(
        m1db,
        `SELECT CAST(MIN(customer_group_id) AS CHAR) AS id FROM ${t('customer_group')} WHERE customer_group_id > 0`,
      )
      await m1db.query(
        `INSERT IGNORE INTO ${t('catalog_product_entity_tier_price')} (entity_id, all_groups, customer_group_id, qty, value, website_id) VALUES (?, 1, 0, 7.0000, 3.2100, 0)`,
        [id],
      )
      await m1db.query(
        `INSERT IGNORE INTO ${t('catalog_product_entity_group_price')} (entity_id, all_groups, customer_group_id, value, website_id) VALUES (?, 0, ?, 4.5600, 0)`,
        [id, group],
      )
      const mediaGallery = await scalar(
        m1db,
        `SELECT CAST(a.attribute_id AS CHAR) AS id FROM ${t('eav_attribute')} a JOIN ${t('eav_entity_type')} e USING (entity_type_id) WHERE e.entity_type_code = 'catalog_product' AND a.attribute_code = 'media_gallery'`,
      )
      const image = await insertId(
        `INSERT INTO ${t('catalog_product_entity_media_gallery')} (attribute_id, entity_id, value) VALUES (?, ?, '/v/i/victim-zoë.jpg')`,
        [mediaGallery, id],
      )
      await m1db.query(
        `INSERT INTO ${t('catalog_product_entity_media_gallery_value')} (value_id, store_id, label, position, disabled) VALUES (?, 0, 'Zoë — front', 1, 0), (?, 1, 'Store label', 2, 1)`,
        [image, image],
      )
      const relation = await scalar(
        m1db,
        `SELECT CAST(link_type_id AS CHAR) AS id FROM ${t('catalog_product_link_type')} WHERE code = 'relation'`,
      )
      const position = await scalar(
        m1db,
        `SELECT CAST(product_link_attribute_id AS CHAR) AS id FROM ${t('catalog_product_link_attribute')} WHERE link_type_id = ? AND product_link_attribute_code = 'position'`,
        [relation],
      )
      const linkIds: string[] = []
      for (const [from, to] of [
        [id, other],
        [other, id],
      ]) {
        const link = await insertId(
          `INSERT INTO ${t('catalog_product_link')} (product_id, linked_product_id, link_type_id) VALUES (?, ?, ?)`,
          [from, to, relation],
        )
        await m1db.query(
          `INSERT INTO ${t('catalog_product_link_attribute_int')} (product_link_attribute_id, link_id, value) VALUES (?, ?, ?)`,
          [position, link, linkIds.length + 1],
        )
        linkIds.push(link)
      }
      // A grouped product's member, with its default quantity (a decimal link attribute).
      const grouped = await scalar(
        m1db,
        `SELECT CAST(link_type_id AS CHAR) AS id FROM ${t('catalog_product_link_type')} WHERE code = 'super'`,
      )
      const qty = await scalar(
        m1db,
        `SELECT CAST(product_link_attribute_id AS CHAR) AS id FROM ${t('catalog_product_link_attribute')} WHERE link_type_id = ? AND product_link_attribute_code = 'qty'`,
        [grouped],
      )
      const member = await insertId(
        `INSERT INTO ${t('catalog_product_link')} (product_id, linked_product_id, link_type_id) VALUES (?, ?, ?)`,
        [id, other, grouped],
      )
      await m1db.query(
        `INSERT INTO ${t('catalog_product_link_attribute_decimal')} (product_link_attribute_id, link_id, value) VALUES (?, ?, 2.5000)`,
        [qty, member],
      )
      linkIds.push(member)
      const reviewEntity = await scalar(
        m1db,
        `SELECT CAST(entity_id AS CHAR) AS id FROM ${t('review_entity')} WHERE entity_code = 'product'`,
      )
      const review = await insertId(
        `INSERT INTO ${t('review')} (created_at, entity_id, entity_pk_value, status_id) VALUES (NOW(), ?, ?, 1)`,
        [reviewEntity, id],
      )
      await m1db.query(
        `INSERT INTO ${t('review_detail')} (review_id, store_id, title, detail, nickname, customer_id) VALUES (?, 1, 'Gone soon', 'Ünïcödé review ✓', 'Zoë', NULL)`,
        [review],
      )
      await m1db.query(`INSERT INTO ${t('review_store')} (review_id, store_id) VALUES (?, 0), (?, 1)`, [review, review])
      const [option] = (await query(
        m1db,
        `SELECT CAST(o.option_id AS CHAR) AS option_id, CAST(o.rating_id AS CHAR) AS rating_id, o.value FROM ${t('rating_option')} o ORDER BY o.rating_id, o.position DESC LIMIT 1`,
      )) as { option_id: string; rating_id: string; value: number }[]
      if (!option) throw new Error('no rating option in Magento 1')
      await m1db.query(
        `INSERT INTO ${t('rating_option_vote')} (option_id, remote_ip, remote_ip_long, customer_id, entity_pk_value, rating_id, review_id, percent, value) VALUES (?, '127.0.0.1', 2130706433, NULL, ?, ?, ?, ?, ?)`,
        [option.option_id, id, option.rating_id, review, option.value * 20, option.value],
      )
      // In a shopper's cart: Magento 1 removes cart items with the product (a cascade Magento 2's quote_item has no key for).
      const quote = await scalar(m1db, `SELECT CAST(MIN(entity_id) AS CHAR) AS id FROM ${t('sales_flat_quote')}`)
      const cartItem = await insertId(
        `INSERT INTO ${t('sales_flat_quote_item')} (quote_id, product_id, store_id, sku, name, qty, price, base_price, row_total, base_row_total, product_type, created_at, updated_at) VALUES (?, ?, 1, 'victim', 'Victim', 1, 9.5, 9.5, 9.5, 9.5, 'simple', NOW(), NOW())`,
        [quote, id],
      )
      await m1db.query(
        `INSERT INTO ${t('sales_flat_quote_item_option')} (item_id, product_id, code, value) VALUES (?, ?, 'info_buyRequest', 'a:1:{s:3:"qty";i:1;}')`,
        [cartItem, id],
      )
      const galleryIds = [
        image,
        ...(
          await query(
            m1db,
            `SELECT CAST(value_id AS CHAR) AS id FROM ${t('catalog_product_entity_media_gallery')} WHERE entity_id = ? AND value_id <> ?`,
            [id, image],
          )
        ).map((row) => String(row['id'])),
      ]
      const reviewIds = (
        await query(
          m1db,
          `SELECT CAST(review_id AS CHAR) AS id FROM ${t('review')} WHERE entity_pk_value = ? AND entity_id = ?`,
          [id, reviewEntity],
        )
      ).map((row) => String(row['id']))
      return { id, other, galleryIds, linkIds, reviewIds }
    }

    it('deleting a product removes its values, links, stock, prices, gallery and reviews in Magento 2', async () => {
      const { id, galleryIds, linkIds, reviewIds } = await productWithEverything()
      await deltaOnce()
      const list = (ids: readonly string[]): string => ids.map(() => '?').join(', ')
      const inM2 = async (): Promise<Record<string, number>> => {
        const count = async (sql: string, params: readonly string[]): Promise<number> =>
          Number(await scalar(m2db, sql, [...params]))
        const values = await Promise.all(
          ['datetime', 'decimal', 'int', 'text', 'varchar'].map((type) =>
            count(`SELECT COUNT(*) FROM ${d(`catalog_product_entity_${type}`)} WHERE entity_id = ?`, [id]),
          ),
        )
        return {
          product: await count(`SELECT COUNT(*) FROM ${d('catalog_product_entity')} WHERE entity_id = ?`, [id]),
          values: values.reduce((sum, n) => sum + n, 0),
          categoryLinks: await count(`SELECT COUNT(*) FROM ${d('catalog_category_product')} WHERE product_id = ?`, [
            id,
          ]),
          websites: await count(`SELECT COUNT(*) FROM ${d('catalog_product_website')} WHERE product_id = ?`, [id]),
          stock: await count(`SELECT COUNT(*) FROM ${d('cataloginventory_stock_item')} WHERE product_id = ?`, [id]),
          tierPrices: await count(
            `SELECT COUNT(*) FROM ${d('catalog_product_entity_tier_price')} WHERE entity_id = ?`,
            [id],
          ),
          gallery: await count(
            `SELECT COUNT(*) FROM ${d('catalog_product_entity_media_gallery')} WHERE value_id IN (${list(galleryIds)})`,
            galleryIds,
          ),
          galleryValues: await count(
            `SELECT COUNT(*) FROM ${d('catalog_product_entity_media_gallery_value')} WHERE value_id IN (${list(galleryIds)}) OR entity_id = ?`,
            [...galleryIds, id],
          ),
          galleryToEntity: await count(
            `SELECT COUNT(*) FROM ${d('catalog_product_entity_media_gallery_value_to_entity')} WHERE value_id IN (${list(galleryIds)}) OR entity_id = ?`,
            [...galleryIds, id],
          ),
          links: await count(
            `SELECT COUNT(*) FROM ${d('catalog_product_link')} WHERE link_id IN (${list(linkIds)}) OR product_id = ? OR linked_product_id = ?`,
            [...linkIds, id, id],
          ),
          linkValues: await count(
            `SELECT COUNT(*) FROM ${d('catalog_product_link_attribute_int')} WHERE link_id IN (${list(linkIds)})`,
            linkIds,
          ),
          linkQuantities: await count(
            `SELECT COUNT(*) FROM ${d('catalog_product_link_attribute_decimal')} WHERE link_id IN (${list(linkIds)})`,
            linkIds,
          ),
          reviews: await count(
            `SELECT COUNT(*) FROM ${d('review')} WHERE review_id IN (${list(reviewIds)})`,
            reviewIds,
          ),
          reviewDetails: await count(
            `SELECT COUNT(*) FROM ${d('review_detail')} WHERE review_id IN (${list(reviewIds)})`,
            reviewIds,
          ),
          votes: await count(`SELECT COUNT(*) FROM ${d('rating_option_vote')} WHERE entity_pk_value = ?`, [id]),
          cartItems: await count(`SELECT COUNT(*) FROM ${d('quote_item')} WHERE product_id = ?`, [id]),
          cartItemOptions: await count(`SELECT COUNT(*) FROM ${d('quote_item_option')} WHERE product_id = ?`, [id]),
        }
      }
      const before = await inM2()
      expect(before, `Magento 2 before the delete: ${JSON.stringify(before)}`).toMatchObject({
        product: 1,
        gallery: galleryIds.length,
        galleryToEntity: galleryIds.length,
        links: 3,
        linkValues: 2,
        linkQuantities: 1,
      })
      for (const [what, n] of Object.entries(before)) expect(n, what).toBeGreaterThan(0)

      // As Magento 1's admin deletes a product: one DELETE (the foreign keys remove values, links, stock, prices, gallery),
      // then Mage_Review's and Mage_Rating's product-delete observers remove its reviews, summaries and aggregated votes.
      await m1db.query(`DELETE FROM ${t('catalog_product_entity')} WHERE entity_id = ?`, [id])
      await m1db.query(`DELETE FROM ${t('review')} WHERE review_id IN (${list(reviewIds)})`, reviewIds)
      await m1db.query(`DELETE FROM ${t('review_entity_summary')} WHERE entity_pk_value = ?`, [id])
      await m1db.query(`DELETE FROM ${t('rating_option_vote_aggregated')} WHERE entity_pk_value = ?`, [id])
      await deltaOnce()
      const after = await inM2()
      expect(after).toEqual(Object.fromEntries(Object.keys(before).map((what) => [what, 0])))
      await converged('after a product delete')
    })

    /** Magento 2's tier price rows of a product: `all_groups/group qty → value` (decimals normalised), percentage_value must stay NULL. */
    const tierRowsInM2 = async (id: string): Promise<string[]> => {
      const rows = (await query(
        m2db,
        `SELECT all_groups, customer_group_id, CAST(qty AS CHAR) AS qty, CAST(value AS CHAR) AS value, percentage_value FROM ${d('catalog_product_entity_tier_price')} WHERE entity_id = ? ORDER BY customer_group_id, qty`,
        [id],
      )) as {
        all_groups: number
        customer_group_id: number
        qty: string
        value: string
        percentage_value: string | null
      }[]
      return rows.map(
        (row) =>
          `${row.all_groups}/${row.customer_group_id} qty ${normalizeDecimal(row.qty)} → ${normalizeDecimal(row.value)}${row.percentage_value === null ? '' : ` (percentage ${row.percentage_value})`}`,
      )
    }
    const productWithoutPrices = async (): Promise<string> =>
      scalar(
        m1db,
        `SELECT CAST(MIN(p.entity_id) AS CHAR) AS id FROM ${t('catalog_product_entity')} p
         WHERE NOT EXISTS (SELECT 1 FROM ${t('catalog_product_entity_tier_price')} x WHERE x.entity_id = p.entity_id) AND NOT EXISTS (SELECT 1 FROM ${t('catalog_product_entity_group_price')} g WHERE g.entity_id = p.entity_id)`,
      )

    it('a group price and a qty 1 tier price for one group become one Magento 2 tier price with the lower value, and follow their deletes', async () => {
      const id = await productWithoutPrices()
      const groups = (
        await query(
          m1db,
          `SELECT CAST(customer_group_id AS CHAR) AS id FROM ${t('customer_group')} WHERE customer_group_id > 0 ORDER BY customer_group_id LIMIT 2`,
        )
      ).map((row) => String(row['id']))
      const [cheaperGroupPrice, cheaperTier] = groups as [string, string]
      const tier = t('catalog_product_entity_tier_price')
      const groupPrice = t('catalog_product_entity_group_price')
      await m1db.query(
        `INSERT INTO ${tier} (entity_id, all_groups, customer_group_id, qty, value, website_id) VALUES (?, 0, ?, 1.0000, 19.9900, 0), (?, 0, ?, 1.0000, 11.1000, 0)`,
        [id, cheaperGroupPrice, id, cheaperTier],
      )
      await m1db.query(
        `INSERT INTO ${groupPrice} (entity_id, all_groups, customer_group_id, value, website_id) VALUES (?, 0, ?, 17.5000, 0), (?, 0, ?, 12.3400, 0)`,
        [id, cheaperGroupPrice, id, cheaperTier],
      )
      await deltaOnce()
      expect(await tierRowsInM2(id)).toEqual([`0/${cheaperGroupPrice} qty 1 → 17.5`, `0/${cheaperTier} qty 1 → 11.1`])

      // The lower one goes: the other's value remains.
      await m1db.query(`DELETE FROM ${groupPrice} WHERE entity_id = ? AND customer_group_id = ?`, [
        id,
        cheaperGroupPrice,
      ])
      await m1db.query(`DELETE FROM ${tier} WHERE entity_id = ? AND customer_group_id = ?`, [id, cheaperTier])
      await deltaOnce()
      expect(await tierRowsInM2(id)).toEqual([`0/${cheaperGroupPrice} qty 1 → 19.99`, `0/${cheaperTier} qty 1 → 12.34`])
      await converged('after deleting the lower of a tier and a group price')

      // Both go: no row.
      await m1db.query(`DELETE FROM ${tier} WHERE entity_id = ?`, [id])
      await m1db.query(`DELETE FROM ${groupPrice} WHERE entity_id = ?`, [id])
      await deltaOnce()
      expect(await tierRowsInM2(id)).toEqual([])
      await converged('after deleting both prices')
    })

    it('a tier price with a fractional qty is added and removed', async () => {
      const id = await productWithoutPrices()
      const tier = t('catalog_product_entity_tier_price')
      await m1db.query(
        `INSERT INTO ${tier} (entity_id, all_groups, customer_group_id, qty, value, website_id) VALUES (?, 1, 0, 2.5000, 7.2500, 0)`,
        [id],
      )
      await deltaOnce()
      expect(await tierRowsInM2(id)).toEqual(['1/0 qty 2.5 → 7.25'])
      const [row] = (await query(
        m2db,
        `SELECT CAST(qty AS CHAR) AS qty FROM ${d('catalog_product_entity_tier_price')} WHERE entity_id = ?`,
        [id],
      )) as { qty: string }[]
      expect(row?.qty).toBe('2.5000')
      await converged('after adding a fractional qty tier price')
      await m1db.query(`DELETE FROM ${tier} WHERE entity_id = ? AND qty = 2.5`, [id])
      await deltaOnce()
      expect(await tierRowsInM2(id)).toEqual([])
      await converged('after removing it')
    })

    it("a downloadable product's links, titles, prices and samples follow the admin's saves and deletes", async () => {
      const id = await productWithoutPrices()
      await m1db.query(`UPDATE ${t('catalog_product_entity')} SET type_id = 'downloadable' WHERE entity_id = ?`, [id])
      const link = await insertId(
        `INSERT INTO ${t('downloadable_link')} (product_id, sort_order, number_of_downloads, is_shareable, link_url, link_file, link_type, sample_url, sample_file, sample_type) VALUES (?, 1, 3, 2, NULL, '/z/o/zoë-manual.pdf', 'file', 'https://example.com/sample', NULL, 'url')`,
        [id],
      )
      await m1db.query(
        `INSERT INTO ${t('downloadable_link_title')} (link_id, store_id, title) VALUES (?, 0, 'Handbuch — München'), (?, 1, 'Manual')`,
        [link, link],
      )
      await m1db.query(
        `INSERT INTO ${t('downloadable_link_price')} (link_id, website_id, price) VALUES (?, 0, 4.9900)`,
        [link],
      )
      const sample = await insertId(
        `INSERT INTO ${t('downloadable_sample')} (product_id, sample_url, sample_file, sample_type, sort_order) VALUES (?, NULL, '/s/a/sample.mp3', 'file', 1)`,
        [id],
      )
      await m1db.query(
        `INSERT INTO ${t('downloadable_sample_title')} (sample_id, store_id, title) VALUES (?, 0, 'Hörprobe')`,
        [sample],
      )
      await deltaOnce()
      const inM2 = async (): Promise<string> =>
        scalar(
          m2db,
          `SELECT CONCAT((SELECT COUNT(*) FROM ${d('downloadable_link')} WHERE product_id = ?), '/', (SELECT COUNT(*) FROM ${d('downloadable_link_title')} WHERE link_id = ?), '/',
             (SELECT COUNT(*) FROM ${d('downloadable_link_price')} WHERE link_id = ?), '/', (SELECT COUNT(*) FROM ${d('downloadable_sample')} WHERE product_id = ?), '/',
             (SELECT COUNT(*) FROM ${d('downloadable_sample_title')} WHERE sample_id = ?)) AS n`,
          [id, link, link, id, sample],
        )
      expect(await inM2()).toBe('1/2/1/1/1')
      await converged('after adding a downloadable link and sample')
      // A shopper bought it: Mage_Downloadable's observer saves the purchase and its link with a hash to download by.
      const [item] = (await query(
        m1db,
        `SELECT CAST(item_id AS CHAR) AS item, CAST(order_id AS CHAR) AS orderId FROM ${t('sales_flat_order_item')} ORDER BY item_id DESC LIMIT 1`,
      )) as { item: string; orderId: string }[]
      if (!item) throw new Error('no order item in Magento 1')
      const purchased = await insertId(
        `INSERT INTO ${t('downloadable_link_purchased')} (order_id, order_increment_id, order_item_id, created_at, updated_at, customer_id, product_name, product_sku, link_section_title) VALUES (?, NULL, ?, NOW(), NOW(), NULL, 'Manual', 'W-DL', 'Links')`,
        [item.orderId, item.item],
      )
      await m1db.query(
        `INSERT INTO ${t('downloadable_link_purchased_item')} (purchased_id, order_item_id, product_id, link_hash, number_of_downloads_bought, number_of_downloads_used, link_id, link_title, is_shareable, link_url, link_file, link_type, status, created_at, updated_at) VALUES (?, ?, ?, 'a1b2c3', 3, 1, ?, 'Manual', 2, NULL, '/z/o/zoë-manual.pdf', 'file', 'available', NOW(), NOW())`,
        [purchased, item.item, id, link],
      )
      await deltaOnce()
      expect(
        await scalar(
          m2db,
          `SELECT CONCAT(p.product_sku, '/', i.link_hash, '/', i.number_of_downloads_used) AS n FROM ${d('downloadable_link_purchased')} p JOIN ${d('downloadable_link_purchased_item')} i USING (purchased_id) WHERE p.purchased_id = ?`,
          [purchased],
        ),
      ).toBe('W-DL/a1b2c3/1')
      await converged('after a purchase of the downloadable product')
      // The admin edits a title, then removes the link (its titles and price go by Magento 1's cascade) and the sample.
      await m1db.query(
        `UPDATE ${t('downloadable_link_title')} SET title = 'Manual v2' WHERE link_id = ? AND store_id = 1`,
        [link],
      )
      await deltaOnce()
      await converged('after renaming a downloadable link')
      await m1db.query(`DELETE FROM ${t('downloadable_link')} WHERE link_id = ?`, [link])
      await m1db.query(`DELETE FROM ${t('downloadable_sample')} WHERE sample_id = ?`, [sample])
      await deltaOnce()
      expect(await inM2()).toBe('0/0/0/0/0')
      await converged('after removing them')
    })

    it('deleting a category with a child, as the admin does, removes both with their values and product links in Magento 2', async () => {
      const [type] = (await query(
        m1db,
        `SELECT CAST(entity_type_id AS CHAR) AS type, CAST(default_attribute_set_id AS CHAR) AS attributeSet FROM ${t('eav_entity_type')} WHERE entity_type_code = 'catalog_category'`,
      )) as { type: string; attributeSet: string }[]
      if (!type) throw new Error('no catalog_category entity type in Magento 1')
      const name = await scalar(
        m1db,
        `SELECT CAST(attribute_id AS CHAR) AS id FROM ${t('eav_attribute')} WHERE entity_type_id = ? AND attribute_code = 'name'`,
        [type.type],
      )
      const root = await scalar(
        m1db,
        `SELECT CAST(MIN(entity_id) AS CHAR) AS id FROM ${t('catalog_category_entity')} WHERE level = 1`,
      )
      const rootPath = await scalar(m1db, `SELECT path FROM ${t('catalog_category_entity')} WHERE entity_id = ?`, [
        root,
      ])
      const category = async (
        parent: string,
        parentPath: string,
        level: number,
        label: string,
      ): Promise<{ id: string; path: string }> => {
        const id = await insertId(
          `INSERT INTO ${t('catalog_category_entity')} (entity_type_id, attribute_set_id, parent_id, created_at, updated_at, path, position, level, children_count) VALUES (?, ?, ?, NOW(), NOW(), '', 99, ?, 0)`,
          [type.type, type.attributeSet, parent, level],
        )
        const path = `${parentPath}/${id}`
        await m1db.query(`UPDATE ${t('catalog_category_entity')} SET path = ? WHERE entity_id = ?`, [path, id])
        await m1db.query(
          `INSERT INTO ${t('catalog_category_entity_varchar')} (entity_type_id, attribute_id, store_id, entity_id, value) VALUES (?, ?, 0, ?, ?), (?, ?, 1, ?, ?)`,
          [type.type, name, id, label, type.type, name, id, `${label} (store view)`],
        )
        return { id, path }
      }
      const parent = await category(root, rootPath, 2, 'Zoë’s Kitchen')
      const child = await category(parent.id, parent.path, 3, 'Teapots 東京')
      await m1db.query(
        `UPDATE ${t('catalog_category_entity')} SET children_count = children_count + 1 WHERE entity_id = ?`,
        [parent.id],
      )
      const product = await productWithoutPrices()
      await m1db.query(
        `INSERT INTO ${t('catalog_category_product')} (category_id, product_id, position) VALUES (?, ?, 1), (?, ?, 2)`,
        [parent.id, product, child.id, product],
      )
      await deltaOnce()
      const inM2 = async (): Promise<string> =>
        scalar(
          m2db,
          `SELECT CONCAT((SELECT COUNT(*) FROM ${d('catalog_category_entity')} WHERE entity_id IN (?, ?)), '/', (SELECT COUNT(*) FROM ${d('catalog_category_entity_varchar')} WHERE entity_id IN (?, ?)), '/',
             (SELECT COUNT(*) FROM ${d('catalog_category_product')} WHERE category_id IN (?, ?))) AS n`,
          [parent.id, child.id, parent.id, child.id, parent.id, child.id],
        )
      expect(await inM2()).toBe('2/4/2')
      await converged('after adding a category tree')
      // Mage_Catalog_Model_Resource_Category: the children by path, then the category; the parent's children_count;
      // values and product links go by Magento 1's cascades (no trigger fires for them).
      await m1db.query(`DELETE FROM ${t('catalog_category_entity')} WHERE path LIKE ?`, [`${parent.path}/%`])
      await m1db.query(`DELETE FROM ${t('catalog_category_entity')} WHERE entity_id = ?`, [parent.id])
      await m1db.query(
        `UPDATE ${t('catalog_category_entity')} SET children_count = children_count - 2 WHERE entity_id = ?`,
        [root],
      )
      await deltaOnce()
      expect(await inM2()).toBe('0/0/0')
      await converged('after deleting the category tree')
    })

    it("a merchant's own rating, its options, stores and titles reach Magento 2, and so do the votes on it", async () => {
      const productEntity = await scalar(
        m1db,
        `SELECT CAST(entity_id AS CHAR) AS id FROM ${t('rating_entity')} WHERE entity_code = 'product'`,
      )
      const rating = await insertId(
        `INSERT INTO ${t('rating')} (entity_id, rating_code, position) VALUES (?, 'Lieferung – Zoë', 4)`,
        [productEntity],
      )
      const options: string[] = []
      for (let value = 1; value <= 5; value++)
        options.push(
          await insertId(`INSERT INTO ${t('rating_option')} (rating_id, code, value, position) VALUES (?, ?, ?, ?)`, [
            rating,
            String(value),
            value,
            value,
          ]),
        )
      await m1db.query(`INSERT INTO ${t('rating_store')} (rating_id, store_id) VALUES (?, 0), (?, 1)`, [rating, rating])
      await m1db.query(`INSERT INTO ${t('rating_title')} (rating_id, store_id, value) VALUES (?, 1, 'Delivery')`, [
        rating,
      ])
      const product = await productWithoutPrices()
      const reviewEntity = await scalar(
        m1db,
        `SELECT CAST(entity_id AS CHAR) AS id FROM ${t('review_entity')} WHERE entity_code = 'product'`,
      )
      const review = await insertId(
        `INSERT INTO ${t('review')} (created_at, entity_id, entity_pk_value, status_id) VALUES (NOW(), ?, ?, 2)`,
        [reviewEntity, product],
      )
      await m1db.query(
        `INSERT INTO ${t('review_detail')} (review_id, store_id, title, detail, nickname) VALUES (?, 1, 'Fast', 'Arrived in two days', 'Ørsted')`,
        [review],
      )
      await m1db.query(`INSERT INTO ${t('review_store')} (review_id, store_id) VALUES (?, 0), (?, 1)`, [review, review])
      await m1db.query(
        `INSERT INTO ${t('rating_option_vote')} (option_id, remote_ip, remote_ip_long, customer_id, entity_pk_value, rating_id, review_id, percent, value) VALUES (?, '10.0.0.7', 167772167, NULL, ?, ?, ?, 80, 4)`,
        [options[3], product, rating, review],
      )
      await deltaOnce()
      expect(
        await scalar(
          m2db,
          `SELECT CONCAT(rating_code, '/', (SELECT COUNT(*) FROM ${d('rating_option')} WHERE rating_id = ?)) AS n FROM ${d('rating')} WHERE rating_id = ?`,
          [rating, rating],
        ),
      ).toBe('Lieferung – Zoë/5')
      expect(
        await scalar(
          m2db,
          `SELECT COUNT(*) AS n FROM ${d('rating_option_vote')} WHERE rating_id = ? AND review_id = ?`,
          [rating, review],
        ),
      ).toBe('1')
      await converged("after a merchant's rating and a vote on it")
    })
  })
}
