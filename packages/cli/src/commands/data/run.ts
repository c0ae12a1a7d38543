import { Flags } from '@oclif/core'
import { createProgressReporter, formatCount, formatDuration, runData } from '@mig/core/engine'
import { MigCommand } from '../../support/base-command.js'
import { configArg } from '../../support/config-arg.js'
import { createFatalLogger, createRunLogger, type LogFormat } from '../../support/run-logger.js'
import { stopOnSignals } from '../../support/stop-signal.js'

export default class DataRun extends MigCommand {
  static override summary = 'Copy everything the installed plugins map from Magento 1 into Magento 2, ready for delta'
  static override description =
    'Integrity check, change capture installed before copying (nothing written meanwhile is missed), stores and EAV aligned, ' +
    'the Magento 2 tables the migration owns emptied, every tracked table copied in key order, grids and sequences rebuilt, ' +
    'and a volume check. Progress is kept in Magento 2: after Ctrl-C, a crash or kill -9, run it again to continue; --reset starts over.'
  static override examples = [
    '<%= config.bin %> data run config.xml',
    '<%= config.bin %> data run --auto config.xml',
    '<%= config.bin %> data run --reset config.xml && <%= config.bin %> delta run config.xml',
  ]
  static override args = { config: configArg }
  static override flags = {
    reset: Flags.boolean({ char: 'r', description: 'forget the progress of earlier runs and copy everything again' }),
    auto: Flags.boolean({
      char: 'a',
      description: 'go on past integrity problems and rows that cannot be copied (they are set aside and reported)',
    }),
    'log-format': Flags.string({
      description: 'text for people, json (one object per line) for log shippers',
      options: ['text', 'json'],
      default: 'text',
    }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DataRun)
    const config = await this.loadMigConfig(args.config)
    const log = createRunLogger(config, flags['log-format'] as LogFormat)
    this.fatalLog = createFatalLogger(config, flags['log-format'] as LogFormat)
    const stop = stopOnSignals(log, 'the chunk in flight')
    try {
      const progress = createProgressReporter({ stream: process.stderr, log })
      const report = await runData(config, this.pluginManifests(), {
        reset: flags.reset,
        auto: flags.auto,
        signal: stop.signal,
        log,
        progress,
      })
      const rows = report.copied.reduce((sum, item) => sum + item.rows, 0)
      const values = (kind: 'repaired' | 'lost'): number =>
        report.dirty.filter((count) => count.kind === kind).reduce((sum, count) => sum + count.count, 0)
      const repaired = values('repaired')
      const lost = values('lost')
      log.info(
        `data run finished in ${formatDuration(report.seconds)}: ${report.copied.length} tables, ${formatCount(rows)} rows copied` +
          `${report.setAside.length > 0 ? `, ${report.setAside.length} set aside` : ''}` +
          `${repaired > 0 ? `, ${formatCount(repaired)} values repaired` : ''}${lost > 0 ? `, ${formatCount(lost)} values lost (written empty, originals kept in Magento 2)` : ''}` +
          `; next: \`mig delta run\` keeps Magento 2 in sync`,
        {
          event: 'data-done',
          tables: report.copied.length,
          rows,
          setAside: report.setAside.length,
          repaired,
          lost,
          seconds: Number(report.seconds.toFixed(3)),
        },
      )
    } finally {
      stop.dispose()
    }
  }
}
