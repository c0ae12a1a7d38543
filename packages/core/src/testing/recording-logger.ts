import { createLogger, type Logger, type LogRecord } from '../log/logger.js'

/** A logger that keeps what mig says, for a test to look at its warnings and errors. */
export function recordingLogger(): Logger & { readonly records: LogRecord[] } {
  const records: LogRecord[] = []
  return Object.assign(createLogger([(record) => records.push(record)]), { records })
}
