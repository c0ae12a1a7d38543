import type { Session } from '../../db/database-client.js'
import { quoteIdentifier as q } from '../../db/identifier.js'
import type { SqlValue } from '../../db/sql-value.js'
import { assertIdsFit } from './id-plan.js'
import type { ReferenceColumn } from './reference-columns.js'

/** Pairs per UPDATE: a few hundred CASE branches keep each statement small and index-driven. */
const CHUNK = 500

/**
 * Applies `moves` (current id → final id) to every column, in two passes through temporary ids that
 * no column holds and no row will end with: first current → temporary everywhere, then temporary →
 * final. No single UPDATE can then hit a unique key (an id moving onto an id that has not moved away
 * yet), and no stray value is mistaken for a temporary one. Temporary ids are the lowest free ones,
 * so SMALLINT columns rarely run out and AUTO_INCREMENT counters are rarely pushed up.
 */
export async function moveIds(
  session: Session,
  columns: readonly ReferenceColumn[],
  moves: ReadonlyMap<number, number>,
  fit: { readonly label: string; readonly limit: number; readonly limitedBy: string },
): Promise<number> {
  if (moves.size === 0) return 0
  const used = new Set<number>([...moves.keys(), ...moves.values()])
  for (const column of columns) for (const value of await distinctValues(session, column)) used.add(value)
  const temps: number[] = []
  for (let candidate = 1; temps.length < moves.size; candidate++) if (!used.has(candidate)) temps.push(candidate)
  assertIdsFit(fit, temps[temps.length - 1] ?? 0)
  const steps = [...moves.entries()].map(([current, final], index) => ({ current, temp: temps[index] ?? 0, final }))
  for (const column of columns)
    await remapColumn(
      session,
      column,
      steps.map((step) => [step.current, step.temp]),
    )
  let changed = 0
  for (const column of columns)
    changed += await remapColumn(
      session,
      column,
      steps.map((step) => [step.temp, step.final]),
    )
  return changed
}

async function distinctValues(session: Session, column: ReferenceColumn): Promise<number[]> {
  const where = column.filter === undefined ? '' : ` WHERE ${q(column.filter.column)} = ?`
  const rows = await session.query<{ v: SqlValue }>(
    `SELECT DISTINCT ${q(column.column)} AS v FROM ${q(column.table)}${where}`,
    column.filter === undefined ? [] : [column.filter.value],
  )
  return rows.map((row) => Number(row.v)).filter((value) => Number.isSafeInteger(value))
}

/** One pass: every row whose value is a key of `pairs` gets the paired value (each row is evaluated once). */
export async function remapColumn(
  session: Session,
  column: ReferenceColumn,
  pairs: ReadonlyArray<readonly [number, number]>,
): Promise<number> {
  let changed = 0
  const name = q(column.column)
  for (let start = 0; start < pairs.length; start += CHUNK) {
    const chunk = pairs.slice(start, start + CHUNK)
    const params: SqlValue[] = chunk.flatMap(([from, to]) => [from, to])
    params.push(...chunk.map(([from]) => from))
    let where = `${name} IN (${chunk.map(() => '?').join(', ')})`
    if (column.filter !== undefined) {
      where += ` AND ${q(column.filter.column)} = ?`
      params.push(column.filter.value)
    }
    const cases = chunk.map(() => 'WHEN ? THEN ?').join(' ')
    // `updated_at = updated_at` keeps ON UPDATE CURRENT_TIMESTAMP columns: re-keying changes no entity
    const keep = (column.keep ?? []).map((other) => `, ${q(other)} = ${q(other)}`).join('')
    const result = await session.execute(
      `UPDATE ${q(column.table)} SET ${name} = CASE ${name} ${cases} END${keep} WHERE ${where}`,
      params,
    )
    changed += result.affectedRows
  }
  return changed
}
