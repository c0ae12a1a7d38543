/**
 * @mig/core/testing — what a plugin's own tests need to run it against a real database: fresh
 * databases with Magento's store tables, a config.xml, the plugin described as the CLI describes it.
 * Together with `@mig/core/engine` (runData, runDelta, runVerify) a plugin tests itself end to end
 * without the mig repository (examples/delta-blog/test/blog-sync.test.ts).
 */
export {
  testDatabaseSettings,
  connectTestDatabase,
  createTestDatabases,
  queryRows,
  type TestDatabases,
} from './testing/test-database.js'
export { STORE_TABLES_SQL, loadMagentoTables } from './testing/magento-store-tables.js'
export { writeTestConfig, type TestConfigInput } from './testing/test-config.js'
export { pluginUnderTest, buildPlugin } from './testing/plugin-under-test.js'
export { recordingLogger } from './testing/recording-logger.js'
