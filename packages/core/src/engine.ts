/**
 * @mig/core/engine — running mig: configuration, plugin loading, capture, the data and delta
 * modes, verify and their reports. For the CLI, the demo and programs (a plugin's own end-to-end
 * test) that drive mig; a plugin's step needs only `@mig/core`, which this entry includes.
 */
export * from './index.js'

export { loadConfig, describeDatabase, splitSqlStatements, UnterminatedSqlError } from './config/index.js'

export { DatabaseClient, type DatabaseClientOptions } from './db/database-client.js'
export { shortenName } from './db/shorten-name.js'
export { loadDataLineSql } from './db/load-data-line-sql.js'
export { readDatabaseSchema } from './db/schema-reader.js'
export { isTransientError, mysqlErrorInfo } from './db/mysql-error.js'
export { readSecondaryIndexes, type SecondaryIndex } from './db/secondary-indexes.js'

export { readDeltalogXml, parseDeltalogXml, mergeTrackedTables } from './deltalog/index.js'
export { DELTALOG_MARKER } from './deltalog/deltalog-naming.js'
export { installCapture, type SetupReport, type InstalledCapture } from './deltalog/deltalog-installer.js'
export {
  readCaptureStatus,
  type CaptureStatus,
  type TableStatus,
  type CaptureState,
} from './deltalog/deltalog-status.js'
export { teardownCapture, type TeardownReport } from './deltalog/deltalog-teardown.js'
export { guardTeardown, readPendingChanges, type PendingInDeltalog } from './modes/teardown-guard.js'

export type { PluginManifest, MigPackageSection } from './plugins/plugin-manifest.js'
export { migSectionOf } from './plugins/plugin-manifest.js'
export { collectTrackedTables } from './plugins/tracked-tables-from-plugins.js'
export { assertCompatibleCore, declaredCoreRange } from './plugins/core-compatibility.js'
export { CORE_VERSION } from './plugins/core-version.js'
export { isDeltaStep } from './steps/delta-step.js'

export * from './map/index.js'
export { FieldHandlerRegistry, createDefaultHandlerRegistry } from './map/handlers/index.js'

export { createLogger, textSink, jsonSink, fileSink, silentLogger, type LogRecord, type LogSink } from './log/logger.js'

export { readSetAside, failureTableName, type SetAsideChange } from './delta/failure-store.js'
export { readDirtyValueCounts, dirtyValueTableName, type DirtyValueCount } from './delta/dirty-value-store.js'
export { describeDirtyCount, describeSetAsideGroup, groupSetAside, type SetAsideGroup } from './modes/grouped-report.js'
export { runDelta, type DeltaRunOptions, type CycleSummary } from './modes/delta-runner.js'
export { runData, type DataRunOptions, type DataRunReport } from './modes/data-runner.js'
export {
  alignEav,
  attributeGroupCode,
  translateModel,
  type EavAlignmentOptions,
  type EavAlignmentReport,
} from './magento/eav/index.js'
export type { VolumeResult } from './data/volume-check.js'
export { dataProgressTableName } from './data/data-progress-store.js'
export {
  DeferredIndexes,
  deferredIndexTableName,
  DEFERRED_INDEX_COMMENT,
  type BuiltIndexes,
} from './data/deferred-indexes.js'
export { deferrableIndexes } from './data/deferrable-indexes.js'
export { DEFER_INDEXES_MIN_ROWS } from './data/bulk-fill-indexes.js'
export { readDataRunStatus, type DataRunStatus } from './data/data-run-status.js'
export {
  alignStores,
  storeGroupCode,
  type StoreAlignmentOptions,
  type StoreAlignmentReport,
} from './magento/stores/index.js'
export {
  createProgressReporter,
  logOnlyProgress,
  formatBar,
  formatLine,
  formatDone,
  formatDuration,
  formatCount,
  type ProgressReporter,
  type ProgressStream,
  type ProgressSnapshot,
} from './progress/index.js'
export {
  runVerify,
  describeDifference,
  type VerifyOptions,
  type VerifyReport,
  type VerifyTableReport,
  type RowDifference,
  type ColumnDifference,
} from './verify/index.js'
