import {
  MapDelta,
  quoteIdentifier as q,
  type ChangeFailure,
  type ChangeSet,
  type DataProgressListener,
  type DeltaEnvironment,
  type IntegrityProblem,
  type LoadedChanges,
  type PendingChange,
  type RelocatedReference,
  type RoundSummary,
  type Session,
  type SqlRow,
  type SqlValue,
  type TablePlan,
} from '@mig/core'
import {
  BUNDLE_OPTION,
  BUNDLE_OPTION_VALUE,
  GALLERY,
  GALLERY_LINK,
  GALLERY_VALUE,
  GROUP_PRICE,
  PRODUCT,
  TIER_PRICE,
} from './catalog-tables.js'
import { invalidateCatalogIndexers } from './indexers/catalog-indexers.js'
import { GALLERY_LINK_KEY, removeStaleGalleryLinks } from './media/gallery-links.js'
import { pluginName } from './plugin-name.js'
import { PRICE_GROUP_KEY, priceKeyIdentity, priceKeyOf } from './prices/one-unit-price.js'
import { PriceSources } from './prices/price-sources.js'
import { TierPriceMerge } from './prices/tier-price-merge.js'
import { readColumnById } from './source-lookup.js'
import { removeReplacedUrlRewrites } from './urls/replaced-url-rewrites.js'

type Item = { readonly change: PendingChange; readonly row: SqlRow }

/** Magento 2 columns this step fills that map.xml cannot: a gallery value's product, a bundle option title's product. */
const FILLED_BY_STEP: Readonly<Record<string, string>> = {
  [GALLERY_VALUE]: 'entity_id',
  [BUNDLE_OPTION_VALUE]: 'parent_product_id',
}

/**
 * Products, categories, their EAV values and links, prices, stock, gallery and reviews, as map.xml
 * describes them (EAV ids are Magento 1's after the data run's alignment, so values copy as they
 * are), plus what map.xml cannot say: group prices become one-unit tier prices, a gallery entry's
 * product moves to Magento 2's link table, bundle option titles carry their product, and Magento 2's
 * catalog indexers are marked for rebuilding.
 */
export class CatalogDelta extends MapDelta {
  private prices: TierPriceMerge | undefined

  /** Values and entities carry attribute and attribute set ids: applied once the data run aligned them. */
  override readonly needsEavAlignment = true

  constructor() {
    super('catalog delta', { trackedBy: pluginName })
  }

  override async prepare(environment: DeltaEnvironment): Promise<readonly IntegrityProblem[]> {
    const problems = await super.prepare(environment)
    const tier = this.tablePlan(TIER_PRICE)
    const transformer = tier?.transformer
    if (tier && transformer && tier.destinationKey) {
      const groupTable = this.sourceTable(GROUP_PRICE)
      const sources = new PriceSources(
        environment.source,
        tier.sourcePhysical,
        environment.sourceSchema.has(groupTable) ? groupTable : undefined,
      )
      this.prices = new TierPriceMerge(sources, (row) => transformer.transform(row), tier.destinationKey)
    }
    return this.tablePlan(GALLERY)?.transformer && !this.linkTable()
      ? [...problems, this.missingGalleryLinks()]
      : problems
  }

  /** Without Magento 2's link table a gallery entry would lose its product: the gallery is not applied. */
  private missingGalleryLinks(): IntegrityProblem {
    return {
      kind: 'missing-destination-table',
      table: GALLERY_LINK,
      message: `Magento 2 has no ${this.requireEnvironment().config.options.destPrefix}${GALLERY_LINK}, where a gallery entry's product goes (Magento 2.1 and later); the gallery tables stay pending`,
    }
  }

  override applies(table: string): boolean {
    if (table === GROUP_PRICE) return this.prices !== undefined
    if (table === GALLERY || table === GALLERY_VALUE) return this.linkTable() !== undefined && super.applies(table)
    return super.applies(table)
  }

  /** Tables whose rows this step must see one by one, even where the server could copy them. */
  protected override allowsServerSideCopy(table: string): boolean {
    return ![TIER_PRICE, GROUP_PRICE, GALLERY, GALLERY_VALUE, BUNDLE_OPTION_VALUE].includes(table)
  }

