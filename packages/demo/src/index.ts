/** @mig/demo: mig's own Magento schema subset, a seeded storefront simulator and the `mig demo` run. */
export { loadSchemaSubset, type LoadSchemaOptions } from './schema/load-schema.js'
export { schemaSubsetPath, type SchemaSide } from './schema/subset-path.js'
export { collectDumpTables, DumpRewriter, rewriteDump, type DumpRewriteOptions } from './schema/dump-rewriter.js'
export { runDemo } from './demo/run-demo.js'
export type { DemoOptions, DemoResult, DemoOutcome } from './demo/demo-options.js'
export type { DemoServer } from './demo/server-connection.js'
export type { DemoStream } from './demo/status-line.js'
export { DEMO_DATABASE_PREFIX, demoDatabaseNames, type DemoDatabases } from './demo/demo-databases.js'
