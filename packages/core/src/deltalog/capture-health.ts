import type { DatabaseClient } from '../db/database-client.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import type { TableSchema } from '../db/table-schema.js'
import type { TrackedTable } from '../interfaces/deltalog.js'
import { planCapture } from './tracked-table-plan.js'
import { groupTriggersByTable, readTriggers, type InstalledTrigger } from './trigger-inspector.js'
import type { TriggerDefinition } from './trigger-sql.js'

/** A tracked table whose capture is incomplete: what is wrong, and the DDL that restores it. */
export interface CaptureGap {
  /** Unprefixed Magento 1 table. */
  readonly table: string
  readonly physicalTable: string
  /** One phrase each: "its DELETE trigger is missing", "its UPDATE trigger was altered". */
  readonly problems: readonly string[]
  /** Drops of altered triggers, then the creates of mig's own: run in order. */
  readonly repairs: readonly string[]
}

const FOR_EACH_ROW = ' FOR EACH ROW '

/** The body the server stores for a trigger (information_schema ACTION_STATEMENT). */
function bodyOf(definition: TriggerDefinition): string {
  return definition.createStatement.slice(definition.createStatement.indexOf(FOR_EACH_ROW) + FOR_EACH_ROW.length)
}

const normalized = (sql: string): string => sql.replace(/\s+/g, ' ').trim()

/**
 * Which tracked tables with a deltalog no longer have mig's three triggers as mig created them: one
 * information_schema query for the whole schema, so it can run every cycle. A trigger dropped by a
 * DBA, an extension's setup script or an interrupted `mig delta setup` would otherwise stop capture
 * without a sound. Other triggers on the table are left alone.
 */
export async function findCaptureGaps(
  client: DatabaseClient,
  tracked: readonly TrackedTable[],
  sourcePrefix: string,
  schema: ReadonlyMap<string, TableSchema>,
): Promise<CaptureGap[]> {
  const triggers = groupTriggersByTable(await readTriggers(client))
  const gaps: CaptureGap[] = []
  for (const table of tracked) {
    const planned = planCapture(table, sourcePrefix, schema)
    if ('skipped' in planned) continue
    const { plan } = planned
    const installed = triggers.get(plan.physicalTable) ?? []
    const problems: string[] = []
    const repairs: string[] = []
    for (const definition of plan.triggers) {
      const found: InstalledTrigger | undefined = installed.find((trigger) => trigger.name === definition.name)
      if (found && found.owned && normalized(found.statement) === normalized(bodyOf(definition))) continue
      problems.push(`its ${definition.event} trigger ${found ? 'was altered' : 'is missing'}`)
      if (found) repairs.push(`DROP TRIGGER IF EXISTS ${q(found.name)}`)
      repairs.push(definition.createStatement)
    }
    if (problems.length > 0) gaps.push({ table: table.table, physicalTable: plan.physicalTable, problems, repairs })
  }
  return gaps
}
