import type { PluginManifest, VerifyReport } from '@mig/core/engine'
import type { DemoDatabases } from './demo-databases.js'
import type { DemoServer } from './server-connection.js'
import type { DemoStream } from './status-line.js'

export interface DemoOptions {
  readonly server: DemoServer
  /** How long the store trades while delta keeps up. */
  readonly seconds: number
  /** Keep both databases and the config.xml afterwards. */
  readonly keep: boolean
  /** The installed plugins, described exactly as the CLI describes them to its other commands. */
  readonly plugins: readonly PluginManifest[]
  /** Ctrl-C / SIGTERM: traffic and delta stop, verification is skipped, the databases are dropped (unless keep). */
  readonly signal: AbortSignal
  /** The verification summary (and, with keep, what was kept). */
  readonly stdout: DemoStream
  /** Steps and live progress. */
  readonly stderr: DemoStream
  /** Storefront and admin operations written before the copy. */
  readonly historyOperations?: number
  /** Pace of the live traffic, over all its connections. */
  readonly opsPerSecond?: number
  /** How long delta may take to apply what is left once the traffic stops. */
  readonly drainSeconds?: number
}

/** clean: verification found nothing; differences: it did (exit 1); interrupted: stopped before verifying. */
export type DemoOutcome = 'clean' | 'differences' | 'interrupted'

export interface DemoResult {
  readonly outcome: DemoOutcome
  readonly databases: DemoDatabases
  readonly kept: boolean
  /** Set when the config was written and kept. */
  readonly configFile?: string
  readonly verify?: VerifyReport
}
