export type * from '../interfaces/map.js'
export { readMapXml, parseMapXml } from './map-xml-reader.js'
export {
  mergeMapRules,
  emptyMapRules,
  findRuleConflicts,
  type RuleConflict,
  type RuleContribution,
} from './map-rules-merge.js'
export { NameMatcher, FieldMatcher, isNamePattern, isPlainName, hasWildcard, splitFieldName } from './name-pattern.js'
export { MapRuleIndex, type DocumentFate } from './map-rule-index.js'
export {
  DocumentMapper,
  type DestinationColumnFate,
  type DocumentResolution,
  type MappingSchemas,
  type SourceColumnFate,
  type TableMapping,
} from './document-mapping.js'
export { RecordTransformer, type RecordTransformerOptions, type TransformResult } from './record-transformer.js'
export {
  checkIntegrity,
  type IntegrityCheckOptions,
  type IntegrityProblem,
  type IntegrityProblemKind,
  type IntegrityReport,
} from './integrity-check.js'
export type { ValueNote } from './value-note.js'
