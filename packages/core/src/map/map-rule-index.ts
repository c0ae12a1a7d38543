import type { DocumentRename, FieldMove, FieldTransform, MapRules, NamePattern } from '../interfaces/map.js'
import { FieldMatcher, NameMatcher, splitFieldName } from './name-pattern.js'

/** What map.xml says about one Magento 1 table, before looking at any live schema. */
export type DocumentFate =
  | {
      readonly kind: 'ignored'
      readonly rule: NamePattern
      /** `destination`: the table it maps to is ignored in `<destination>`, so nothing is written. */
      readonly side: 'source' | 'destination'
      readonly destinationTable: string
    }
  | { readonly kind: 'mapped'; readonly destinationTable: string; readonly rename?: DocumentRename }

interface Compiled<Rule> {
  readonly matcher: FieldMatcher
  readonly rule: Rule
}

/**
 * map.xml rules compiled once for lookups by (unprefixed) table and column name.
 * When several rules match, an exact name beats a wildcard, then the first in merge order wins.
 */
export class MapRuleIndex {
  readonly rules: MapRules
  private readonly sourceDocumentIgnores: readonly { matcher: NameMatcher; rule: NamePattern }[]
  private readonly destinationDocumentIgnores: readonly { matcher: NameMatcher; rule: NamePattern }[]
  private readonly renames = new Map<string, DocumentRename>()
  private readonly moves = new Map<string, FieldMove>()
  private readonly sourceFieldIgnores: readonly Compiled<NamePattern>[]
  private readonly destinationFieldIgnores: readonly Compiled<NamePattern>[]
  private readonly sourceTransforms: readonly Compiled<FieldTransform>[]
  private readonly destinationTransforms: readonly Compiled<FieldTransform>[]

  constructor(rules: MapRules) {
    this.rules = rules
    const documents = (patterns: readonly NamePattern[]) =>
      patterns.map((rule) => ({ matcher: new NameMatcher(rule.pattern), rule }))
    const fields = (patterns: readonly NamePattern[]) =>
      patterns.map((rule) => ({ matcher: new FieldMatcher(rule.pattern), rule }))
    const transforms = (list: readonly FieldTransform[]) =>
      list.map((rule) => ({ matcher: new FieldMatcher(rule.field), rule }))
    this.sourceDocumentIgnores = documents(rules.source.ignoredDocuments)
    this.destinationDocumentIgnores = documents(rules.destination.ignoredDocuments)
    this.sourceFieldIgnores = preferExact(fields(rules.source.ignoredFields))
    this.destinationFieldIgnores = preferExact(fields(rules.destination.ignoredFields))
    this.sourceTransforms = preferExact(transforms(rules.source.transforms))
    this.destinationTransforms = preferExact(transforms(rules.destination.transforms))
    // Conflicting duplicates were refused when reading/merging; a repeated identical rule changes nothing.
    for (const rename of rules.source.renames) if (!this.renames.has(rename.from)) this.renames.set(rename.from, rename)
    for (const move of rules.source.moves) {
      const parts = splitFieldName(move.from)
      if (parts === undefined) continue
      const key = columnKey(parts.table, parts.field)
      if (!this.moves.has(key)) this.moves.set(key, move)
    }
  }

  static of(rules: MapRules | MapRuleIndex): MapRuleIndex {
    return rules instanceof MapRuleIndex ? rules : new MapRuleIndex(rules)
  }

  /** Ignored in `<source>`, else renamed or kept; then ignored if its destination is ignored in `<destination>`. */
  documentFate(sourceTable: string): DocumentFate {
    const rename = this.renames.get(sourceTable)
    const destinationTable = rename?.to ?? sourceTable
    const sourceIgnore = this.sourceDocumentIgnores.find((entry) => entry.matcher.matches(sourceTable))
    if (sourceIgnore !== undefined)
      return { kind: 'ignored', rule: sourceIgnore.rule, side: 'source', destinationTable }
    const destinationIgnore = this.destinationDocumentIgnores.find((entry) => entry.matcher.matches(destinationTable))
    if (destinationIgnore !== undefined)
      return { kind: 'ignored', rule: destinationIgnore.rule, side: 'destination', destinationTable }
    return rename === undefined ? { kind: 'mapped', destinationTable } : { kind: 'mapped', destinationTable, rename }
  }

  sourceFieldIgnore(table: string, column: string): NamePattern | undefined {
    return this.sourceFieldIgnores.find((entry) => entry.matcher.matches(table, column))?.rule
  }

  destinationFieldIgnore(table: string, column: string): NamePattern | undefined {
    return this.destinationFieldIgnores.find((entry) => entry.matcher.matches(table, column))?.rule
  }

  move(table: string, column: string): FieldMove | undefined {
    return this.moves.get(columnKey(table, column))
  }

  sourceTransform(table: string, column: string): FieldTransform | undefined {
    return this.sourceTransforms.find((entry) => entry.matcher.matches(table, column))?.rule
  }

  destinationTransform(table: string, column: string): FieldTransform | undefined {
    return this.destinationTransforms.find((entry) => entry.matcher.matches(table, column))?.rule
  }
}

function columnKey(table: string, column: string): string {
  return `${table}.${column.toLowerCase()}`
}

/** Stable: exact names first, each group in its original order. */
function preferExact<T extends { matcher: FieldMatcher }>(entries: T[]): T[] {
  return [
    ...entries.filter((entry) => !entry.matcher.isWildcard),
    ...entries.filter((entry) => entry.matcher.isWildcard),
  ]
}
