import { createHash } from 'node:crypto'
import { shortenName } from '../db/shorten-name.js'

/** Written into every trigger body and deltalog comment mig creates: how mig recognises its own objects. */
export const DELTALOG_MARKER = 'mig:deltalog'

/** Columns every deltalog has besides the tracked key. */
export const DELTALOG_META_COLUMNS = ['operation', 'version', 'changed_at'] as const

export type ChangeOperation = 'INSERT' | 'UPDATE' | 'DELETE'

/** `<source_prefix>m2_cl_<table>`, shortened deterministically past 64 characters. */
export function deltalogTableName(sourcePrefix: string, table: string): string {
  return shortenName(`${sourcePrefix}m2_cl_${table}`)
}

const EVENT_SUFFIX: Record<ChangeOperation, string> = { INSERT: 'ai', UPDATE: 'au', DELETE: 'ad' }

/**
 * The trigger's name carries a hash of its definition: a changed definition gets a new name,
 * is created beside the old one and only then is the old one dropped, so no write goes unlogged
 * while a trigger is replaced (MySQL has no atomic CREATE OR REPLACE TRIGGER).
 */
export function triggerName(physicalTable: string, event: ChangeOperation, definition: string): string {
  const hash = createHash('sha1').update(definition).digest('hex').slice(0, 8)
  return shortenName(`m2_trg_${physicalTable}_${EVENT_SUFFIX[event]}_${hash}`)
}

export function isOwnTriggerName(name: string): boolean {
  return name.startsWith('m2_trg_')
}
