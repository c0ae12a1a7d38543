import type { Session } from '../../db/database-client.js'
import { quoteIdentifier as q } from '../../db/identifier.js'
import type { SqlValue } from '../../db/sql-value.js'
import type { TableSchema } from '../../db/table-schema.js'
import { byKind, EAV_KINDS, EAV_TABLES, type EavKind } from './eav-kinds.js'
import { matchEav, type EavMatching } from './eav-matching.js'
import { readEavSnapshot, type EavSnapshot } from './eav-snapshot.js'
import { planIds, type IdPlan } from './id-plan.js'
import { assertNoNewProblems, countIntegrity } from './integrity.js'
import { writeMagento1Rows } from './magento1-writes.js'
import { rekeyOptionValues } from './option-value-references.js'
import type { KindReferences } from './reference-columns.js'
import { moveIds } from './remap-column.js'
import { idOf } from './row-values.js'
import type { EavWarning, UntranslatedModel } from './types.js'

export interface AlignmentContext {
  readonly m1: EavSnapshot
  /** Magento 1 AUTO_INCREMENT per physical table. */
  readonly m1AutoIncrement: ReadonlyMap<string, number>
  readonly destinationSchema: ReadonlyMap<string, TableSchema>
  readonly destPrefix: string
  readonly references: Readonly<Record<EavKind, KindReferences>>
  readonly autoUpdated: ReadonlyMap<string, readonly string[]>
}

export interface AlignmentOutcome {
  readonly matching: EavMatching
  readonly plans: Readonly<Record<EavKind, IdPlan>>
  readonly warnings: readonly EavWarning[]
  readonly untranslated: readonly UntranslatedModel[]
  readonly extras: Readonly<Record<string, number>>
  readonly optionValueCells: number
}

/** Match, plan, re-key, write and prove integrity, on one session inside the alignment transaction. */
export async function alignInTransaction(session: Session, context: AlignmentContext): Promise<AlignmentOutcome> {
  const { m1, destPrefix, references } = context
  const m2 = await readEavSnapshot(session, 'Magento 2', destPrefix, context.destinationSchema)
  const matching = matchEav(m1, m2, {
    destinationStores: await readIds(session, context.destinationSchema, `${destPrefix}store`, 'store_id'),
  })
  const plans = byKind((kind) => {
    const { table, idColumn } = EAV_TABLES[kind]
    const match = matching.kinds[kind]
    return planIds({
      label: `${destPrefix}${table}.${idColumn}`,
      m2Ids: m2.rows[kind].map((row) => idOf(row, idColumn)),
      pairs: match.pairs,
      replaced: match.replaced,
      // entity types are never written, but Magento 1's values carry their ids
      reserved: kind === 'entityType' ? new Set(match.pairs.values()) : match.writtenIds,
      m1Ids: m1.rows[kind].map((row) => idOf(row, idColumn)),
      m1AutoIncrement: context.m1AutoIncrement.get(`${m1.prefix}${table}`),
      limit: references[kind].limit,
      limitedBy: references[kind].limitedBy,
    })
  })

  const moving = EAV_KINDS.filter((kind) => plans[kind].moves.size > 0)
  const before = await countIntegrity(session, references, destPrefix, moving)
  await deleteReplaced(session, m2, matching)
  for (const kind of EAV_KINDS) {
    const { table, idColumn } = EAV_TABLES[kind]
    const { columns, limit, limitedBy } = references[kind]
    await moveIds(session, columns, plans[kind].moves, { label: `${destPrefix}${table}.${idColumn}`, limit, limitedBy })
  }
  const warnings: EavWarning[] = [...matching.warnings]
  const optionValueCells = await rekeyOptionValues(
    session,
    {
      m2,
      attributeFinal: (id) => plans.attribute.moves.get(id) ?? id,
      optionMoves: plans.option.moves,
      autoUpdated: context.autoUpdated,
    },
    warnings,
  )
  const untranslated: UntranslatedModel[] = []
  const extras = await writeMagento1Rows(session, {
    m1,
    m2,
    matching,
    finalSetOf: (id) => plans.attributeSet.moves.get(id) ?? id,
    destinationWebsites: await readIds(session, context.destinationSchema, `${destPrefix}store_website`, 'website_id'),
    warnings,
    untranslated,
  })
  assertNoNewProblems(before, await countIntegrity(session, references, destPrefix, moving))
  return { matching, plans, warnings, untranslated, extras, optionValueCells }
}

/** Store labels of matched options and attributes that Magento 1 does not have: Magento 1's replace them. */
async function deleteReplaced(session: Session, m2: EavSnapshot, matching: EavMatching): Promise<void> {
  for (const kind of ['optionValue', 'label'] as const) {
    const ids = [...matching.kinds[kind].replaced]
    const { table, idColumn } = EAV_TABLES[kind]
    for (let start = 0; start < ids.length; start += 1000) {
      const chunk = ids.slice(start, start + 1000)
      await session.execute(
        `DELETE FROM ${q(`${m2.prefix}${table}`)} WHERE ${q(idColumn)} IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
      )
    }
  }
}

/** Ids present in a Magento 2 table, or undefined when the table is not there (then nothing is filtered). */
async function readIds(
  session: Session,
  schema: ReadonlyMap<string, TableSchema>,
  table: string,
  column: string,
): Promise<Set<number> | undefined> {
  if (!schema.has(table)) return undefined
  const rows = await session.query<{ id: SqlValue }>(`SELECT ${q(column)} AS id FROM ${q(table)}`)
  return new Set(rows.map((row) => Number(row.id)))
}
