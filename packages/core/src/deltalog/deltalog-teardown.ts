import type { DatabaseClient } from '../db/database-client.js'
import { runDdl, type DdlOptions } from '../db/ddl-runner.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import { DeferredIndexes } from '../data/deferred-indexes.js'
import { MigError } from '../errors/mig-error.js'
import { KEPT_TABLE_MARKER } from '../delta/dirty-value-store.js'
import { readMigTables } from './mig-objects.js'
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
  const all = await readMigTables(client)
  const tables = all
    .filter((table) => options.dropKept === true || !table.comment.startsWith(KEPT_TABLE_MARKER))
    .map((table) => table.name)
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
