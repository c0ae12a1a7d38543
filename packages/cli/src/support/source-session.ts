import {
  DatabaseClient,
  collectTrackedTables,
  type MigrationConfig,
  type PluginManifest,
  type TrackedTable,
} from '@mig/core/engine'

/** Opens the Magento 1 connection and resolves the tracked tables; closes it when `work` ends. */
export async function withSource<T>(
  config: MigrationConfig,
  plugins: readonly PluginManifest[],
  work: (source: DatabaseClient, tracked: TrackedTable[]) => Promise<T>,
): Promise<T> {
  const tracked = collectTrackedTables(plugins, config)
  const source = await DatabaseClient.connect({
    role: 'source',
    database: config.source,
    initStatements: config.options.initStatementsSource,
  })
  try {
    return await work(source, tracked)
  } finally {
    await source.close()
  }
}
