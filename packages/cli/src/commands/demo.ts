import { Flags } from '@oclif/core'
import { createLogger } from '@mig/core/engine'
import { runDemo, type DemoOutcome } from '@mig/demo'
import { MigCommand } from '../support/base-command.js'
import { stopOnSignals } from '../support/stop-signal.js'

/** 128 + SIGINT, as a shell reports a program stopped by Ctrl-C: the demo never reached its verdict. */
const EXIT_INTERRUPTED = 130
const EXIT_CODES: Readonly<Record<DemoOutcome, number>> = { clean: 0, differences: 1, interrupted: EXIT_INTERRUPTED }

export default class Demo extends MigCommand {
  static override summary = 'See the whole product on a throwaway store: copy, live sync under traffic, verification'
  static override description =
    "On a local MySQL/MariaDB server, creates a Magento 1 store and a Magento 2 target from mig's own schema subset, writes a store " +
    'history, runs `data run`, then keeps Magento 2 in sync with `delta run` while simulated shoppers and the back office keep writing ' +
    '(live figures: orders and customers in Magento 1 → Magento 2, backlog, lag), lets delta catch up, runs `verify` and drops both ' +
    'databases (--keep keeps them; a failed verification keeps them too and prints the commands that show why). Exit 0 only when the verification is clean; 130 when stopped with Ctrl-C.'
  static override examples = [
    '<%= config.bin %> demo',
    '<%= config.bin %> demo --seconds 20',
    '<%= config.bin %> demo --keep        # then look around: mig delta status <the config.xml it prints>',
    '<%= config.bin %> demo --host db.local --port 3307 --user mig   # password from MIG_DEMO_PASSWORD',
  ]
  static override flags = {
    seconds: Flags.integer({ description: 'how long the store trades while delta keeps up', default: 60, min: 1 }),
    keep: Flags.boolean({ description: 'keep both databases and the config.xml afterwards (their names are printed)' }),
    host: Flags.string({
      description: 'MySQL/MariaDB server for the two demo databases',
      env: 'MIG_DEMO_HOST',
      default: '127.0.0.1',
    }),
    port: Flags.integer({ description: 'server port', env: 'MIG_DEMO_PORT', default: 3306, min: 1, max: 65535 }),
    user: Flags.string({
      description: 'a user that may create and drop databases',
      env: 'MIG_DEMO_USER',
      default: 'root',
    }),
    password: Flags.string({
      description: "that user's password (prefer the environment variable; never printed)",
      env: 'MIG_DEMO_PASSWORD',
      default: '',
    }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Demo)
    const notices = createLogger([(record) => process.stderr.write(`\n${record.message}\n`)], [flags.password])
    const stop = stopOnSignals(
      notices,
      flags.keep
        ? 'the step in flight (the demo databases are kept)'
        : 'the step in flight (the demo databases are then dropped)',
    )
    try {
      const result = await runDemo({
        server: { host: flags.host, port: flags.port, user: flags.user, password: flags.password },
        seconds: flags.seconds,
        keep: flags.keep,
        plugins: this.pluginManifests(),
        signal: stop.signal,
        stdout: process.stdout,
        stderr: process.stderr,
      })
      if (result.outcome !== 'clean') this.exit(EXIT_CODES[result.outcome])
    } finally {
      stop.dispose()
    }
  }
}
