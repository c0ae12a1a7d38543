import { Flags } from '@oclif/core'
import { runDelta } from '@mig/core/engine'
import { MigCommand } from '../../support/base-command.js'
import { configArg } from '../../support/config-arg.js'
import { createFatalLogger, createRunLogger, type LogFormat } from '../../support/run-logger.js'
import { stopOnSignals } from '../../support/stop-signal.js'

export default class DeltaRun extends MigCommand {
  static override summary = 'Apply captured Magento 1 changes to Magento 2, every few seconds until stopped'
  static override description =
    'Re-reads every changed row, transforms it to the Magento 2 schema and applies it in one destination transaction per round, ' +
    'then acknowledges exactly what it read. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM after the batch in flight.'
  static override examples = [
    '<%= config.bin %> delta run config.xml',
    '<%= config.bin %> delta run --once config.xml',
    '<%= config.bin %> delta run --reset --auto --interval 10 config.xml',
    '<%= config.bin %> delta run --log-format json config.xml | your-log-shipper',
  ]
  static override args = { config: configArg }
  static override flags = {
    reset: Flags.boolean({
      char: 'r',
      description:
        'forget all progress and reconcile the tracked Magento 2 tables from the full current Magento 1 state',
    }),
    auto: Flags.boolean({
      char: 'a',
      description: 'go on past integrity problems and rows that cannot be applied (they are set aside and reported)',
    }),
    once: Flags.boolean({ description: 'run one cycle and exit' }),
    interval: Flags.integer({ description: 'seconds between cycles', default: 5, min: 1 }),
    'log-format': Flags.string({
      description: 'text for people, json (one object per line) for log shippers',
      options: ['text', 'json'],
      default: 'text',
    }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DeltaRun)
    const config = await this.loadMigConfig(args.config)
    const log = createRunLogger(config, flags['log-format'] as LogFormat)
    this.fatalLog = createFatalLogger(config, flags['log-format'] as LogFormat)
    const stop = stopOnSignals(log, 'the batch in flight')
    try {
      await runDelta(config, this.pluginManifests(), {
        reset: flags.reset,
        auto: flags.auto,
        once: flags.once,
        intervalSeconds: flags.interval,
        signal: stop.signal,
        log,
      })
    } finally {
      stop.dispose()
    }
  }
}
