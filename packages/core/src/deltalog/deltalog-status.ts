import type { DatabaseClient } from '../db/database-client.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import { readDatabaseSchema } from '../db/schema-reader.js'
import type { TrackedTable } from '../interfaces/deltalog.js'
import { failureTableName, readSetAside, type SetAsideChange } from '../delta/failure-store.js'
import { DELTALOG_MARKER, type ChangeOperation } from './deltalog-naming.js'
import { groupTriggersByTable, readTriggers } from './trigger-inspector.js'
import { planCapture } from './tracked-table-plan.js'

export type CaptureState =
  'installed' | 'missing-deltalog' | 'missing-triggers' | 'outdated-triggers' | 'source-table-missing' | 'not-trackable'

export interface TableStatus {
  readonly table: string
  readonly deltalog: string
  readonly state: CaptureState
  readonly pending: number
  readonly pendingByOperation: Readonly<Record<ChangeOperation, number>>
  /** Seconds since the oldest pending change was logged; null when nothing is pending. */
  readonly oldestPendingSeconds: number | null
  /** One line for anything that needs the merchant's attention, with the command that repairs it. */
  readonly problem?: string
}

export interface CaptureStatus {
  readonly tables: readonly TableStatus[]
  readonly pending: number
  readonly oldestPendingSeconds: number | null
  readonly problems: readonly string[]
  /** Changes `delta run` could not apply, with their reasons; they are retried when the row changes again. */
  readonly setAside: readonly SetAsideChange[]
}

/** Per tracked table: is capture complete, and how much is waiting to be applied. */
export async function readCaptureStatus(
  client: DatabaseClient,
  tracked: readonly TrackedTable[],
  sourcePrefix: string,
  repairCommand: string,
): Promise<CaptureStatus> {
  const schema = await readDatabaseSchema(client)
  const triggersByTable = groupTriggersByTable(await readTriggers(client))
  const tables: TableStatus[] = []
  for (const entry of tracked) {
    const result = planCapture(entry, sourcePrefix, schema)
    const physical = `${sourcePrefix}${entry.table}`
    if ('skipped' in result) {
      const state: CaptureState = schema.has(physical) ? 'not-trackable' : 'source-table-missing'
      tables.push(emptyStatus(physical, '', state, state === 'not-trackable' ? result.skipped : undefined))
      continue
    }
    const { plan } = result
    const deltalog = schema.get(plan.deltalog)
    const ours = (triggersByTable.get(plan.physicalTable) ?? []).filter((trigger) => trigger.owned)
    if (!deltalog || !deltalog.comment.startsWith(DELTALOG_MARKER)) {
      tables.push(
        emptyStatus(
          plan.physicalTable,
          plan.deltalog,
          'missing-deltalog',
          `deltalog for ${plan.physicalTable} is not installed; run \`${repairCommand}\``,
        ),
      )
      continue
    }
    const counts = await countPending(client, plan.deltalog)
    const missingEvents = plan.triggers.filter(
      (definition) => !ours.some((trigger) => trigger.event === definition.event),
    )
    const outdated = plan.triggers.some((definition) => !ours.some((trigger) => trigger.name === definition.name))
    const state: CaptureState =
      missingEvents.length > 0 ? 'missing-triggers' : outdated ? 'outdated-triggers' : 'installed'
    const problem =
      state === 'missing-triggers'
        ? `${plan.physicalTable} has no ${missingEvents.map((definition) => definition.event).join('/')} trigger: changes are not captured; run \`${repairCommand}\``
        : state === 'outdated-triggers'
          ? `${plan.physicalTable} has triggers from another mig version; run \`${repairCommand}\``
          : undefined
    tables.push({
      table: plan.physicalTable,
      deltalog: plan.deltalog,
      state,
      ...counts,
      ...(problem ? { problem } : {}),
    })
  }
  const ages = tables.map((table) => table.oldestPendingSeconds).filter((age): age is number => age !== null)
  const setAside = await readSetAside(client, failureTableName(sourcePrefix))
  return {
    tables,
    setAside,
    pending: tables.reduce((sum, table) => sum + table.pending, 0),
    oldestPendingSeconds: ages.length > 0 ? Math.max(...ages) : null,
    problems: tables.flatMap((table) => (table.problem ? [table.problem] : [])),
  }
}

async function countPending(
  client: DatabaseClient,
  deltalog: string,
): Promise<Pick<TableStatus, 'pending' | 'pendingByOperation' | 'oldestPendingSeconds'>> {
  const rows = await client.query<{
    operation: ChangeOperation
    pending: string | number
    age: string | number | null
  }>(
    `SELECT \`operation\` AS operation, COUNT(*) AS pending,
            TIMESTAMPDIFF(MICROSECOND, MIN(\`changed_at\`), NOW(6)) / 1000000 AS age
       FROM ${q(deltalog)} GROUP BY \`operation\``,
  )
  const pendingByOperation: Record<ChangeOperation, number> = { INSERT: 0, UPDATE: 0, DELETE: 0 }
  let oldest: number | null = null
  for (const row of rows) {
    pendingByOperation[row.operation] = Number(row.pending)
    if (row.age !== null) oldest = Math.max(oldest ?? 0, Number(row.age))
  }
  const pending = pendingByOperation.INSERT + pendingByOperation.UPDATE + pendingByOperation.DELETE
  return { pending, pendingByOperation, oldestPendingSeconds: oldest }
}

function emptyStatus(table: string, deltalog: string, state: CaptureState, problem?: string): TableStatus {
  return {
    table,
    deltalog,
    state,
    pending: 0,
    pendingByOperation: { INSERT: 0, UPDATE: 0, DELETE: 0 },
    oldestPendingSeconds: null,
    ...(problem ? { problem } : {}),
  }
}
