import { quoteIdentifier, type ColumnSchema, type Session, type SqlValue, type TableSchema } from '@mig/core'
import { SALES_SEQUENCE_TYPES } from './sequence-types.js'
import {
  DEFAULT_SEQUENCE_PROFILE,
  formatMagento2IncrementId,
  sequenceTarget,
  type SequenceProfile,
} from './increment-id.js'

/**
 * The last Magento 1 increment id of one entity type in one store (an eav_entity_store row; the
 * rows readEntityStoreRows returns can be passed as they are). Entries of other entity types
 * (customer, …) and entries without a last id are skipped without a warning.
 */
export interface SequenceEntry {
  /** order | invoice | shipment | creditmemo */
  readonly entityTypeCode: string | null
  readonly storeId: SqlValue
  /** eav_entity_store.increment_last_id, e.g. '100000042'. */
  readonly lastIncrementId: string | null
  /** eav_entity_store.increment_prefix, e.g. '1'; stripped from lastIncrementId as Magento 1 does. */
  readonly incrementPrefix?: string | null
}

export interface SequenceOptions {
  readonly destPrefix: string
  /** Destination schema keyed by physical table name. */
  readonly schema: ReadonlyMap<string, TableSchema>
}

export interface SequenceResult {
  readonly entityTypeCode: string
  readonly storeId: string
  /** Physical sequence table. */
  readonly table: string
  /** The sequence value Magento 2 would have handed out next before (a lower bound: MAX + 1 or AUTO_INCREMENT). */
  readonly previousNextValue: string
  /** The sequence value Magento 2 hands out next now. */
  readonly nextValue: string
  /** The increment id Magento 2 makes of nextValue. */
  readonly nextIncrementId: string
  /** False when the sequence was already high enough (it is never lowered). */
  readonly raised: boolean
}

export interface SequenceReport {
  readonly sequences: readonly SequenceResult[]
  /** One line per entry that could not be applied (missing sequence table, bad entry, …). */
  readonly warnings: readonly string[]
}

interface Target {
  readonly entityTypeCode: string
  readonly storeId: string
  readonly table: TableSchema
  readonly column: ColumnSchema
  readonly profile: SequenceProfile
  nextValue: bigint
}

/** Same as raiseSequencesReport; returns only the warning lines (empty when every entry was applied). */
export async function raiseSequences(
  session: Session,
  options: SequenceOptions,
  entries: readonly SequenceEntry[],
): Promise<string[]> {
  const report = await raiseSequencesReport(session, options, entries)
  return [...report.warnings]
}

/**
 * Raises Magento 2's sequence_<type>_<store_id> tables so that the next increment id Magento 2
 * hands out continues after the last Magento 1 one (see increment-id.ts for both formats). The
 * sequence is raised by inserting the value just below the target (an explicit value moves
 * AUTO_INCREMENT up and never down, and the row keeps it there across server restarts); a sequence
 * that is already high enough is left alone. A store whose sequence table is missing gets nothing
 * created, only a warning line.
 */
export async function raiseSequencesReport(
  session: Session,
  options: SequenceOptions,
  entries: readonly SequenceEntry[],
): Promise<SequenceReport> {
  const warnings: string[] = []
  const targets = new Map<string, Target>()
  for (const entry of entries) {
    const code = entry.entityTypeCode
    const lastIncrementId = entry.lastIncrementId
    if (code === null || !SALES_SEQUENCE_TYPES.includes(code) || lastIncrementId === null || lastIncrementId === '')
      continue
    const storeId = entry.storeId === null || Buffer.isBuffer(entry.storeId) ? '' : String(entry.storeId).trim()
    if (!/^\d{1,5}$/.test(storeId)) {
      warnings.push(
        `${code} ${lastIncrementId}: store id ${JSON.stringify(String(entry.storeId))} is not a store id; its sequence was not raised`,
      )
      continue
    }
    const key = `${code}\u0000${storeId}`
    let target = targets.get(key)
    if (target === undefined) {
      const resolved = await resolveTarget(session, options, code, storeId)
      if (typeof resolved === 'string') {
        warnings.push(resolved)
        continue
      }
      target = resolved
      targets.set(key, target)
    }
    const limit = columnLimit(target.column)
    const wanted = sequenceTarget(target.profile, lastIncrementId, entry.incrementPrefix, limit)
    if (wanted.droppedAsMagento2Number !== undefined) {
      warnings.push(
        `${target.table.name}: the Magento 1 id ${lastIncrementId} read as a Magento 2 number (${wanted.droppedAsMagento2Number}) does not fit ${target.column.columnType}; raised above ${wanted.magento1Number} only`,
      )
    }
    if (wanted.nextValue - 1n > limit) {
      warnings.push(
        `${target.table.name}: ${code} ${lastIncrementId} needs sequence value ${wanted.nextValue}, beyond ${target.column.columnType}; not raised`,
      )
      continue
    }
    if (wanted.nextValue > target.nextValue) target.nextValue = wanted.nextValue
  }

  const sequences: SequenceResult[] = []
  for (const target of targets.values()) {
    const table = quoteIdentifier(target.table.name)
    const column = quoteIdentifier(target.column.name)
    const [max] = await session.query<{ value: SqlValue }>(`SELECT MAX(${column}) AS value FROM ${table}`)
    const [status] = await session.query<{ value: SqlValue }>(
      `SELECT AUTO_INCREMENT AS value FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`,
      [target.table.name],
    )
    // Both are lower bounds of the real next value (MySQL 8 may report a cached AUTO_INCREMENT).
    let previous = toBigInt(max?.value) + 1n
    const autoIncrement = toBigInt(status?.value)
    if (autoIncrement > previous) previous = autoIncrement
    const raised = target.nextValue > previous
    if (raised) {
      await session.execute(`INSERT IGNORE INTO ${table} (${column}) VALUES (?)`, [(target.nextValue - 1n).toString()])
    }
    const next = raised ? target.nextValue : previous
    sequences.push({
      entityTypeCode: target.entityTypeCode,
      storeId: target.storeId,
      table: target.table.name,
      previousNextValue: previous.toString(),
      nextValue: next.toString(),
      nextIncrementId: formatMagento2IncrementId(target.profile, next),
      raised,
    })
  }
  return { sequences, warnings }
}