  /** Group prices land in Magento 2's tier price table, matched on its key without qty (always one unit). */
  override destinationKeyOf(
    table: string,
  ): { table: string; columns: readonly string[]; folds: readonly boolean[] } | undefined {
    if (table !== GROUP_PRICE) return super.destinationKeyOf(table)
    const tier = super.destinationKeyOf(TIER_PRICE)
    return tier && this.prices
      ? { table: tier.table, columns: PRICE_GROUP_KEY, folds: PRICE_GROUP_KEY.map(() => false) }
      : undefined
  }

  /** A group price under the key of a one-unit tier price shares its Magento 2 row: counted once. */
  override copiedRowsCondition(table: string): { sql: string; params: SqlValue[] } | undefined {
    if (table !== GROUP_PRICE) return undefined
    const group = q(this.sourceTable(GROUP_PRICE))
    const same = PRICE_GROUP_KEY.map((column) => `t.${q(column)} = ${group}.${q(column)}`).join(' AND ')
    return {
      sql: `NOT EXISTS (SELECT 1 FROM ${q(this.sourceTable(TIER_PRICE))} t WHERE t.qty = 1 AND ${same})`,
      params: [],
    }
  }

  override notComparable(table: string): string | undefined {
    if (table === TIER_PRICE)
      return "Magento 2 merges group prices into tier prices (one unit, the lower price where both exist); compared by `mig data run`'s volume check only"
    if (table === GROUP_PRICE)
      return 'group prices are one-unit tier prices in Magento 2, merged with those (see catalog_product_entity_tier_price)'
    return undefined
  }

  /**
   * A gallery entry's product lives in Magento 2's link table, written with the entry: core then
   * writes the product first, holds an entry whose product Magento 2 lacks, and deletes a deleted
   * product's entries (Magento 2's cascade takes only the links). Group prices live in tier prices.
   */
  override relocatedReferences(): readonly RelocatedReference[] {
    const references: RelocatedReference[] = []
    const link = this.linkTable()
    if (link && this.tablePlan(GALLERY)?.transformer) {
      references.push({
        sourceTable: GALLERY,
        sourceColumns: ['entity_id'],
        table: link,
        columns: ['entity_id'],
        ownerColumns: ['value_id'],
        loadedAs: [LINKED_PRODUCT],
      })
    }
    // Group prices are tier price rows in Magento 2, whose own keys follow products and customer groups.
    const tier = this.destinationKeyOf(GROUP_PRICE)
    if (tier)
      for (const column of ['entity_id', 'customer_group_id'])
        references.push({ sourceTable: GROUP_PRICE, sourceColumns: [column], table: tier.table, columns: [column] })
    return references
  }

  override async load(changeSet: ChangeSet): Promise<LoadedChanges> {
    switch (changeSet.table) {
      case TIER_PRICE:
        return this.settleTier(await super.load(changeSet))
      case GROUP_PRICE:
        return this.loadGroupPrices(this.groupPriceKeys(changeSet))
      case GALLERY:
        return this.loadGallery(changeSet)
      case GALLERY_VALUE:
      case BUNDLE_OPTION_VALUE:
        return this.withStepColumns(await super.load(changeSet))
      default:
        return super.load(changeSet)
    }
  }

  override async loadRows(table: string, items: readonly Item[]): Promise<LoadedChanges> {
    switch (table) {
      case TIER_PRICE:
        return this.settleTier(await super.loadRows(table, items))
      case GROUP_PRICE:
        return this.loadGroupPrices(
          items.map((item) => ({ change: item.change, key: priceKeyOf(item.row) })),
          new Map(items.map((item) => [priceKeyIdentity(priceKeyOf(item.row)), item.row])),
        )
      case GALLERY:
        return this.withGalleryProducts(
          await super.loadRows(table, items),
          new Map(items.map((item) => [String(item.row['value_id']), item.row['entity_id'] ?? null])),
        )
      case GALLERY_VALUE:
      case BUNDLE_OPTION_VALUE:
        return this.withStepColumns(await super.loadRows(table, items))
      default:
        return super.loadRows(table, items)
    }
  }

