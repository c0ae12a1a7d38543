import { quoteIdentifier as q } from '../db/identifier.js'
import { DELTALOG_MARKER, triggerName, type ChangeOperation } from './deltalog-naming.js'

export interface TriggerDefinition {
  readonly name: string
  readonly event: ChangeOperation
  readonly createStatement: string
}

/**
 * One deltalog row per key: a repeated change bumps `version`, which is what makes the
 * acknowledgement (DELETE … WHERE key AND version = read version) safe against changes that land
 * while a batch is being applied.
 */
function logChange(deltalog: string, keys: readonly string[], row: 'NEW' | 'OLD', operation: ChangeOperation): string {
  const columns = [...keys.map(q), '`operation`'].join(', ')
  const values = [...keys.map((key) => `${row}.${q(key)}`), `'${operation}'`].join(', ')
  return (
    `INSERT INTO ${q(deltalog)} (${columns}) VALUES (${values}) ` +
    `ON DUPLICATE KEY UPDATE \`operation\` = '${operation}', \`version\` = \`version\` + 1, \`changed_at\` = NOW(6);`
  )
}

function bodyFor(event: ChangeOperation, deltalog: string, keys: readonly string[]): string {
  const marker = `/* ${DELTALOG_MARKER} ${deltalog} */`
  switch (event) {
    case 'INSERT':
      return `BEGIN ${marker} ${logChange(deltalog, keys, 'NEW', 'INSERT')} END`
    case 'DELETE':
      return `BEGIN ${marker} ${logChange(deltalog, keys, 'OLD', 'DELETE')} END`
    case 'UPDATE': {
      // A key change is a delete of the old key plus a change of the new one.
      const same = keys.map((key) => `OLD.${q(key)} <=> NEW.${q(key)}`).join(' AND ')
      return (
        `BEGIN ${marker} IF NOT (${same}) THEN ${logChange(deltalog, keys, 'OLD', 'DELETE')} END IF; ` +
        `${logChange(deltalog, keys, 'NEW', 'UPDATE')} END`
      )
    }
  }
}

export function triggerDefinitions(
  physicalTable: string,
  deltalog: string,
  keys: readonly string[],
): TriggerDefinition[] {
  return (['INSERT', 'UPDATE', 'DELETE'] as const).map((event) => {
    const tail = `AFTER ${event} ON ${q(physicalTable)} FOR EACH ROW ${bodyFor(event, deltalog, keys)}`
    const name = triggerName(physicalTable, event, tail)
    return { name, event, createStatement: `CREATE TRIGGER ${q(name)} ${tail}` }
  })
}
