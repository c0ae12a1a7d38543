import { formatLocation } from '../config/source-location.js'
import { UsageError } from '../errors/mig-error.js'
import type { SourceLocation } from '../interfaces/config.js'
import type { DocumentRename, FieldMove, MapRules } from '../interfaces/map.js'
import { splitFieldName } from './name-pattern.js'

/** Renames and moves of one contribution (a file, a plugin), with who contributed them. */
export interface RuleContribution {
  readonly rules: { readonly renames: readonly DocumentRename[]; readonly moves: readonly FieldMove[] }
  readonly origin: string
}

export interface RuleConflict {
  /** Where the later of the two rules is. */
  readonly location: SourceLocation
  /** One line naming both rules, without the leading location. */
  readonly message: string
}

export function emptyMapRules(): MapRules {
  return {
    source: { ignoredDocuments: [], ignoredFields: [], transforms: [], renames: [], moves: [] },
    destination: { ignoredDocuments: [], ignoredFields: [], transforms: [] },
    origins: [],
  }
}

/**
 * Concatenates map rules in the given order (plugins' maps, then the user's map.xml, for instance).
 * Ignores and transforms simply add up; a table renamed, or a column moved, to two different
 * targets has no right answer, so it is refused naming both rules.
 */
export function mergeMapRules(rules: readonly MapRules[]): MapRules {
  const conflicts = findRuleConflicts(
    rules.map((r) => ({ rules: r.source, origin: r.origins.length === 1 ? (r.origins[0] ?? '') : '' })),
  )
  if (conflicts.length > 0) {
    const count = conflicts.length === 1 ? '1 conflict' : `${conflicts.length} conflicts`
    throw new UsageError(
      `map rules: ${count} between map files (see below; keep one rule for each table or column)`,
      conflicts.map((c) => `${formatLocation(c.location)}: ${c.message}`),
    )
  }
  return {
    source: {
      ignoredDocuments: rules.flatMap((r) => r.source.ignoredDocuments),
      ignoredFields: rules.flatMap((r) => r.source.ignoredFields),
      transforms: rules.flatMap((r) => r.source.transforms),
      renames: rules.flatMap((r) => r.source.renames),
      moves: rules.flatMap((r) => r.source.moves),
    },
    destination: {
      ignoredDocuments: rules.flatMap((r) => r.destination.ignoredDocuments),
      ignoredFields: rules.flatMap((r) => r.destination.ignoredFields),
      transforms: rules.flatMap((r) => r.destination.transforms),
    },
    origins: [...new Set(rules.flatMap((r) => r.origins))],
  }
}

/** The same source table renamed to two targets, or the same source column moved to two targets. */
export function findRuleConflicts(contributions: readonly RuleContribution[]): RuleConflict[] {
  const conflicts: RuleConflict[] = []
  const renames = new Map<string, { rule: DocumentRename; origin: string }>()
  const moves = new Map<string, { rule: FieldMove; origin: string }>()
  for (const { rules, origin } of contributions) {
    for (const rule of rules.renames) {
      // Table names are case-sensitive (MySQL on Linux).
      const first = renames.get(rule.from)
      if (first === undefined) renames.set(rule.from, { rule, origin })
      else if (first.rule.to !== rule.to) {
        conflicts.push({
          location: rule.location,
          message:
            `${rule.from} is renamed to ${rule.to}${originNote(rule.location, origin)}, ` +
            `but ${formatLocation(first.rule.location)}${originNote(first.rule.location, first.origin)} renames it to ${first.rule.to}; keep one rename`,
        })
      }
    }
    for (const rule of rules.moves) {
      const key = fieldKey(rule.from)
      const first = moves.get(key)
      if (first === undefined) moves.set(key, { rule, origin })
      else if (fieldKey(first.rule.to) !== fieldKey(rule.to)) {
        conflicts.push({
          location: rule.location,
          message:
            `${rule.from} is moved to ${rule.to}${originNote(rule.location, origin)}, ` +
            `but ${formatLocation(first.rule.location)}${originNote(first.rule.location, first.origin)} moves it to ${first.rule.to}; keep one move`,
        })
      }
    }
  }
  return conflicts
}

/** Column names are case-insensitive in MySQL, table names are not. */
function fieldKey(field: string): string {
  const parts = splitFieldName(field)
  return parts === undefined ? field : `${parts.table}.${parts.field.toLowerCase()}`
}

/** ` (from @mig/plugin-sales)` when the contributor is not simply the file itself. */
function originNote(location: SourceLocation, origin: string): string {
  return origin === '' || origin === location.file ? '' : ` (from ${origin})`
}
