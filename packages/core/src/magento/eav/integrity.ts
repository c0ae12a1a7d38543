import type { Session } from '../../db/database-client.js'
import { quoteIdentifier as q } from '../../db/identifier.js'
import type { SqlValue } from '../../db/sql-value.js'
import { MigError } from '../../errors/mig-error.js'
import { EAV_TABLES, type EavKind } from './eav-kinds.js'
import type { KindReferences } from './reference-columns.js'

/** Check name → number of offending rows. */
export type IntegrityCounts = Map<string, number>

/**
 * Rows pointing at no row: every followed reference of the kinds whose ids move, plus placements
 * whose group, set and attribute disagree. Counted before and after, inside the alignment's
 * transaction, so alignment can prove it left nothing dangling (whatever Magento 2 had before is not
 * its doing). Kinds whose ids stay put are not scanned: Magento 1's rows are only written under
 * parents that are written too, so a re-run over a copied catalog stays cheap.
 */
export async function countIntegrity(
  session: Session,
  references: Readonly<Record<EavKind, KindReferences>>,
  prefix: string,
  kinds: readonly EavKind[],
): Promise<IntegrityCounts> {
  const counts: IntegrityCounts = new Map()
  for (const kind of kinds) {
    const { table, idColumn } = EAV_TABLES[kind]
    const parent = q(`${prefix}${table}`)
    for (const reference of references[kind].columns) {
      if (reference.via === 'primary-key') continue
      const column = `c.${q(reference.column)}`
      counts.set(
        `${reference.table}.${reference.column} → ${prefix}${table}.${idColumn}`,
        await count(
          session,
          `SELECT COUNT(*) AS n FROM ${q(reference.table)} c WHERE ${column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${parent} p WHERE p.${q(idColumn)} = ${column})`,
        ),
      )
    }
  }
  const placement = q(`${prefix}eav_entity_attribute`)
  counts.set(
    `${prefix}eav_entity_attribute whose group is in another set`,
    await count(
      session,
      `SELECT COUNT(*) AS n FROM ${placement} ea JOIN ${q(`${prefix}eav_attribute_group`)} g ON g.attribute_group_id = ea.attribute_group_id WHERE g.attribute_set_id <> ea.attribute_set_id`,
    ),
  )
  counts.set(
    `${prefix}eav_entity_attribute whose attribute is of another entity type`,
    await count(
      session,
      `SELECT COUNT(*) AS n FROM ${placement} ea JOIN ${q(`${prefix}eav_attribute`)} a ON a.attribute_id = ea.attribute_id WHERE a.entity_type_id <> ea.entity_type_id`,
    ),
  )
  return counts
}

/** Fails (so the transaction rolls back) when any check counts more offending rows than before. */
export function assertNoNewProblems(before: IntegrityCounts, after: IntegrityCounts): void {
  const worse = [...after]
    .filter(([check, n]) => n > (before.get(check) ?? 0))
    .map(([check, n]) => `${check}: ${n - (before.get(check) ?? 0)} new dangling row(s)`)
  if (worse.length === 0) return
  throw new MigError(`EAV alignment would leave dangling references in Magento 2; nothing was changed`, {
    details: worse.slice(0, 20),
  })
}

async function count(session: Session, sql: string): Promise<number> {
  const rows = await session.query<{ n: SqlValue }>(sql)
  return Number(rows[0]?.n ?? 0)
}