/** The store's sequence table and profile, or a warning line. */
async function resolveTarget(
  session: Session,
  options: SequenceOptions,
  code: string,
  storeId: string,
): Promise<Target | string> {
  const prefix = options.destPrefix
  const metaTable = options.schema.get(`${prefix}sales_sequence_meta`)
  const profileTable = options.schema.get(`${prefix}sales_sequence_profile`)
  const conventional = `${prefix}sequence_${code}_${storeId}`
  const candidates: string[] = []
  let metaId: SqlValue | undefined
  if (metaTable !== undefined) {
    const [meta] = await session.query<{ meta_id: SqlValue; sequence_table: SqlValue }>(
      `SELECT meta_id, sequence_table FROM ${quoteIdentifier(metaTable.name)} WHERE entity_type = ? AND store_id = ? ORDER BY meta_id LIMIT 1`,
      [code, storeId],
    )
    if (meta !== undefined) {
      metaId = meta.meta_id
      const name = meta.sequence_table === null ? '' : String(meta.sequence_table)
      // Magento stores the physical name (prefix included); tolerate one written without it.
      if (name !== '') candidates.push(name, `${prefix}${name}`)
    }
  }
  candidates.push(conventional)
  const table = candidates.map((name) => options.schema.get(name)).find((found) => found !== undefined)
  if (table === undefined) {
    return `${code} of store ${storeId}: Magento 2 has no sequence table ${candidates[0] ?? conventional}; nothing was created or raised (create the store in Magento 2 first, then run again)`
  }
  const column = table.columns.find((candidate) => candidate.name.toLowerCase() === 'sequence_value')
  if (column === undefined)
    return `${table.name} has no sequence_value column; not a Magento 2 sequence table, not raised`

  let profile = DEFAULT_SEQUENCE_PROFILE
  if (metaId !== undefined && profileTable !== undefined) {
    const [row] = await session.query<{ prefix: SqlValue; suffix: SqlValue; start_value: SqlValue; step: SqlValue }>(
      `SELECT prefix, suffix, start_value, step FROM ${quoteIdentifier(profileTable.name)} WHERE meta_id = ? AND is_active = 1 ORDER BY profile_id DESC LIMIT 1`,
      [metaId],
    )
    if (row !== undefined) {
      profile = {
        prefix: row.prefix === null ? '' : String(row.prefix),
        suffix: row.suffix === null ? '' : String(row.suffix),
        startValue: toBigInt(row.start_value, 1n),
        step: toBigInt(row.step, 1n),
      }
    }
  }
  return { entityTypeCode: code, storeId, table, column, profile, nextValue: 0n }
}

/** The largest value an integer column holds. */
function columnLimit(column: ColumnSchema): bigint {
  const unsigned = /unsigned/i.test(column.columnType)
  const bits: Record<string, bigint> = {
    tinyint: 8n,
    smallint: 16n,
    mediumint: 24n,
    int: 32n,
    integer: 32n,
    bigint: 64n,
  }
  const width = bits[column.dataType] ?? 32n
  return unsigned ? 2n ** width - 1n : 2n ** (width - 1n) - 1n
}

function toBigInt(value: SqlValue | undefined, fallback = 0n): bigint {
  if (value === null || value === undefined) return fallback
  const textValue = Buffer.isBuffer(value) ? value.toString('utf8') : String(value)
  return /^-?\d+$/.test(textValue.trim()) ? BigInt(textValue.trim()) : fallback
}
