import { DatabaseClient, teardownCapture } from '@mig/core'
import { MigCommand } from '../../support/base-command.js'
import { configArg } from '../../support/config-arg.js'

export default class DeltaTeardown extends MigCommand {
  static override summary = 'Remove every trigger and deltalog table mig installed on Magento 1 (after cut-over)'
  static override examples = ['<%= config.bin %> delta teardown config.xml']
  static override args = { config: configArg }

  async run(): Promise<void> {
    const { args } = await this.parse(DeltaTeardown)
    const config = await this.loadMigConfig(args.config)
    const source = await DatabaseClient.connect({ role: 'source', database: config.source, initStatements: config.options.initStatementsSource })
    try {
      const report = await teardownCapture(source)
      this.log(`removed ${report.droppedTriggers.length} triggers and ${report.droppedTables.length} mig tables`)
    } finally {
      await source.close()
    }
  }
}
