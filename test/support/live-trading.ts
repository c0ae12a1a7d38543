import type { OperationName, WriterStats } from '@mig/demo/storefront'
import { runMig, startMig, type MigResult } from './run-mig.js'
import { waitFor } from './sales-checks.js'
import { openConnection } from './test-database.js'
import { runWriter } from './writer/index.js'

export interface LiveTrading {
  /** `mig delta run` arguments besides the config (e.g. `--auto`). */
  readonly deltaFlags?: readonly string[]
  readonly config: string
  readonly database: string
  readonly prefix: string
  readonly mix: Readonly<Partial<Record<OperationName, number>>>
  /** One writer per seed, each on its own connection. */
  readonly seeds: readonly number[]
  readonly seconds: number
  readonly opsPerSecond: number
}

/** Every deltalog holds only changes delta set aside (they stay captured until their row changes again). */
async function onlySetAsideLeft(config: string): Promise<boolean> {
  const status = JSON.parse((await runMig(['delta', 'status', '--json', config])).stdout) as {
    tables: { pending: number }[]
    setAside?: unknown[]
  }
  return status.tables.reduce((sum, table) => sum + table.pending, 0) === (status.setAside ?? []).length
}

/**
 * A store trading from several writers for `seconds` while `mig delta run --interval 1` keeps Magento 2
 * in sync; then delta is given time to apply everything and stopped with SIGINT, as a merchant stops it.
 */
export async function tradeUnderDelta(options: LiveTrading): Promise<{ stats: WriterStats[]; delta: MigResult }> {
  const runner = startMig(['delta', 'run', '--interval', '1', ...(options.deltaFlags ?? []), options.config])
  const connections = await Promise.all(options.seeds.map(() => openConnection(options.database)))
  const stop = new AbortController()
  try {
    const timer = setTimeout(() => stop.abort(), options.seconds * 1000)
    const stats = await Promise.all(
      connections.map((connection, index) =>
        runWriter({
          connection,
          seed: options.seeds[index] ?? index,
          tablePrefix: options.prefix,
          operations: 1_000_000,
          mix: options.mix,
          opsPerSecond: options.opsPerSecond,
          signal: stop.signal,
        }),
      ),
    )
    clearTimeout(timer)
    await waitFor(() => onlySetAsideLeft(options.config), 180_000, 'delta to apply everything the writers did')
    return { stats, delta: await stopped(runner) }
  } finally {
    stop.abort()
    await Promise.all(connections.map((connection) => connection.end()))
    runner.child.kill('SIGINT')
  }
}

async function stopped(runner: ReturnType<typeof startMig>): Promise<MigResult> {
  runner.child.kill('SIGINT')
  return runner.result
}
