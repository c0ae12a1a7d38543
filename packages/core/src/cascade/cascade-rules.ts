import type { DatabaseClient, Session } from '../db/database-client.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import type { SqlRow, SqlValue } from '../db/sql-value.js'
import { executeByKeys, type RowError } from '../delta/destination-writer.js'
import { keysCondition } from '../delta/key-condition.js'
import type { PendingChange } from '../delta/pending-change.js'
import { describeKey, keyIdentity, keyOf, type KeyValues } from '../delta/row-key.js'
import type { DeclaredParent } from '../delta/table-order.js'
import type { ChangeFailure, LoadedChanges } from '../steps/delta-step.js'
import { isEmulated, isGuarded, type CascadeEdge } from './cascade-edge.js'

/** Reads Magento 1 rows (the source database, and its table prefix). */
export interface CascadeSource {
  readonly client: DatabaseClient
  readonly prefix: string
}

/** A loaded page of one Magento 1 table, and the key its changes name. */
export interface GuardedPage {
  readonly keyColumns: readonly string[]
  readonly loaded: LoadedChanges
}

/**
 * Magento 1's ON DELETE CASCADE and SET NULL, kept in Magento 2 by every path a change takes (rows
 * through mig, the server's own copy, source-formatted lines, `--reset`):
 * - before a parent's deletes, what Magento 1's key did to the children is done in Magento 2 where
 *   Magento 2's own keys do not do the same (`beforeDeletes`);
 * - before a child's rows are written, a row whose parent Magento 2 does not have is held back, as a
 *   foreign key would refuse it, where Magento 2 has none to do so (`withoutOrphans`).
 * Both touch only the keys of the page at hand. See docs/ARCHITECTURE.md, "Cascades".
 */
export class CascadeRules {
  private readonly emulatedByParent = new Map<string, CascadeEdge[]>()
  private readonly guardedByChild = new Map<string, CascadeEdge[]>()
  private readonly byChild = new Map<string, CascadeEdge[]>()

  constructor(
    readonly edges: readonly CascadeEdge[],
    private readonly source: CascadeSource,
  ) {
    for (const edge of edges) {
      push(this.byChild, edge.child, edge)
      if (isEmulated(edge)) push(this.emulatedByParent, edge.parent, edge)
      if (isGuarded(edge)) push(this.guardedByChild, edge.child, edge)
    }
  }

  /** Edges Magento 2 does not keep by itself, for the log. */
  emulated(): readonly CascadeEdge[] {
    return [...this.emulatedByParent.values()].flat()
  }

  /** A guarded child is written after its parent (in a round, in the data run's schedule), as a foreign key would order it. */
  declaredParents(): DeclaredParent[] {
    return [...this.guardedByChild.values()]
      .flat()
      .map((edge) => ({ table: edge.childTable, parent: edge.parentTable }))
  }

  /**
   * Before the deletes of a parent table's keys (Magento 1 key order, which is the Magento 2 key's):
   * the children Magento 1 deleted or emptied with them, where Magento 2 would not. Errors name the
   * key's index.
   */
  async beforeDeletes(session: Session, parent: string, keys: readonly KeyValues[]): Promise<RowError[]> {
    const errors: RowError[] = []
    if (keys.length === 0) return errors
    for (const edge of this.emulatedByParent.get(parent) ?? [])
      errors.push(...(await executeByKeys(session, keys, (chunk) => applyRule(session, edge, chunk))))
    return errors
  }

