import { appendFileSync } from 'node:fs'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface LogRecord {
  readonly level: LogLevel
  readonly message: string
  /** Structured figures for `--log-format json` and the log file. */
  readonly fields?: Readonly<Record<string, string | number | boolean | null>>
}

export interface Logger {
  log(record: LogRecord): void
  info(message: string, fields?: LogRecord['fields']): void
  warn(message: string, fields?: LogRecord['fields']): void
  error(message: string, fields?: LogRecord['fields']): void
  debug(message: string, fields?: LogRecord['fields']): void
}

export type LogSink = (record: LogRecord, time: Date) => void

/** A logger writing to several sinks; `secrets` are masked in every message on the way out. */
export function createLogger(sinks: readonly LogSink[], secrets: readonly string[] = []): Logger {
  const masked = secrets.filter((secret) => secret.length >= 4)
  const mask = (text: string): string => masked.reduce((result, secret) => result.split(secret).join('***'), text)
  const log = (record: LogRecord): void => {
    const clean = { ...record, message: mask(record.message) }
    const time = new Date()
    for (const sink of sinks) sink(clean, time)
  }
  return {
    log,
    info: (message, fields) => log({ level: 'info', message, ...(fields ? { fields } : {}) }),
    warn: (message, fields) => log({ level: 'warn', message, ...(fields ? { fields } : {}) }),
    error: (message, fields) => log({ level: 'error', message, ...(fields ? { fields } : {}) }),
    debug: (message, fields) => log({ level: 'debug', message, ...(fields ? { fields } : {}) }),
  }
}

/** Human lines: info on stdout, warnings and errors on stderr. */
export function textSink(options: { verbose?: boolean } = {}): LogSink {
  return (record) => {
    if (record.level === 'debug' && !options.verbose) return
    if (record.level === 'info') process.stdout.write(`${record.message}\n`)
    else process.stderr.write(`${record.level === 'warn' ? 'warning' : record.level}: ${record.message}\n`)
  }
}

/** One JSON object per line on stdout, for log shippers. */
export function jsonSink(): LogSink {
  return (record, time) => {
    if (record.level === 'debug') return
    process.stdout.write(
      `${JSON.stringify({ time: time.toISOString(), level: record.level, message: record.message, ...record.fields })}\n`,
    )
  }
}

/** The config's log_file: every record, with a timestamp. */
export function fileSink(file: string): LogSink {
  return (record, time) => {
    const fields = record.fields ? ` ${JSON.stringify(record.fields)}` : ''
    appendFileSync(file, `${time.toISOString()} ${record.level.toUpperCase()} ${record.message}${fields}\n`)
  }
}

export const silentLogger: Logger = createLogger([])
