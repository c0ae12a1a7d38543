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
  return createLogger(sinks, [config.source.password, config.destination.password, config.options.cryptKey ?? ''])
}
