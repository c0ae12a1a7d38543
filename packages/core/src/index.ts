/**
 * @mig/core public entry: everything the CLI and plugins may use. Plugins import only from here.
 */
export * from './errors/mig-error.js'
export type * from './interfaces/config.js'
export type * from './interfaces/deltalog.js'

export { loadConfig, describeDatabase, splitSqlStatements, UnterminatedSqlError } from './config/index.js'

export { DatabaseClient, type DatabaseClientOptions, type DatabaseRole, type Session } from './db/database-client.js'
export type { SqlRow, SqlValue } from './db/sql-value.js'
export { assertIdentifier, isPlainIdentifier, quoteIdentifier, quoteQualified } from './db/identifier.js'
export { shortenName } from './db/shorten-name.js'
export { loadDataLineSql } from './db/load-data-line-sql.js'
export { readDatabaseSchema } from './db/schema-reader.js'
export type { ColumnSchema, ForeignKeySchema, TableSchema } from './db/table-schema.js'
export { isTransientError, mysqlErrorInfo } from './db/mysql-error.js'

export { readDeltalogXml, parseDeltalogXml, mergeTrackedTables } from './deltalog/index.js'
export { deltalogTableName, DELTALOG_MARKER, type ChangeOperation } from './deltalog/deltalog-naming.js'
export { installCapture, type SetupReport, type InstalledCapture } from './deltalog/deltalog-installer.js'
export { readCaptureStatus, type CaptureStatus, type TableStatus, type CaptureState } from './deltalog/deltalog-status.js'
export { teardownCapture, type TeardownReport } from './deltalog/deltalog-teardown.js'

export type { PluginManifest, MigPackageSection } from './plugins/plugin-manifest.js'
export { migSectionOf } from './plugins/plugin-manifest.js'
export { collectTrackedTables } from './plugins/tracked-tables-from-plugins.js'
export { assertCompatibleCore, declaredCoreRange } from './plugins/core-compatibility.js'
export { CORE_VERSION } from './plugins/core-version.js'

export * from './map/index.js'
export {
  FieldHandlerError,
  FieldValueLost,
  FieldHandlerRegistry,
  createDefaultHandlerRegistry,
  reading,
  type FieldHandler,
  type FieldHandlerContext,
  type FieldHandlerFactory,
} from './map/handlers/index.js'

export { createLogger, textSink, jsonSink, fileSink, silentLogger, type Logger, type LogRecord, type LogSink, type LogLevel } from './log/logger.js'

export { AbstractDelta } from './steps/abstract-delta.js'
export { MapDelta, type StepTables, type TablePlan } from './steps/map-delta.js'
export {
  DELTA_STEP_API,
  DELTA_STEP_BRAND,
  isDeltaStep,
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
  type RelocatedReference,
  type RoundSummary,
} from './steps/delta-step.js'
export type { PendingChange } from './delta/pending-change.js'
export type { DeclaredParent } from './delta/table-order.js'
export { keysCondition } from './delta/key-condition.js'
export { logKeys } from './delta/reset-enqueue.js'
export { describeKey, keyIdentity, type KeyValues } from './delta/row-key.js'
export { readSetAside, failureTableName, type SetAsideChange } from './delta/failure-store.js'
export { readDirtyValueCounts, dirtyValueTableName, type DirtyValueCount } from './delta/dirty-value-store.js'
export { describeDirtyCount, describeSetAsideGroup, groupSetAside, type SetAsideGroup } from './modes/grouped-report.js'
export { runDelta, type DeltaRunOptions, type CycleSummary } from './modes/delta-runner.js'
export { runData, type DataRunOptions, type DataRunReport } from './modes/data-runner.js'
export { alignEav, attributeGroupCode, translateModel, type EavAlignmentOptions, type EavAlignmentReport } from './magento/eav/index.js'
export type { VolumeResult } from './data/volume-check.js'
export { dataProgressTableName } from './data/data-progress-store.js'
export { DeferredIndexes, deferredIndexTableName, DEFERRED_INDEX_COMMENT, type BuiltIndexes } from './data/deferred-indexes.js'
export { deferrableIndexes } from './data/deferrable-indexes.js'
export { DEFER_INDEXES_MIN_ROWS } from './data/bulk-fill-indexes.js'
export { readSecondaryIndexes, type SecondaryIndex } from './db/secondary-indexes.js'
export { readDataRunStatus, type DataRunStatus } from './data/data-run-status.js'
export { alignStores, storeGroupCode, type StoreAlignmentOptions, type StoreAlignmentReport } from './magento/stores/index.js'
export { createProgressReporter, logOnlyProgress, formatBar, formatLine, formatDone, formatDuration, formatCount, type ProgressReporter, type ProgressStream, type ProgressSnapshot } from './progress/index.js'
export { runVerify, describeDifference, type VerifyOptions, type VerifyReport, type VerifyTableReport, type RowDifference, type ColumnDifference } from './verify/index.js'
