import type { DatabaseClient } from '../db/database-client.js'
import { DELTALOG_MARKER, isOwnTriggerName, type ChangeOperation } from './deltalog-naming.js'

export interface InstalledTrigger {
  readonly name: string
  readonly table: string
  readonly event: ChangeOperation
  readonly timing: 'BEFORE' | 'AFTER'
  readonly statement: string
  /** Created by mig: our name pattern and our marker in the body. */
  readonly owned: boolean
}

export async function readTriggers(
  client: DatabaseClient,
  database = client.databaseName,
): Promise<InstalledTrigger[]> {
  const rows = await client.query<{
    TRIGGER_NAME: string
    EVENT_OBJECT_TABLE: string
    EVENT_MANIPULATION: ChangeOperation
    ACTION_TIMING: 'BEFORE' | 'AFTER'
    ACTION_STATEMENT: string | Buffer
  }>(
    `SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, EVENT_MANIPULATION, ACTION_TIMING, ACTION_STATEMENT
       FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY EVENT_OBJECT_TABLE, ACTION_ORDER`,
    [database],
  )
  return rows.map((row) => {
    const statement = Buffer.isBuffer(row.ACTION_STATEMENT)
      ? row.ACTION_STATEMENT.toString('utf8')
      : String(row.ACTION_STATEMENT)
    return {
      name: row.TRIGGER_NAME,
      table: row.EVENT_OBJECT_TABLE,
      event: row.EVENT_MANIPULATION,
      timing: row.ACTION_TIMING,
      statement,
      owned: isOwnTriggerName(row.TRIGGER_NAME) && statement.includes(`/* ${DELTALOG_MARKER} `),
    }
  })
}

export function groupTriggersByTable(triggers: readonly InstalledTrigger[]): Map<string, InstalledTrigger[]> {
  const byTable = new Map<string, InstalledTrigger[]>()
  for (const trigger of triggers) {
    const list = byTable.get(trigger.table) ?? []
    list.push(trigger)
    byTable.set(trigger.table, list)
  }
  return byTable
}
