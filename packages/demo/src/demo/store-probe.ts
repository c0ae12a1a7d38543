import type { Connection } from 'mysql2/promise'
import { DELTALOG_MARKER, quoteIdentifier as q } from '@mig/core/engine'
import type { DemoDatabases } from './demo-databases.js'
import { connectServer, type DemoServer } from './server-connection.js'

/** What the live progress shows: the store against its migration, and how far delta is behind. */
export interface StoreFigures {
  readonly ordersMagento1: number
  readonly ordersMagento2: number
  readonly customersMagento1: number
  readonly customersMagento2: number
  readonly productsMagento1: number
  readonly productsMagento2: number
  /** Changes captured in the deltalogs and not yet applied. */
  readonly backlog: number
  /** Seconds since the oldest pending change was captured; null when nothing is pending. */
  readonly lagSeconds: number | null
}

/**
 * Reads the figures on connections of its own (never the writers' or delta's). Deltalogs are found
 * by mig's marker comment once capture is installed; every pending change counted here is delta's to apply.
 */
export class StoreProbe {
  private constructor(
    private readonly magento1: Connection,
    private readonly magento2: Connection,
    private readonly deltalogs: readonly string[],
  ) {}

  static async open(server: DemoServer, databases: DemoDatabases): Promise<StoreProbe> {
    const magento1 = await connectServer(server, databases.magento1)
    const magento2 = await connectServer(server, databases.magento2).catch(async (error: unknown) => {
      await magento1.end()
      throw error
    })
    const [rows] = await magento1.query(
      `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_COMMENT LIKE CONCAT(?, '%') ORDER BY TABLE_NAME`,
      [databases.magento1, DELTALOG_MARKER],
    )
    return new StoreProbe(
      magento1,
      magento2,
      (rows as { name: string }[]).map((row) => row.name),
    )
  }

  async read(): Promise<StoreFigures> {
    const count = async (
      db: Connection,
      orders: string,
    ): Promise<{ orders: number; customers: number; products: number }> => {
      const [rows] = await db.query(
        `SELECT (SELECT COUNT(*) FROM ${q(orders)}) AS orders, (SELECT COUNT(*) FROM ${q('customer_entity')}) AS customers, (SELECT COUNT(*) FROM ${q('catalog_product_entity')}) AS products`,
      )
      const row = (rows as { orders: string | number; customers: string | number; products: string | number }[])[0]
      return {
        orders: Number(row?.orders ?? 0),
        customers: Number(row?.customers ?? 0),
        products: Number(row?.products ?? 0),
      }
    }
    const [magento1, magento2, backlog] = await Promise.all([
      count(this.magento1, 'sales_flat_order'),
      count(this.magento2, 'sales_order'),
      this.readBacklog(),
    ])
    return {
      ordersMagento1: magento1.orders,
      ordersMagento2: magento2.orders,
      customersMagento1: magento1.customers,
      customersMagento2: magento2.customers,
      productsMagento1: magento1.products,
      productsMagento2: magento2.products,
      ...backlog,
    }
  }

  private async readBacklog(): Promise<Pick<StoreFigures, 'backlog' | 'lagSeconds'>> {
    if (this.deltalogs.length === 0) return { backlog: 0, lagSeconds: null }
    const sql = this.deltalogs
      .map(
        (deltalog) =>
          `SELECT COUNT(*) AS pending, TIMESTAMPDIFF(MICROSECOND, MIN(changed_at), NOW(6)) / 1000000 AS age FROM ${q(deltalog)}`,
      )
      .join(' UNION ALL ')
    const [rows] = await this.magento1.query(sql)
    let backlog = 0
    let lag: number | null = null
    for (const row of rows as { pending: string | number; age: string | number | null }[]) {
      backlog += Number(row.pending)
      if (row.age !== null) lag = Math.max(lag ?? 0, Number(row.age))
    }
    return { backlog, lagSeconds: lag }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.magento1.end(), this.magento2.end()])
  }
}
