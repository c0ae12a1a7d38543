/**
 * Exit codes are part of the command contract (README "Exit codes").
 * 0 done, 1 failure, 2 bad usage or configuration, 3 integrity check failed.
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  integrity: 3,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/**
 * An error meant for the merchant: `message` is one line saying what, where and
 * how to fix it. The CLI prints it without a stack trace and exits with `exitCode`.
 */
export class MigError extends Error {
  readonly exitCode: ExitCode
  /** Further lines (e.g. every problem of a config file); printed after the message. */
  readonly details: readonly string[]

  constructor(message: string, options: { exitCode?: ExitCode; details?: readonly string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'MigError'
    this.exitCode = options.exitCode ?? ExitCode.failure
    this.details = options.details ?? []
  }
}

/** Bad usage or configuration: exit code 2. */
export class UsageError extends MigError {
  constructor(message: string, details: readonly string[] = []) {
    super(message, { exitCode: ExitCode.usage, details })
    this.name = 'UsageError'
  }
}

export function isMigError(error: unknown): error is MigError {
  return (
    error instanceof Error &&
    typeof (error as Partial<MigError>).exitCode === 'number' &&
    Array.isArray((error as Partial<MigError>).details)
  )
}
