/**
 * The dump rewriter (DEFINER and collation fixes, table prefixes) lives in @mig/demo, which loads mig's own schema
 * subset with it; tests keep importing it from here.
 */
export { collectDumpTables, DumpRewriter, rewriteDump, type DumpRewriteOptions } from '@mig/demo'
