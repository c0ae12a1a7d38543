/**
 * @mig/core — the plugin contract: what a plugin's step extends, receives and may call.
 * Kept small on purpose (docs/ARCHITECTURE.md "The plugin contract"); each name is documented
 * in examples/README.md. Running mig (configuration, capture, the run modes, verify, reports)
 * is `@mig/core/engine`, for the CLI and programs that drive mig.
 */

// Steps: extend one of these.
export { AbstractDelta, isUniqueKey, upsertGuardOf, type StepTarget, type TargetRows } from './steps/abstract-delta.js'
export { MapDelta, type StepTables, type TablePlan } from './steps/map-delta.js'
export type { StepHooks } from './steps/step-hooks.js'
export {
  DELTA_STEP_API,
  DELTA_STEP_BRAND,
  type BulkFill,
  type ChangeFailure,
  type ChangeSet,
  type DataProgressListener,
  type DeltaEnvironment,
  type DeltaStep,
  type LineCopy,
  type LinePageItem,
  type LoadedChanges,
  type NotedValue,
  type NoteSink,
  type RelocatedReference,
  type RoundSummary,
} from './steps/delta-step.js'
export type { PendingChange } from './delta/pending-change.js'
export type { DeclaredParent } from './delta/table-order.js'

// What a step reads and writes with.
export type { DatabaseClient, Session, DatabaseRole } from './db/database-client.js'
export type { SqlRow, SqlValue } from './db/sql-value.js'
export type { ColumnSchema, ForeignKeySchema, TableSchema } from './db/table-schema.js'
export { assertIdentifier, isPlainIdentifier, quoteIdentifier, quoteQualified } from './db/identifier.js'
export { keysCondition } from './delta/key-condition.js'
export { logKeys } from './delta/reset-enqueue.js'
export { describeKey, keyIdentity, type KeyValues } from './delta/row-key.js'
export { deltalogTableName, type ChangeOperation } from './deltalog/deltalog-naming.js'
export type { Logger, LogLevel } from './log/logger.js'

// Mapping: what map.xml becomes, and value handlers.
export type { MapRules, IntegrityProblem, IntegrityProblemKind, ValueNote } from './map/index.js'
export { RecordTransformer, type TransformResult } from './map/index.js'
export {
  FieldHandlerError,
  FieldValueLost,
  reading,
  type FieldHandler,
  type FieldHandlerContext,
  type FieldHandlerFactory,
} from './map/handlers/index.js'

// Configuration as a step sees it, and errors a step may raise.
export type * from './interfaces/config.js'
export type * from './interfaces/deltalog.js'
export { MigError, UsageError, ExitCode, isMigError } from './errors/mig-error.js'
