import type { ChangeFailure, PendingChange, SqlRow, SqlValue } from '@mig/core'
import { isOneUnit, ONE_UNIT, PRICE_GROUP_KEY, priceKeyIdentity, settleOneUnitPrice } from './one-unit-price.js'
import type { PriceSources } from './price-sources.js'

type Upsert = { readonly change: PendingChange; readonly row: SqlRow }
type Delete = { readonly change: PendingChange; readonly key: readonly SqlValue[] }

export interface SettledPrices {
  readonly upserts: Upsert[]
  readonly deletes: Delete[]
  readonly rejected: ChangeFailure[]
}

/**
 * Magento 2 keeps one tier price table; Magento 1 had a group price table beside it. A group price
 * becomes a tier price for one unit, and where Magento 1 also has a tier price for one unit under the
 * same key, both changes settle on the one Magento 2 row (the lower price, see settleOneUnitPrice).
 */
export class TierPriceMerge {
  constructor(
    private readonly sources: PriceSources,
    /** Magento 1 tier price row → Magento 2 row (map.xml's transform), or the reason it is refused. */
    private readonly transformTier: (row: SqlRow) => { readonly row: SqlRow } | { readonly rejected: string },
    /** Magento 2's tier price key columns, in the order delete keys are given. */
    private readonly tierKey: readonly string[],
  ) {}

  /** Tier price changes already loaded by map.xml: those for one unit settle against the group price under their key. */
  async settleTierChanges(loaded: {
    readonly upserts: readonly Upsert[]
    readonly deletes: readonly Delete[]
  }): Promise<SettledPrices> {
    const oneUnitKey = (row: SqlRow): SqlValue[] => PRICE_GROUP_KEY.map((column) => row[column] ?? null)
    const deletedRow = (key: readonly SqlValue[]): SqlRow =>
      Object.fromEntries(this.tierKey.map((column, index) => [column, key[index] ?? null]))
    const upserts = loaded.upserts.filter((item) => !isOneUnit(item.row['qty']))
    const deletes = loaded.deletes.filter((item) => !isOneUnit(deletedRow(item.key)['qty']))
    const entries = [
      ...loaded.upserts
        .filter((item) => isOneUnit(item.row['qty']))
        .map((item) => ({ change: item.change, key: oneUnitKey(item.row), tier: item.row })),
      ...loaded.deletes
        .filter((item) => isOneUnit(deletedRow(item.key)['qty']))
        .map((item) => ({ change: item.change, key: oneUnitKey(deletedRow(item.key)), tier: undefined })),
    ]
    const groups = await this.sources.groupPrices(entries.map((entry) => entry.key))
    const settled = this.settle(entries, groups)
    return { upserts: [...upserts, ...settled.upserts], deletes: [...deletes, ...settled.deletes], rejected: [] }
  }

  /**
   * Group price changes, each with its key in PRICE_GROUP_KEY order; `groups` holds the Magento 1
   * rows already read (a full copy), or they are re-read here.
   */
  async settleGroupChanges(
    changes: readonly { readonly change: PendingChange; readonly key: readonly SqlValue[] }[],
    groups?: ReadonlyMap<string, SqlRow>,
  ): Promise<SettledPrices> {
    const keys = changes.map((item) => item.key)
    const [groupRows, tierRows] = await Promise.all([
      groups ?? this.sources.groupPrices(keys),
      this.sources.oneUnitTierPrices(keys),
    ])
    const rejected: ChangeFailure[] = []
    const entries: { change: PendingChange; key: readonly SqlValue[]; tier: SqlRow | undefined }[] = []
    for (const item of changes) {
      const source = tierRows.get(priceKeyIdentity(item.key))
      const tier = source ? this.transformTier(source) : undefined
      if (tier && 'rejected' in tier) rejected.push({ change: item.change, reason: tier.rejected })
      else entries.push({ ...item, tier: tier?.row })
    }
    return { ...this.settle(entries, groupRows), rejected }
  }

  private settle(
    entries: readonly { change: PendingChange; key: readonly SqlValue[]; tier: SqlRow | undefined }[],
    groups: ReadonlyMap<string, SqlRow>,
  ): Omit<SettledPrices, 'rejected'> {
    const upserts: Upsert[] = []
    const deletes: Delete[] = []
    for (const entry of entries) {
      const row = settleOneUnitPrice(groups.get(priceKeyIdentity(entry.key)), entry.tier)
      if (row) upserts.push({ change: entry.change, row })
      else
        deletes.push({
          change: entry.change,
          key: this.tierKey.map((column) =>
            column === 'qty'
              ? ONE_UNIT
              : (entry.key[PRICE_GROUP_KEY.indexOf(column as (typeof PRICE_GROUP_KEY)[number])] ?? null),
          ),
        })
    }
    return { upserts, deletes }
  }
}