  private async settleTier(loaded: LoadedChanges): Promise<LoadedChanges> {
    if (!this.prices) return loaded
    const settled = await this.prices.settleTierChanges(loaded)
    // A one-unit row may now carry a group price's value: always upserted, never bulk-loaded.
    return { ...loaded, ...settled, rejected: [...loaded.rejected, ...settled.rejected], intoEmptiedTable: false }
  }

  /** Group price changes with their keys in PRICE_GROUP_KEY order, whatever order the deltalog keeps them in. */
  private groupPriceKeys(changeSet: ChangeSet): { change: PendingChange; key: SqlValue[] }[] {
    const positions = PRICE_GROUP_KEY.map((column) =>
      changeSet.keyColumns.findIndex((key) => key.toLowerCase() === column),
    )
    if (positions.some((position) => position < 0))
      throw new Error(`${this.title}: ${GROUP_PRICE}'s deltalog key must be ${PRICE_GROUP_KEY.join(', ')}`)
    return changeSet.changes.map((change) => ({
      change,
      key: positions.map((position) => change.key[position] ?? null),
    }))
  }

  /** Group prices settled into Magento 2's tier prices; `rows` are those a full copy read already, by price key. */
  private async loadGroupPrices(
    changes: readonly { change: PendingChange; key: readonly SqlValue[] }[],
    rows?: ReadonlyMap<string, SqlRow>,
  ): Promise<LoadedChanges> {
    const tier = this.tablePlan(TIER_PRICE)
    if (!this.prices || !tier?.transformer) throw new Error(`${this.title}: ${GROUP_PRICE} is not prepared`)
    const settled = await this.prices.settleGroupChanges(changes, rows)
    return {
      table: GROUP_PRICE,
      destinationTable: tier.transformer.mapping.destinationPhysicalTable,
      ...settled,
      derived: [],
    }
  }

  private async loadGallery(changeSet: ChangeSet): Promise<LoadedChanges> {
    const plan = this.requirePlan(GALLERY)
    const rows = await this.readSourceRows(plan.sourcePhysical, changeSet, plan.folds)
    const products = new Map([...rows.values()].map((row) => [String(row['value_id']), row['entity_id'] ?? null]))
    const sorted = this.sortChanges(plan, changeSet.changes, rows)
    return this.withGalleryProducts(
      { table: GALLERY, destinationTable: plan.transformer?.mapping.destinationPhysicalTable, ...sorted, derived: [] },
      products,
    )
  }

  /** Gallery entries carry their Magento 1 product along (not a column of Magento 2's entry: written to the link table). */
  private withGalleryProducts(loaded: LoadedChanges, products: ReadonlyMap<string, SqlValue>): LoadedChanges {
    return {
      ...loaded,
      upserts: loaded.upserts.map((item) => ({
        ...item,
        row: { ...item.row, [LINKED_PRODUCT]: products.get(String(item.row['value_id'])) ?? null },
      })),
    }
  }

  /** Fills the Magento 2 columns map.xml leaves to this step; a row whose parent is gone waits. */
  private async withStepColumns(loaded: LoadedChanges): Promise<LoadedChanges> {
    if (loaded.upserts.length === 0) return loaded
    const source = this.requireEnvironment().source
    // A gallery value's product is its entry's; a bundle option title's product is its option's parent.
    const lookup =
      loaded.table === GALLERY_VALUE
        ? { table: this.sourceTable(GALLERY), id: 'value_id', column: 'entity_id' }
        : { table: this.sourceTable(BUNDLE_OPTION), id: 'option_id', column: 'parent_id' }
    const lookupColumn = lookup.id
    const values = await readColumnById(
      source,
      lookup,
      loaded.upserts.map((item) => item.row[lookupColumn] ?? null),
    )
    const column = FILLED_BY_STEP[loaded.table] ?? ''
    const upserts: Item[] = []
    const rejected: ChangeFailure[] = [...loaded.rejected]
    for (const item of loaded.upserts) {
      const value = values.get(String(item.row[lookupColumn]))
      if (value === undefined)
        rejected.push({
          change: item.change,
          reason: `${loaded.table}: its ${lookupColumn} ${String(item.row[lookupColumn])} is not in Magento 1 (any more)`,
          waitsForParent: true,
        })
      else upserts.push({ ...item, row: { ...item.row, [column]: value } })
    }
    return { ...loaded, upserts, rejected }
  }

