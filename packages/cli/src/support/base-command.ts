import { Command, Errors } from '@oclif/core'
import {
  ExitCode,
  declaredCoreRange,
  isMigError,
  loadConfig,
  migSectionOf,
  type Logger,
  type MigrationConfig,
  type PluginManifest,
} from '@mig/core/engine'

/**
 * Every mig command: bad input becomes one line on stderr and a documented exit code,
 * never a stack trace (set MIG_DEBUG=1 to see one).
 */
export abstract class MigCommand extends Command {
  /** Set by run commands: where a fatal error is logged besides stderr (JSON log, log_file). */
  protected fatalLog: Logger | undefined

  protected async loadMigConfig(file: string | undefined): Promise<MigrationConfig> {
    const config = await loadConfig(file, { cwd: process.cwd(), env: process.env })
    for (const warning of config.warnings) this.warnLine(warning)
    return config
  }

  /** Every loaded oclif plugin (core, user-installed, linked) described for core. */
  protected pluginManifests(): PluginManifest[] {
    // oclif loads plugins concurrently; sort so table order (and so output) is stable run to run.
    const plugins = [...this.config.getPluginsList()].sort((a, b) => a.name.localeCompare(b.name))
    return plugins.map((plugin) => {
      const mig = migSectionOf(plugin.pjson)
      const coreRange = declaredCoreRange(plugin.pjson)
      return {
        name: plugin.name,
        version: plugin.version,
        root: plugin.root,
        ...(mig ? { mig } : {}),
        ...(coreRange ? { coreRange } : {}),
      }
    })
  }

  protected warnLine(message: string): void {
    process.stderr.write(`warning: ${message}\n`)
  }

  protected override async catch(error: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    if (process.env['MIG_DEBUG']) process.stderr.write(`${error.stack ?? error.message}\n`)
    if (isMigError(error)) {
      this.fatalLog?.error(error.message, { event: 'fatal', exitCode: error.exitCode })
      process.stderr.write(`mig: ${error.message}\n`)
      for (const detail of error.details) process.stderr.write(`  ${detail}\n`)
      this.exit(error.exitCode)
    }
    if (error instanceof Errors.ExitError) throw error
    // oclif's own parse errors (missing argument, unknown flag) are usage errors.
    if (
      error.oclif?.exit === 2 ||
      /Missing \d+ required arg|Nonexistent flag|Unexpected argument|Expected --/i.test(error.message)
    ) {
      process.stderr.write(
        `mig: ${firstLine(error.message)} (see \`mig ${(this.id ?? '').replaceAll(':', ' ')} --help\`)\n`,
      )
      this.exit(ExitCode.usage)
    }
    this.fatalLog?.error(firstLine(error.message), { event: 'fatal', exitCode: ExitCode.failure })
    process.stderr.write(`mig: ${firstLine(error.message)}\n`)
    this.exit(ExitCode.failure)
  }
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim().length > 0)
      ?.trim() ?? text
  )
}
