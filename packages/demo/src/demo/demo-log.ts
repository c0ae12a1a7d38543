import { createLogger, fileSink, type LogRecord, type LogSink, type Logger } from '@mig/core/engine'
import type { StatusLine } from './status-line.js'

export interface DemoLogOptions {
  readonly screen: StatusLine
  /** mig.log beside the demo's config.xml: every record, as `log_file` gives a merchant. */
  readonly file?: string
  readonly secrets: readonly string[]
  /** Which info lines of the product reach the screen (warnings and errors always do). */
  readonly showInfo: (record: LogRecord) => boolean
  readonly extraSinks?: readonly LogSink[]
  /** When given, warnings are collected here (and kept in the file) instead of shown one by one. */
  readonly warnings?: string[]
}

/**
 * The logger handed to the product's runners. Their own lines keep their wording; the demo only
 * chooses which info lines are worth a newcomer's screen (delta's per-cycle lines are replaced by
 * the live figures), and the file keeps everything.
 */
export function demoLogger(options: DemoLogOptions): Logger {
  const screen: LogSink = (record) => {
    if (record.level === 'debug') return
    if (record.level === 'info') {
      if (options.showInfo(record)) options.screen.print(record.message)
      return
    }
    if (record.level === 'warn' && options.warnings) options.warnings.push(record.message)
    else options.screen.print(`${record.level === 'warn' ? 'warning' : 'error'}: ${record.message}`)
  }
  const sinks: LogSink[] = [screen, ...(options.extraSinks ?? [])]
  if (options.file !== undefined) sinks.push(fileSink(options.file))
  return createLogger(sinks, options.secrets)
}
