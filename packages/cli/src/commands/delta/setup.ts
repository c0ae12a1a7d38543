import { installCapture } from '@mig/core/engine'
import { MigCommand } from '../../support/base-command.js'
import { configArg } from '../../support/config-arg.js'
import { withSource } from '../../support/source-session.js'

export default class DeltaSetup extends MigCommand {
  static override summary = 'Install change capture (deltalog tables and triggers) on Magento 1'
  static override description =
    'For every tracked table present in Magento 1, creates m2_cl_<table> and AFTER INSERT/UPDATE/DELETE triggers. ' +
    'Safe to run again: pending changes are kept and triggers mig does not own are never touched.'
  static override examples = ['<%= config.bin %> delta setup config.xml']
  static override args = { config: configArg }

  async run(): Promise<void> {
    const { args } = await this.parse(DeltaSetup)
    const config = await this.loadMigConfig(args.config)
    const report = await withSource(config, this.pluginManifests(), (source, tracked) =>
      installCapture(source, tracked, {
        sourcePrefix: config.options.sourcePrefix,
        onRetry: (attempt) =>
          this.warnLine(`waiting for a metadata lock held by the store (attempt ${attempt}); retrying`),
      }),
    )
    for (const line of report.skipped) this.warnLine(line)
    const created = report.installed.filter((table) => table.deltalogCreated).length
    const triggers = report.installed.reduce((sum, table) => sum + table.triggersCreated, 0)
    this.log(
      `capture installed on ${report.installed.length} tables (${created} new deltalogs, ${triggers} triggers created` +
        `${report.skipped.length > 0 ? `, ${report.skipped.length} tables skipped` : ''})`,
    )
  }
}
