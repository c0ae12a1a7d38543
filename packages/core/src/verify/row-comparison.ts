import type { SqlRow, SqlValue } from '../db/sql-value.js'
import { describeKey, keyIdentity, keyOf, type KeyValues } from '../delta/row-key.js'
import type { VerifyTable } from './verify-plan.js'

export interface ColumnDifference {
  readonly column: string
  readonly expected: string
  readonly actual: string
}

/** One row that differs between the mapped Magento 1 row and Magento 2. */
export interface RowDifference {
  readonly table: string
  readonly destinationTable: string
  /** `entity_id=5` (Magento 1 key names). */
  readonly key: string
  /** The key's values, for matching with pending changes. */
  readonly keyValues: KeyValues
  readonly kind: 'missing' | 'extra' | 'different'
  readonly columns: readonly ColumnDifference[]
  /** An extra row whose parent Magento 2 no longer has: which parent, in one line. */
  readonly orphan?: string
}

const SHOWN = 120

export function show(value: SqlValue | undefined): string {
  if (value === undefined) return '<absent>'
  if (value === null) return 'NULL'
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex')}`
  return String(value)
}

/** Text on one side and binary on the other (TEXT vs BLOB between versions): compare the bytes. */
export function sameValue(expected: SqlValue | undefined, actual: SqlValue | undefined): boolean {
  if (Buffer.isBuffer(expected) || Buffer.isBuffer(actual)) {
    const bytes = (value: SqlValue | undefined): Buffer | undefined =>
      value === null || value === undefined
        ? undefined
        : Buffer.isBuffer(value)
          ? value
          : Buffer.from(String(value), 'utf8')
    const a = bytes(expected)
    const b = bytes(actual)
    return a === undefined || b === undefined ? a === b : a.equals(b)
  }
  return show(expected) === show(actual)
}

/** Decimal text without the zeros its scale adds: '1.500000' and '1.5000' are both '1.5'. */
function plainDecimal(value: SqlValue | undefined): SqlValue | undefined {
  if (typeof value !== 'string' || !/^-?\d+\.\d+$/.test(value)) return value
  const trimmed = value.replace(/0+$/, '').replace(/\.$/, '')
  return trimmed === '-0' ? '0' : trimmed
}

/**
 * Compares one chunk row by row: every Magento 1 row, transformed by the mapping, against the
 * Magento 2 row with the same key; Magento 2 rows without a Magento 1 row are extra.
 */
export function compareRows(
  plan: VerifyTable,
  sourceRows: readonly SqlRow[],
  destinationRows: readonly SqlRow[],
): RowDifference[] {
  const differences: RowDifference[] = []
  const actual = new Map(destinationRows.map((row) => [keyIdentity(keyOf(row, plan.destinationKey), plan.folds), row]))
  const base = { table: plan.table, destinationTable: plan.destinationPhysical }
  for (const sourceRow of sourceRows) {
    const key = keyOf(sourceRow, plan.sourceKey)
    const identity = keyIdentity(key, plan.folds)
    const row = actual.get(identity)
    actual.delete(identity)
    const label = describeKey(plan.sourceKey, key)
    if (!row) {
      differences.push({ ...base, key: label, keyValues: key, kind: 'missing', columns: [] })
      continue
    }
    const expected = plan.transformer.transform(sourceRow)
    if ('rejected' in expected) {
      differences.push({
        ...base,
        key: label,
        keyValues: key,
        kind: 'different',
        columns: [{ column: '*', expected: `not migratable: ${expected.rejected}`, actual: 'present' }],
      })
      continue
    }
    const columns: ColumnDifference[] = []
    for (const column of plan.transformer.destinationColumns) {
      const rescaled = plan.rescaled.has(column)
      if (
        !sameValue(
          rescaled ? plainDecimal(expected.row[column]) : expected.row[column],
          rescaled ? plainDecimal(row[column]) : row[column],
        )
      )
        columns.push({
          column,
          expected: show(expected.row[column]).slice(0, SHOWN),
          actual: show(row[column]).slice(0, SHOWN),
        })
    }
    if (columns.length > 0) differences.push({ ...base, key: label, keyValues: key, kind: 'different', columns })
  }
  for (const row of actual.values()) {
    const key = keyOf(row, plan.destinationKey)
    differences.push({ ...base, key: describeKey(plan.sourceKey, key), keyValues: key, kind: 'extra', columns: [] })
  }
  return differences
}