  protected override writtenColumns(table: string, mapped: readonly string[]): readonly string[] {
    const extra = FILLED_BY_STEP[table]
    return extra && !mapped.includes(extra) ? [...mapped, extra] : mapped
  }

  override async applyDeletes(session: Session, loaded: LoadedChanges): Promise<readonly ChangeFailure[]> {
    if (loaded.table === GROUP_PRICE) return super.applyDeletes(session, { ...loaded, table: TIER_PRICE })
    return super.applyDeletes(session, loaded)
  }

  override async applyUpserts(session: Session, loaded: LoadedChanges): Promise<readonly ChangeFailure[]> {
    if (loaded.table === GROUP_PRICE) return super.applyUpserts(session, { ...loaded, table: TIER_PRICE })
    const failures = await super.applyUpserts(session, loaded)
    if (loaded.table !== GALLERY) return failures
    return [...failures, ...(await this.writeGalleryLinks(session, loaded, failures))]
  }

  /** Each written gallery entry's link to its product, in Magento 2's link table. */
  private async writeGalleryLinks(
    session: Session,
    loaded: LoadedChanges,
    failures: readonly ChangeFailure[],
  ): Promise<ChangeFailure[]> {
    const link = this.linkTable()
    if (!link) return []
    const failed = new Set(failures.map((failure) => failure.change))
    const links = loaded.upserts
      .filter((item) => !failed.has(item.change))
      .map((item) => ({
        change: item.change,
        row: { value_id: item.row['value_id'] ?? null, entity_id: item.row[LINKED_PRODUCT] ?? null },
      }))
    await removeStaleGalleryLinks(
      session,
      link,
      links.map((item) => ({ valueId: item.row.value_id, productId: item.row.entity_id })),
    )
    return this.upsertInto(session, { table: link, keyColumns: GALLERY_LINK_KEY, columns: GALLERY_LINK_KEY }, links)
  }

  /** Data mode: Magento 2 rebuilds its catalog indexes; URL rewrites of the replaced catalog go. */
  override async afterData(session: Session, _progress: DataProgressListener): Promise<void> {
    await this.invalidateIndexers(session)
    const environment = this.requireEnvironment()
    const table = `${environment.config.options.destPrefix}url_rewrite`
    if (!environment.destinationSchema.has(table) || !this.tablePlan(PRODUCT)?.transformer) return
    const removed = await removeReplacedUrlRewrites(session, table)
    if (removed > 0)
      environment.log.info(
        `${this.title}: removed ${removed} Magento 2 URL rewrites of products and categories the copy replaced`,
      )
  }

  override async afterRound(session: Session, round: RoundSummary): Promise<void> {
    const mine = new Set(this.tables(this.requireEnvironment()))
    const touched = round.loaded.some(
      (loaded) =>
        mine.has(loaded.table) &&
        !loaded.table.startsWith('review') &&
        !loaded.table.startsWith('rating') &&
        loaded.upserts.length + loaded.deletes.length + (loaded.direct?.length ?? 0) > 0,
    )
    if (touched) await this.invalidateIndexers(session)
  }

  private async invalidateIndexers(session: Session): Promise<void> {
    const environment = this.requireEnvironment()
    const table = `${environment.config.options.destPrefix}indexer_state`
    if (environment.destinationSchema.has(table)) await invalidateCatalogIndexers(session, table)
  }

  private sourceTable(table: string): string {
    return `${this.requireEnvironment().config.options.sourcePrefix}${table}`
  }

  private linkTable(): string | undefined {
    const environment = this.requireEnvironment()
    const table = `${environment.config.options.destPrefix}${GALLERY_LINK}`
    return environment.destinationSchema.has(table) ? table : undefined
  }

  private requirePlan(table: string): TablePlan {
    const plan = this.tablePlan(table)
    if (!plan?.transformer) throw new Error(`${this.title}: ${table} is not prepared`)
    return plan
  }
}

/** Where a loaded gallery entry keeps its Magento 1 product (not a Magento 2 column of the entry). */
const LINKED_PRODUCT = 'mig:product'