  /**
   * A child table's page without the rows whose parent Magento 2 does not have (yet): those fail,
   * waiting for their parent, as a foreign key's refusal would. Inside the round's transaction, after
   * its parents were written. Rows mig holds are checked by their values; rows the server copies or
   * formats (not read into mig) by their references read from Magento 1.
   */
  async withoutOrphans(
    session: Session,
    page: GuardedPage,
  ): Promise<{ loaded: LoadedChanges; failures: ChangeFailure[] }> {
    const failures: ChangeFailure[] = []
    let loaded = page.loaded
    for (const edge of this.guardedByChild.get(loaded.table) ?? []) {
      const direct = loaded.direct ?? []
      const inHand = loaded.upserts.map((item) => edge.loadedAs.map((column) => item.row[column] ?? null))
      const read =
        direct.length > 0 ? await this.readReferences(edge, page.keyColumns, direct) : new Map<string, SqlValue[]>()
      const fromSource = direct.map((change) => read.get(keyIdentity(change.key)))
      const present = await presentParents(session, edge, [
        ...inHand,
        ...fromSource.filter((values): values is SqlValue[] => values !== undefined),
      ])
      const orphan = (values: readonly SqlValue[] | undefined): boolean =>
        values !== undefined && !values.includes(null) && !present.has(keyIdentity(values, edge.parentFolds))
      const refuse = (change: PendingChange, values: readonly SqlValue[]): void => {
        failures.push({
          change,
          reason: `${edge.child}: its ${edge.parent} ${describeKey(edge.sourceColumns, values)} is not in Magento 2`,
          waitsForParent: true,
        })
      }
      const upserts = loaded.upserts.filter((item, index) => {
        const values = inHand[index] ?? []
        if (!orphan(values)) return true
        refuse(item.change, values)
        return false
      })
      const kept = direct.map((change, index) => {
        const values = fromSource[index]
        if (!orphan(values)) return true
        refuse(change, values ?? [])
        return false
      })
      loaded = {
        ...loaded,
        upserts,
        ...(loaded.direct ? { direct: direct.filter((_, index) => kept[index]) } : {}),
        ...(loaded.lines ? { lines: loaded.lines.filter((_, index) => kept[index]) } : {}),
      }
    }
    return { loaded, failures }
  }

  /**
   * Of these Magento 2 rows of a Magento 1 table (their Magento 2 key, in `childKey`'s columns), the
   * ones whose parent Magento 2 no longer has, each with a line naming the parent: what `mig verify`
   * calls an orphan.
   */
  async orphansAmong(
    client: DatabaseClient,
    child: string,
    childKey: readonly string[],
    keys: readonly KeyValues[],
    folds?: readonly boolean[],
  ): Promise<Map<string, string>> {
    const found = new Map<string, string>()
    if (keys.length === 0) return found
    for (const edge of this.byChild.get(child) ?? []) {
      if (edge.child === edge.parent) continue
      const where = keysCondition(childKey, keys, 'c')
      const parentMatch = (alias: string): string =>
        edge.parentKey
          .map((column, index) => `p.${q(column)} = ${alias}.${q(edge.referenceColumns[index] ?? '')}`)
          .join(' AND ')
      const selectKey = childKey.map((column) => `c.${q(column)} AS ${q(`k:${column}`)}`).join(', ')
      if (edge.owner) {
        const owned = edge.owner.columns
          .map((column, index) => `l.${q(column)} = c.${q(edge.owner?.childKey[index] ?? '')}`)
          .join(' AND ')
        const rows = await client.query<SqlRow>(
          `SELECT ${selectKey} FROM ${q(edge.childTable)} c WHERE ${where.sql} AND NOT EXISTS (SELECT 1 FROM ${q(edge.referenceTable)} l JOIN ${q(edge.parentTable)} p ON ${parentMatch('l')} WHERE ${owned})`,
          where.params,
        )
        for (const row of rows)
          found.set(
            keyIdentity(
              childKey.map((column) => row[`k:${column}`] ?? null),
              folds,
            ),
            `orphan: no ${edge.parent} row in Magento 2 holds it (its link in ${edge.referenceTable} is gone)`,
          )
        continue
      }
      const references = edge.referenceColumns.map((column, index) => `c.${q(column)} AS ${q(`r:${index}`)}`).join(', ')
      const notNull = edge.referenceColumns.map((column) => `c.${q(column)} IS NOT NULL`).join(' AND ')
      const rows = await client.query<SqlRow>(
        `SELECT ${selectKey}, ${references} FROM ${q(edge.childTable)} c WHERE ${where.sql} AND ${notNull} AND NOT EXISTS (SELECT 1 FROM ${q(edge.parentTable)} p WHERE ${parentMatch('c')})`,
        where.params,
      )
      for (const row of rows) {
        const parentKey = edge.referenceColumns.map((_, index) => row[`r:${index}`] ?? null)
        found.set(
          keyIdentity(
            childKey.map((column) => row[`k:${column}`] ?? null),
            folds,
          ),
          `orphan: its parent ${edge.parent} ${describeKey(edge.sourceColumns, parentKey)} is not in Magento 2 (deleted with its children in Magento 1)`,
        )
      }
    }
    return found
  }

