import {
  createLogger,
  fileSink,
  jsonSink,
  textSink,
  type LogSink,
  type Logger,
  type MigrationConfig,
} from '@mig/core/engine'

export type LogFormat = 'text' | 'json'

/** The run commands' logger: text or JSON lines, plus the config's log_file; secrets masked everywhere. */
export function createRunLogger(config: MigrationConfig, format: LogFormat): Logger {
  const sinks: LogSink[] = [format === 'json' ? jsonSink() : textSink()]
  if (config.options.logFile) sinks.push(fileSink(config.options.logFile))
  return createLogger(sinks, secretsOf(config))
}

/**
 * Where a run's fatal error goes besides the `mig: …` line on stderr: the JSON log and the log_file,
 * so a log shipper and the file tell how a run ended (a text log already has the stderr line).
 */
export function createFatalLogger(config: MigrationConfig, format: LogFormat): Logger {
  const sinks: LogSink[] = format === 'json' ? [jsonSink()] : []
  if (config.options.logFile) sinks.push(fileSink(config.options.logFile))
  return createLogger(sinks, secretsOf(config))
}

function secretsOf(config: MigrationConfig): string[] {
  return [config.source.password, config.destination.password, config.options.cryptKey ?? '']
}
