import { appendFileSync, chmodSync } from 'node:fs'
import { redactSecrets } from './redact-secrets.js'

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

/** A logger writing to several sinks; `secrets` are masked in every message and field on the way out. */
export function createLogger(sinks: readonly LogSink[], secrets: readonly string[] = []): Logger {
  const mask = (text: string): string => redactSecrets(text, secrets)
  const maskFields = (fields: NonNullable<LogRecord['fields']>): LogRecord['fields'] =>
    Object.fromEntries(
      Object.entries(fields).map(([name, value]) => [name, typeof value === 'string' ? mask(value) : value]),
    )
  const log = (record: LogRecord): void => {
    const clean = {
      ...record,
      message: mask(record.message),
      ...(record.fields ? { fields: maskFields(record.fields) } : {}),
    }
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

/**
 * The config's log_file: every record, with a timestamp. It names customers' rows (set-aside keys,
 * reasons), so only its owner may read it: created 0600, and an existing file is made 0600.
 */
export function fileSink(file: string): LogSink {
  let restricted = false
  return (record, time) => {
    const fields = record.fields ? ` ${JSON.stringify(record.fields)}` : ''
    appendFileSync(file, `${time.toISOString()} ${record.level.toUpperCase()} ${record.message}${fields}\n`, {
      mode: 0o600,
    })
    if (!restricted) chmodSync(file, 0o600)
    restricted = true
  }
}

export const silentLogger: Logger = createLogger([])