  /** The reference of each change's current Magento 1 row (absent where the row is gone), by key identity. */
  private async readReferences(
    edge: CascadeEdge,
    keyColumns: readonly string[],
    changes: readonly PendingChange[],
  ): Promise<Map<string, SqlValue[]>> {
    const where = keysCondition(
      keyColumns,
      changes.map((change) => change.key),
    )
    const columns = [...keyColumns, ...edge.sourceColumns].map((column) => q(column)).join(', ')
    const rows = await this.source.client.query<SqlRow>(
      `SELECT ${columns} FROM ${q(`${this.source.prefix}${edge.child}`)} WHERE ${where.sql}`,
      where.params,
    )
    return new Map(rows.map((row) => [keyIdentity(keyOf(row, keyColumns)), keyOf(row, edge.sourceColumns)]))
  }
}

/** Does to the child rows of these parent keys what Magento 1's rule did. */
async function applyRule(session: Session, edge: CascadeEdge, keys: readonly KeyValues[]): Promise<void> {
  const where = keysCondition(edge.referenceColumns, keys, 'r')
  if (edge.owner && edge.rule === 'CASCADE') {
    // The link goes with the child by Magento 2's own key; deleted first, the link would lose the way to it.
    const owned = edge.owner.columns
      .map((column, index) => `r.${q(column)} = c.${q(edge.owner?.childKey[index] ?? '')}`)
      .join(' AND ')
    await session.execute(
      `DELETE c FROM ${q(edge.childTable)} c JOIN ${q(edge.referenceTable)} r ON ${owned} WHERE ${where.sql}`,
      where.params,
    )
  } else if (edge.rule === 'CASCADE' || edge.owner) {
    // A link that held the reference is removed: the child no longer refers to the parent.
    await session.execute(`DELETE r FROM ${q(edge.referenceTable)} r WHERE ${where.sql}`, where.params)
  } else {
    // A key's SET NULL leaves ON UPDATE CURRENT_TIMESTAMP columns as they are; an UPDATE would not.
    const assignments = [
      ...edge.referenceColumns.map((column) => `r.${q(column)} = NULL`),
      ...edge.autoUpdated.map((column) => `r.${q(column)} = r.${q(column)}`),
    ].join(', ')
    await session.execute(`UPDATE ${q(edge.referenceTable)} r SET ${assignments} WHERE ${where.sql}`, where.params)
  }
}

/** Which of these parent keys Magento 2 has, by key identity (folded where the key compares case-insensitively). */
async function presentParents(
  session: Session,
  edge: CascadeEdge,
  values: readonly (readonly SqlValue[])[],
): Promise<Set<string>> {
  const wanted = new Map<string, readonly SqlValue[]>()
  for (const key of values) if (!key.includes(null)) wanted.set(keyIdentity(key, edge.parentFolds), key)
  if (wanted.size === 0) return new Set()
  const where = keysCondition(edge.parentKey, [...wanted.values()])
  const rows = await session.query<SqlRow>(
    `SELECT ${edge.parentKey.map((column) => q(column)).join(', ')} FROM ${q(edge.parentTable)} WHERE ${where.sql}`,
    where.params,
  )
  return new Set(rows.map((row) => keyIdentity(keyOf(row, edge.parentKey), edge.parentFolds)))
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
