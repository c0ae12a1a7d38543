import { MigError, UsageError } from '../errors/mig-error.js'
import type { DatabaseConfig } from '../interfaces/config.js'
import { MysqlErrno, mysqlErrorInfo } from './mysql-error.js'
import { redactSecrets } from '../config/env-secrets.js'

/**
 * Turns a failed connect into one line naming the database and what to fix. Bad settings
 * (unreachable host, refused login, unknown database) are configuration problems: exit 2.
 */
export function toConnectionError(error: unknown, role: 'source' | 'destination', database: DatabaseConfig): MigError {
  const info = mysqlErrorInfo(error)
  const where = `${role} database ${database.host}:${database.port}`
  const fix = `check <${role}><database …> in the configuration`
  switch (info.errno) {
    case MysqlErrno.accessDenied:
      return new UsageError(
        `cannot log in to ${where} as '${database.user}': access denied; ${fix} or MIG_${role.toUpperCase()}_PASSWORD`,
      )
    case MysqlErrno.unknownDatabase:
      return new UsageError(`${where} has no database '${database.name}'; ${fix}`)
    case MysqlErrno.dbAccessDenied:
      return new UsageError(
        `user '${database.user}' may not use database '${database.name}' on ${where}; grant access or ${fix}`,
      )
    default:
      break
  }
  if (
    info.code !== undefined &&
    /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET)$/.test(info.code)
  ) {
    return new UsageError(`cannot reach ${where} (${info.code}); is the server running? ${fix}`)
  }
  return new MigError(
    `cannot connect to ${where}: ${redactSecrets(info.sqlMessage ?? info.message, [database.password])}`,
    { cause: error },
  )
}
