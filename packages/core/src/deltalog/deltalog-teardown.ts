import type { DatabaseClient } from '../db/database-client.js'
import { runDdl, type DdlOptions } from '../db/ddl-runner.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import { DeferredIndexes } from '../data/deferred-indexes.js'
import { MigError } from '../errors/mig-error.js'
import { KEPT_TABLE_MARKER } from '../delta/dirty-value-store.js'
import { MIG_OBJECT_MARKER_PREFIX } from './mig-objects.js'
import { toPrivilegeError } from './privilege-errors.js'
import { readTriggers } from './trigger-inspector.js'

export interface TeardownReport {
  readonly droppedTriggers: readonly string[]
  readonly droppedTables: readonly string[]
  /** mig tables holding the merchant's data (original values of repaired and lost values), kept unless `dropKept`. */
  readonly keptTables: number
}

/**
 * Removes every trigger and table mig installed in this database — also those of tables no
 * longer tracked (an uninstalled plugin) — and nothing else. Triggers go first: a trigger whose
 * deltalog is gone would make the storefront's writes fail. Tables holding the merchant's data
 * (comment `mig:kept`: original values of repaired and lost values) stay unless `dropKept`.
 */
export async function teardownCapture(
  client: DatabaseClient,
  options: DdlOptions & { readonly dropKept?: boolean } = {},
): Promise<TeardownReport> {
  // Indexes an interrupted data run dropped are built while their definitions still exist.
  await DeferredIndexes.restoreAllIn(client)
  const triggers = (await readTriggers(client)).filter((trigger) => trigger.owned).map((trigger) => trigger.name)
  const all = await client.query<{ TABLE_NAME: string; TABLE_COMMENT: string }>(
    `SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' AND TABLE_COMMENT LIKE ?`,
    [client.databaseName, `${MIG_OBJECT_MARKER_PREFIX}%`],
  )
  const tables = all
    .filter((row) => options.dropKept === true || !row.TABLE_COMMENT.startsWith(KEPT_TABLE_MARKER))
    .map((row) => row.TABLE_NAME)
  const kept = all.length - tables.length
  try {
    await runDdl(
      client,
      [
        ...triggers.map((name) => `DROP TRIGGER IF EXISTS ${q(name)}`),
        ...tables.map((name) => `DROP TABLE IF EXISTS ${q(name)}`),
      ],
      options,
    )
  } catch (error) {
    throw (
      toPrivilegeError(error, client.config.user, client.databaseName, 'remove capture') ??
      new MigError(`teardown failed: ${String(error)}`, { cause: error })
    )
  }
  return { droppedTriggers: triggers, droppedTables: tables, keptTables: kept }
}
