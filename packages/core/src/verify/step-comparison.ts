import type { DatabaseClient } from '../db/database-client.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import type { SqlRow, SqlValue } from '../db/sql-value.js'
import { describeKey, keyIdentity, keyOf } from '../delta/row-key.js'
import { rangeCondition, type KeyRange } from './key-range.js'
import { sameValue, show, type ColumnDifference, type RowDifference } from './row-comparison.js'
import type { StepVerifyTable } from './verify-plan.js'

const SHOWN = 120

/**
 * One chunk of a table its step transforms itself: every Magento 1 row of the key range, through the
 * step's `transform`, against the Magento 2 rows of each target whose key columns fall in the range.
 * Rows are matched on the target's primary key where the transform writes it, else on the key
 * columns where they are unique, else on the whole row.
 */
export async function compareStepChunk(
  source: DatabaseClient,
  destination: DatabaseClient,
  plan: StepVerifyTable,
  range: KeyRange,
): Promise<RowDifference[]> {
  const where = rangeCondition(plan.sourceKey, range, plan.sourceCondition)
  const sourceRows = await source.query<SqlRow>(
    `SELECT * FROM ${q(plan.sourcePhysical)} WHERE ${where.sql}`,
    where.params,
  )
  const differences: RowDifference[] = []
  const expected = new Map<string, { key: SqlValue[]; row: SqlRow }[]>(plan.targets.map((target) => [target.table, []]))
  for (const sourceRow of sourceRows) {
    const key = keyOf(sourceRow, plan.sourceKey)
    try {
      const produced = plan.step.transform?.(plan.table, sourceRow) ?? {}
      for (const target of plan.targets)
        for (const row of produced[target.table] ?? []) expected.get(target.table)?.push({ key, row })
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      differences.push({
        table: plan.table,
        destinationTable: plan.targets[0]?.physical ?? '',
        key: describeKey(plan.sourceKey, key),
        keyValues: key,
        kind: 'different',
        columns: [{ column: '*', expected: `not migratable: ${reason}`, actual: 'present' }],
      })
    }
  }
  for (const target of plan.targets) {
    const targetWhere = rangeCondition(target.keyColumns, range)
    const actualRows = await destination.query<SqlRow>(
      `SELECT * FROM ${q(target.physical)} WHERE ${targetWhere.sql}`,
      targetWhere.params,
    )
    const wanted = expected.get(target.table) ?? []
    const columns = [...new Set(wanted.flatMap((item) => Object.keys(item.row)))]
    // The primary key where the rows carry it; else the key columns where they are unique (a row
    // written in place keeps the surrogate key Magento 2 gave it); else the whole row.
    const carried = (key: readonly string[] | undefined): key is readonly string[] =>
      key !== undefined && key.length > 0 && key.every((column) => columns.includes(column))
    const matchKey = carried(target.primaryKey)
      ? target.primaryKey
      : carried(target.uniqueKeyColumns)
        ? target.uniqueKeyColumns
        : undefined
    const identity = (row: SqlRow): string =>
      keyIdentity(matchKey ? keyOf(row, matchKey) : columns.map((column) => row[column] ?? null))
    const actual = new Map<string, SqlRow[]>()
    for (const row of actualRows) actual.set(identity(row), [...(actual.get(identity(row)) ?? []), row])
    const base = { table: plan.table, destinationTable: target.physical }
    for (const { key, row } of wanted) {
      const found = actual.get(identity(row))?.shift()
      const label = describeKey(plan.sourceKey, key)
      if (!found) {
        differences.push({ ...base, key: label, keyValues: key, kind: 'missing', columns: [] })
        continue
      }
      const different: ColumnDifference[] = columns
        .filter((column) => Object.hasOwn(row, column) && !sameValue(row[column], found[column]))
        .map((column) => ({
          column,
          expected: show(row[column]).slice(0, SHOWN),
          actual: show(found[column]).slice(0, SHOWN),
        }))
      if (different.length > 0)
        differences.push({ ...base, key: label, keyValues: key, kind: 'different', columns: different })
    }
    for (const rows of actual.values()) {
      for (const row of rows) {
        const key = keyOf(row, target.keyColumns)
        differences.push({ ...base, key: describeKey(plan.sourceKey, key), keyValues: key, kind: 'extra', columns: [] })
      }
    }
  }
  return differences
}
