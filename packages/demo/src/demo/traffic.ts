import type { Connection } from 'mysql2/promise'
import { runWriter, type WriterStats } from '../storefront/run-writer.js'
import { DEMO_MIX } from './demo-mix.js'
import { connectServer, type DemoServer } from './server-connection.js'

export interface TrafficOptions {
  readonly server: DemoServer
  readonly database: string
  /** One writer per seed, each on its own connection: shoppers and the back office at once. */
  readonly seeds: readonly number[]
  /** Operations per second over all writers; unpaced when absent (the history is written flat out). */
  readonly opsPerSecond?: number
  /** Per writer; the live traffic runs until `signal` instead. */
  readonly operations: number
  readonly signal: AbortSignal
}

/** Seeded storefront and admin operations on Magento 1, as the shop itself would write them. */
export async function runTraffic(options: TrafficOptions): Promise<WriterStats[]> {
  const connections: Connection[] = []
  try {
    for (const _ of options.seeds) connections.push(await connectServer(options.server, options.database))
    const perWriter = options.opsPerSecond === undefined ? undefined : options.opsPerSecond / options.seeds.length
    // One writer failing stops the others before their connections are closed under them.
    const stop = new AbortController()
    const forward = (): void => stop.abort()
    options.signal.addEventListener('abort', forward, { once: true })
    if (options.signal.aborted) stop.abort()
    const results = await Promise.allSettled(
      options.seeds.map((seed, index) =>
        runWriter({
          connection: connections[index] as Connection,
          seed,
          operations: options.operations,
          mix: DEMO_MIX,
          signal: stop.signal,
          ...(perWriter === undefined ? {} : { opsPerSecond: perWriter }),
        }).catch((error: unknown) => {
          stop.abort()
          throw error
        }),
      ),
    )
    options.signal.removeEventListener('abort', forward)
    const failed = results.find((result) => result.status === 'rejected')
    if (failed) throw failed.reason
    return results.map((result) => (result as PromiseFulfilledResult<WriterStats>).value)
  } finally {
    await Promise.allSettled(connections.map((connection) => connection.end()))
  }
}

/** Totals over several writers. */
export function sumTraffic(stats: readonly WriterStats[]): {
  operations: number
  checkouts: number
  registrations: number
} {
  const sum = (pick: (item: WriterStats) => number): number => stats.reduce((total, item) => total + pick(item), 0)
  return {
    operations: sum((item) => item.executed),
    checkouts: sum((item) => item.done.guestCheckout + item.done.registeredCheckout),
    registrations: sum((item) => item.done.registerCustomer),
  }
}
