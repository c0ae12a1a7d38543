import { Flags } from '@oclif/core'
import { DatabaseClient, describeDatabase, guardTeardown, mysqlErrorInfo, teardownCapture } from '@mig/core/engine'
import { MigCommand } from '../../support/base-command.js'
import { configArg } from '../../support/config-arg.js'

export default class DeltaTeardown extends MigCommand {
  static override summary = 'Remove every trigger and table mig installed (after cut-over)'
  static override description =
    'On Magento 1: every trigger and deltalog/state table mig installed, and nothing else; triggers first. ' +
    'On Magento 2: the tables mig keeps there (the data run progress, indexes to build). The original values of values mig repaired or ' +
    "could not convert (m2_mig_dirty_value) are the merchant's data and stay unless --drop-dirty-values. Safe to run again. " +
    'Refused while a mig run works on the store, and while captured changes are not applied yet unless --force.'
  static override examples = [
    '<%= config.bin %> delta teardown config.xml',
    '<%= config.bin %> delta teardown --drop-dirty-values config.xml',
    '<%= config.bin %> delta teardown --force config.xml',
  ]
  static override args = { config: configArg }
  static override flags = {
    force: Flags.boolean({
      description: 'tear down although captured changes are not applied yet (they are given up, and counted)',
    }),
    'drop-dirty-values': Flags.boolean({
      description: 'also drop m2_mig_dirty_value, where the original values of repaired and lost values are kept',
    }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DeltaTeardown)
    const config = await this.loadMigConfig(args.config)
    const source = await DatabaseClient.connect({
      role: 'source',
      database: config.source,
      initStatements: config.options.initStatementsSource,
    })
    try {
      const { result: report, givenUp } = await guardTeardown(source, { force: flags.force }, () =>
        teardownCapture(source),
      )
      for (const table of givenUp)
        this.warnLine(`${table.deltalog}: ${table.pending} captured changes given up (--force)`)
      this.log(
        `removed ${report.droppedTriggers.length} triggers and ${report.droppedTables.length} mig tables from Magento 1`,
      )
    } finally {
      await source.close()
    }
    // Magento 1 matters most (its triggers touch every storefront write): a Magento 2 that does not
    // answer leaves only mig's bookkeeping there, so it is a warning, not a failure.
    let destination: DatabaseClient | undefined
    try {
      destination = await DatabaseClient.connect({
        role: 'destination',
        database: config.destination,
        initStatements: config.options.initStatementsDestination,
      })
      const report = await teardownCapture(destination, { dropKept: flags['drop-dirty-values'] })
      this.log(
        `removed ${report.droppedTables.length} mig tables from Magento 2` +
          (report.keptTables > 0
            ? `; kept m2_mig_dirty_value (original values of repaired and lost values; --drop-dirty-values drops it)`
            : ''),
      )
    } catch (error) {
      const info = mysqlErrorInfo(error)
      this.warnLine(
        `Magento 2 (${describeDatabase(config.destination)}): ${info.sqlMessage ?? info.message}; its mig tables are left, run \`mig delta teardown\` again when it answers`,
      )
    } finally {
      await destination?.close()
    }
  }
}
