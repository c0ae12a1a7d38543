import { Flags } from '@oclif/core'
import {
  createLogger,
  createProgressReporter,
  describeDifference,
  describeDirtyCount,
  formatCount,
  logOnlyProgress,
  runVerify,
  textSink,
  type RowDifference,
  type VerifyReport,
} from '@mig/core/engine'
import { MigCommand } from '../support/base-command.js'
import { configArg } from '../support/config-arg.js'

export default class Verify extends MigCommand {
  static override summary = 'Compare the mapped Magento 1 data with Magento 2, table by table'
  static override description =
    'Every tracked table in key-ordered chunks: both servers compute a row count and a hash per chunk, and only chunks that differ ' +
    'are compared row by row. Each difference is listed with table, key and columns. Rows with a captured change that delta has not ' +
    'applied yet are reported apart and do not count. Exit 0 when clean, 1 when not.'
  static override examples = [
    '<%= config.bin %> verify config.xml',
    '<%= config.bin %> verify --tables sales_flat_order,sales_flat_order_item config.xml',
    "<%= config.bin %> verify --json config.xml | jq '.differences[]'",
  ]
  static override args = { config: configArg }
  static override flags = {
    json: Flags.boolean({ description: 'print one JSON document (tables, differences, pending, set aside) on stdout' }),
    tables: Flags.string({ description: 'only these Magento 1 tables (comma-separated, without prefix)' }),
    'chunk-size': Flags.integer({ description: 'rows per checksummed chunk', default: 1000, min: 1 }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Verify)
    const config = await this.loadMigConfig(args.config)
    const secrets = [config.source.password, config.destination.password, config.options.cryptKey ?? '']
    // With --json stdout carries only the document: people-facing lines go to stderr.
    const log = createLogger(
      flags.json ? [(record) => process.stderr.write(`${record.message}\n`)] : [textSink()],
      secrets,
    )
    const progress = flags.json
      ? logOnlyProgress(createLogger([], secrets))
      : createProgressReporter({ stream: process.stderr, log: createLogger([], secrets) })
    const tables = flags.tables
      ?.split(',')
      .map((table) => table.trim())
      .filter((table) => table !== '')
    const report = await runVerify(config, this.pluginManifests(), {
      log,
      progress,
      chunkSize: flags['chunk-size'],
      ...(tables ? { tables } : {}),
    })
    if (flags.json) process.stdout.write(`${JSON.stringify(toJson(report))}\n`)
    else this.printReport(report)
    if (!report.clean) this.exit(1)
  }

  private printReport(report: VerifyReport): void {
    for (const line of report.skipped) this.log(`skipped ${line}`)
    for (const table of report.tables) {
      this.log(
        `${table.table} → ${table.destinationTable}: ${formatCount(table.rows)} rows in ${table.chunks} chunks (${table.chunksCompared} compared row by row), ` +
          `${table.differences} differences${table.pending > 0 ? `, ${table.pending} pending` : ''}${table.setAside > 0 ? `, ${table.setAside} set aside` : ''}`,
      )
    }
    for (const difference of report.differences) this.log(describeDifference(difference))
    for (const difference of report.pending)
      this.log(`pending (delta has not applied it yet): ${describeDifference(difference)}`)
    for (const difference of report.setAside)
      this.log(`set aside (its reason is in \`mig delta status\`): ${describeDifference(difference)}`)
    for (const count of report.dirtyValues) this.log(`known, not a difference: ${describeDirtyCount(count)}`)
    const rows = report.tables.reduce((sum, table) => sum + table.rows, 0)
    this.log(
      report.clean
        ? `verify: clean — ${report.tables.length} tables, ${formatCount(rows)} rows${report.pending.length > 0 ? `, ${report.pending.length} rows waiting for delta` : ''}${report.setAside.length > 0 ? `, ${report.setAside.length} rows set aside (see \`mig delta status\`)` : ''}`
        : `verify: ${report.differences.length} differences in ${new Set(report.differences.map((item) => item.table)).size} tables (${formatCount(rows)} rows compared); \`mig delta run --reset\` reconciles them`,
    )
  }
}

function toJson(report: VerifyReport): object {
  const strip = (difference: RowDifference): object => ({
    table: difference.table,
    destinationTable: difference.destinationTable,
    key: difference.key,
    kind: difference.kind,
    columns: difference.columns,
    ...(difference.orphan ? { orphan: difference.orphan } : {}),
  })
  return {
    clean: report.clean,
    tables: report.tables,
    differences: report.differences.map(strip),
    pending: report.pending.map(strip),
    setAside: report.setAside.map(strip),
    dirtyValues: report.dirtyValues,
    skipped: report.skipped,
  }
}
