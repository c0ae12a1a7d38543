import type { DatabaseClient } from '../db/database-client.js'
import { runDdl, type DdlOptions } from '../db/ddl-runner.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import { readDatabaseSchema } from '../db/schema-reader.js'
import { readServerInfo } from '../db/server-info.js'
import { columnOf, type TableSchema } from '../db/table-schema.js'
import { MigError } from '../errors/mig-error.js'
import type { TrackedTable } from '../interfaces/deltalog.js'
import { DELTALOG_MARKER } from './deltalog-naming.js'
import { createDeltalogTableSql } from './deltalog-table-sql.js'
import { toPrivilegeError } from './privilege-errors.js'
import { groupTriggersByTable, readTriggers, type InstalledTrigger } from './trigger-inspector.js'
import { planCapture, type CapturePlan } from './tracked-table-plan.js'

export interface InstalledCapture {
  readonly table: string
  readonly deltalog: string
  readonly keys: readonly string[]
  readonly deltalogCreated: boolean
  readonly triggersCreated: number
  readonly triggersReplaced: number
}

export interface SetupReport {
  readonly installed: readonly InstalledCapture[]
  /** One line each: a table that was not installed and why. */
  readonly skipped: readonly string[]
}

export interface SetupOptions extends DdlOptions {
  readonly sourcePrefix: string
  readonly onTable?: (capture: InstalledCapture) => void
}

/**
 * Installs deltalog tables and triggers for every tracked table present in Magento 1.
 * Idempotent: existing deltalogs keep their pending rows; only missing or outdated triggers
 * change. The deltalog is created before its triggers (a trigger must never point at a missing
 * table) and a replaced trigger is dropped only after its successor exists.
 */
export async function installCapture(
  client: DatabaseClient,
  tracked: readonly TrackedTable[],
  options: SetupOptions,
): Promise<SetupReport> {
  const server = await readServerInfo(client)
  const schema = await readDatabaseSchema(client)
  const triggersByTable = groupTriggersByTable(await readTriggers(client))
  const installed: InstalledCapture[] = []
  const skipped: string[] = []

  for (const table of tracked) {
    const result = planCapture(table, options.sourcePrefix, schema)
    if ('skipped' in result) {
      skipped.push(result.skipped)
      continue
    }
    const plan = result.plan
    const problem =
      checkExistingDeltalog(plan, schema.get(plan.deltalog)) ??
      checkForeignTriggers(plan, triggersByTable.get(plan.physicalTable) ?? [], server.multipleTriggersPerEvent)
    if (problem) {
      skipped.push(problem)
      continue
    }
    const capture = await installOne(
      client,
      plan,
      schema.has(plan.deltalog),
      triggersByTable.get(plan.physicalTable) ?? [],
      options,
    )
    installed.push(capture)
    options.onTable?.(capture)
  }
  return { installed, skipped }
}

async function installOne(
  client: DatabaseClient,
  plan: CapturePlan,
  deltalogExists: boolean,
  existing: readonly InstalledTrigger[],
  options: SetupOptions,
): Promise<InstalledCapture> {
  const ours = existing.filter((trigger) => trigger.owned)
  const wanted = plan.triggers.filter((definition) => !ours.some((trigger) => trigger.name === definition.name))
  const stale = ours.filter((trigger) => !plan.triggers.some((definition) => definition.name === trigger.name))
  const statements = [
    ...(deltalogExists ? [] : [createDeltalogTableSql(plan.deltalog, plan.physicalTable, plan.keyColumns)]),
    ...wanted.map((definition) => definition.createStatement),
    ...stale.map((trigger) => `DROP TRIGGER IF EXISTS ${q(trigger.name)}`),
  ]
  try {
    await runDdl(client, statements, options)
  } catch (error) {
    const privilege = toPrivilegeError(
      error,
      client.config.user,
      client.databaseName,
      `install capture on ${plan.physicalTable}`,
    )
    if (privilege) throw privilege
    throw new MigError(
      `cannot install capture on ${plan.physicalTable}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    )
  }
  return {
    table: plan.physicalTable,
    deltalog: plan.deltalog,
    keys: plan.keyColumns.map((column) => column.name),
    deltalogCreated: !deltalogExists,
    triggersCreated: wanted.length,
    triggersReplaced: stale.length,
  }
}

/** An existing deltalog must be ours and keyed the same way; otherwise it is left alone. */
function checkExistingDeltalog(plan: CapturePlan, existing: TableSchema | undefined): string | undefined {
  if (!existing) return undefined
  if (!existing.comment.startsWith(DELTALOG_MARKER)) {
    return `${plan.deltalog} exists but was not created by mig (an upstream Data Migration Tool deltalog?); ${plan.physicalTable} skipped: drop that table once nothing uses it`
  }
  const sameKeys =
    existing.primaryKey.length === plan.keyColumns.length &&
    plan.keyColumns.every((column, index) => {
      const installed = columnOf(existing, column.name)
      return (
        existing.primaryKey[index]?.toLowerCase() === column.name.toLowerCase() &&
        installed?.columnType === column.columnType
      )
    })
  if (!sameKeys) {
    return `${plan.deltalog} tracks ${existing.primaryKey.join(',')} but ${plan.physicalTable} is now keyed by ${plan.keyColumns
      .map((column) => `${column.name} ${column.columnType}`)
      .join(',')}; apply its pending changes, then run \`mig delta teardown\` and \`mig delta setup\``
  }
  return undefined
}

/** Where the server allows one trigger per event and timing, a third party's trigger wins: refuse. */
export function checkForeignTriggers(
  plan: CapturePlan,
  existing: readonly InstalledTrigger[],
  multiplePerEvent: boolean,
): string | undefined {
  if (multiplePerEvent) return undefined
  const blocking = existing.filter((trigger) => !trigger.owned && trigger.timing === 'AFTER')
  if (blocking.length === 0) return undefined
  const names = blocking.map((trigger) => `${trigger.name} (AFTER ${trigger.event})`).join(', ')
  return `${plan.physicalTable} already has trigger ${names} and this server allows one trigger per event; mig will not alter it. Merge the logging into it by hand or upgrade to MySQL 5.7.2+/MariaDB 10.2.3+`
}
