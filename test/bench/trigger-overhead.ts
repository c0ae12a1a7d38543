import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise'
import { runMig } from '../support/run-mig.js'
import { openConnection } from '../support/test-database.js'
import { median, progress } from './progress.js'

export interface TriggerOverhead {
  readonly withoutPerSecond: number
  readonly withPerSecond: number
  readonly storefrontWriteRatio: number
  readonly rounds: readonly { readonly without: number; readonly with: number }[]
}

/** One storefront connection writing to `table`, counting statements and the time spent on them. */
class StorefrontWriter {
  statements = 0
  seconds = 0
  private n = 0
  private readonly insert: string
  private readonly update: string

  constructor(
    private readonly connection: Connection,
    table: string,
  ) {
    this.insert = `INSERT INTO \`${table}\` (store_id, created_at, updated_at, is_active, items_count, items_qty, base_currency_code, store_currency_code,
      quote_currency_code, global_currency_code, customer_email, customer_is_guest, remote_ip, grand_total, base_grand_total, checkout_method)
      VALUES (1, NOW(), NOW(), 1, 0, 0.0000, 'USD', 'USD', 'USD', 'USD', ?, 1, '127.0.0.1', 0.0000, 0.0000, 'guest')`
    this.update = `UPDATE \`${table}\` SET items_count = ?, items_qty = ?, subtotal = ?, base_subtotal = ?, grand_total = ?, base_grand_total = ?, updated_at = NOW()
      WHERE entity_id = ?`
  }

  /**
   * An autocommit single-row INSERT into sales_flat_quote, then an UPDATE of that row, as PHP's PDO
   * sends them (text protocol, values escaped client-side).
   */
  private async pair(): Promise<void> {
    const n = this.n++
    const [inserted] = await this.connection.query<ResultSetHeader>(this.insert, [`shopper${n}@example.com`])
    const qty = 1 + (n % 3)
    const total = (19.99 * qty).toFixed(4)
    await this.connection.query(this.update, [qty, qty.toFixed(4), total, total, total, total, inserted.insertId])
  }

  async warmUp(pairs: number): Promise<void> {
    for (let i = 0; i < pairs; i++) await this.pair()
  }

  /** Writes for `seconds`, adding to the counters. */
  async writeFor(seconds: number): Promise<void> {
    const start = performance.now()
    const deadline = start + seconds * 1000
    let statements = 0
    while (performance.now() < deadline) {
      await this.pair()
      statements += 2
    }
    this.statements += statements
    this.seconds += (performance.now() - start) / 1000
  }

  take(): number {
    const rate = this.statements / this.seconds
    this.statements = 0
    this.seconds = 0
    return rate
  }
}

async function triggerNames(connection: Connection, table: string): Promise<string[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = ?',
    [table],
  )
  return rows.map((row) => String(row['name']))
}

/**
 * Trigger overhead: two identical copies of Magento 1, one without triggers and one with mig's capture
 * installed by the real binary (`mig delta setup`). The same storefront pattern (single-row INSERT into
 * sales_flat_quote, then UPDATE of that row, autocommit, one connection each) runs on each in short
 * alternating slices, so that load from anything else on the server hits both sides alike.
 * Per round: statements per second on each side; reported: medians over rounds and their ratio.
 */
export async function measureTriggerOverhead(options: {
  /** Copy of Magento 1 that stays without triggers. */
  readonly plain: string
  /** Copy of Magento 1 that gets mig's capture, and its config.xml. */
  readonly captured: string
  readonly capturedConfig: string
  readonly tablePrefix: string
  /** Seconds of writing per side and round. */
  readonly seconds: number
  readonly rounds: number
  readonly sliceSeconds?: number
}): Promise<TriggerOverhead> {
  const table = `${options.tablePrefix}sales_flat_quote`
  const setup = await runMig(['delta', 'setup', options.capturedConfig])
  if (setup.code !== 0)
    throw new Error(`mig delta setup on the trigger copy exited ${setup.code}: ${setup.stderr.trim()}`)
  const plainConnection = await openConnection(options.plain)
  const capturedConnection = await openConnection(options.captured)
  try {
    const plainTriggers = await triggerNames(plainConnection, table)
    const capturedTriggers = await triggerNames(capturedConnection, table)
    if (plainTriggers.length > 0)
      throw new Error(`${options.plain}.${table} has triggers (${plainTriggers.join(', ')}); it must have none`)
    if (capturedTriggers.filter((name) => name.startsWith('m2_trg_')).length !== 3) {
      throw new Error(
        `${options.captured}.${table} should carry mig's 3 triggers, has ${capturedTriggers.join(', ') || 'none'}`,
      )
    }
    const without = new StorefrontWriter(plainConnection, table)
    const withTriggers = new StorefrontWriter(capturedConnection, table)
    await without.warmUp(300)
    await withTriggers.warmUp(300)
    const slice = options.sliceSeconds ?? 0.5
    const slices = Math.max(1, Math.round(options.seconds / slice))
    const rounds: { without: number; with: number }[] = []
    for (let round = 1; round <= options.rounds; round++) {
      for (let index = 0; index < slices; index++) {
        const order = (index + round) % 2 === 0 ? [without, withTriggers] : [withTriggers, without]
        for (const writer of order) await writer.writeFor(options.seconds / slices)
      }
      const rates = { without: without.take(), with: withTriggers.take() }
      rounds.push(rates)
      progress(
        `  round ${round}: ${Math.round(rates.without)} writes/s without triggers, ${Math.round(rates.with)} with (${(rates.with / rates.without).toFixed(3)})`,
      )
    }
    const withoutPerSecond = median(rounds.map((round) => round.without))
    const withPerSecond = median(rounds.map((round) => round.with))
    return { withoutPerSecond, withPerSecond, storefrontWriteRatio: withPerSecond / withoutPerSecond, rounds }
  } finally {
    await Promise.allSettled([plainConnection.end(), capturedConnection.end()])
  }
}
