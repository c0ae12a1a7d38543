import { keysCondition, quoteIdentifier as q, type DatabaseClient, type SqlRow, type SqlValue } from '@mig/core'
import { PRICE_GROUP_KEY, priceKeyIdentity, priceKeyOf } from './one-unit-price.js'

/** Re-reads Magento 1's group prices and one-unit tier prices by price key (see PRICE_GROUP_KEY). */
export class PriceSources {
  constructor(
    private readonly source: DatabaseClient,
    private readonly tierTable: string,
    private readonly groupTable: string | undefined,
  ) {}

  /** Magento 1's group prices under these keys, by key identity (none when the store has no group price table, as before 1.7). */
  async groupPrices(keys: readonly (readonly SqlValue[])[]): Promise<Map<string, SqlRow>> {
    if (!this.groupTable) return new Map()
    return this.read(this.groupTable, keys, '')
  }

  /** Magento 1's tier prices for one unit under these keys, by key identity. */
  async oneUnitTierPrices(keys: readonly (readonly SqlValue[])[]): Promise<Map<string, SqlRow>> {
    return this.read(this.tierTable, keys, 'qty = 1 AND ')
  }

  private async read(
    table: string,
    keys: readonly (readonly SqlValue[])[],
    extra: string,
  ): Promise<Map<string, SqlRow>> {
    const unique = [...new Map(keys.map((key) => [priceKeyIdentity(key), key])).values()]
    if (unique.length === 0) return new Map()
    const where = keysCondition(PRICE_GROUP_KEY, unique)
    const rows = await this.source.query<SqlRow>(`SELECT * FROM ${q(table)} WHERE ${extra}${where.sql}`, where.params)
    return new Map(rows.map((row) => [priceKeyIdentity(priceKeyOf(row)), row]))
  }
}
