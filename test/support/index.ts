export * from './test-database.js'
export * from './fixtures.js'
export * from './dump-rewriter.js'
export * from './load-dump.js'
