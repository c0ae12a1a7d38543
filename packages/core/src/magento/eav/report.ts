import type { Logger } from '../../log/logger.js'
import { byKind, EAV_KINDS, EAV_TABLES, type EavKind } from './eav-kinds.js'
import type { EavMatching } from './eav-matching.js'
import type { IdPlan } from './id-plan.js'
import type { KindReferences } from './reference-columns.js'
import { idOf } from './row-values.js'
import type { EavAlignmentReport, EavKindCounts, EavWarning, UntranslatedModel } from './types.js'

export interface ReportInput {
  readonly matching: EavMatching
  readonly plans: Readonly<Record<EavKind, IdPlan>>
  readonly references: Readonly<Record<EavKind, KindReferences>>
  readonly warnings: readonly EavWarning[]
  readonly untranslated: readonly UntranslatedModel[]
  readonly extras: Readonly<Record<string, number>>
  readonly optionValueCells: number
}

export function buildReport(input: ReportInput): EavAlignmentReport {
  const counts = byKind((kind): EavKindCounts => {
    const match = input.matching.kinds[kind]
    const plan = input.plans[kind]
    const idColumn = EAV_TABLES[kind].idColumn
    const created = match.written.filter((row) => !match.counterpart.has(idOf(row, idColumn))).length
    return {
      matched: match.pairs.size,
      created,
      moved: plan.moved,
      magento2Only: plan.magento2Only,
      rekeyed: plan.rekeyed,
      replaced: match.replaced.size,
    }
  })
  const warnings: EavWarning[] = [
    ...input.matching.skippedEntityTypes.map((code): EavWarning => ({
      kind: 'skipped-entity-type',
      message: `Magento 1 entity type ${code} does not exist in Magento 2: its attribute sets, attributes and values are not aligned`,
    })),
    ...input.untranslated.map((model): EavWarning => ({
      kind: 'untranslated-model',
      message: `${model.entityType} attribute ${model.attributeCode}: ${model.table}.${model.column} ${model.value} has no Magento 2 class; written as NULL (Magento 2's default)`,
    })),
    ...input.warnings,
  ]
  const references = byKind((kind) =>
    input.references[kind].columns.map(({ table, column, via }) => ({ table, column, via })),
  )
  return {
    counts,
    extras: input.extras,
    skippedEntityTypes: input.matching.skippedEntityTypes,
    untranslatedModels: input.untranslated,
    warnings,
    references,
    optionValueCells: input.optionValueCells,
    alreadyAligned: input.matching.alreadyAligned,
  }
}

const KIND_NAMES: Readonly<Record<EavKind, string>> = {
  entityType: 'entity types',
  attributeSet: 'attribute sets',
  attributeGroup: 'attribute groups',
  attribute: 'attributes',
  option: 'options',
  optionValue: 'option values',
  label: 'attribute labels',
  placement: 'set placements',
}

/** One info line per kind, then every warning. */
export function logReport(log: Logger, report: EavAlignmentReport): void {
  for (const kind of EAV_KINDS) {
    const c = report.counts[kind]
    log.info(
      `eav ${KIND_NAMES[kind]}: ${c.matched} matched (${c.moved} moved to their Magento 1 id), ${c.created} created, ` +
        `${c.magento2Only} Magento 2-only kept (${c.rekeyed} re-keyed)${c.replaced > 0 ? `, ${c.replaced} replaced by Magento 1's` : ''}`,
      { kind, ...c },
    )
  }
  for (const warning of report.warnings) log.warn(warning.message, { kind: warning.kind })
}
