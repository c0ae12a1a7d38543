import { MigError, UsageError } from '../errors/mig-error.js'
import { MysqlErrno, mysqlErrorInfo } from '../db/mysql-error.js'

/**
 * Names the missing privilege in one line. A missing grant is something the merchant fixes in
 * the server's configuration, so it is reported like bad configuration (exit 2).
 */
export function toPrivilegeError(error: unknown, user: string, database: string, what: string): MigError | undefined {
  const info = mysqlErrorInfo(error)
  const message = info.sqlMessage ?? info.message
  switch (info.errno) {
    case MysqlErrno.binlogNeedsSuper:
      return new UsageError(
        `cannot ${what}: binary logging is on and '${user}' lacks SUPER; either GRANT SUPER or set GLOBAL log_bin_trust_function_creators = 1 on the Magento 1 server`,
      )
    case MysqlErrno.tableAccessDenied:
    case MysqlErrno.dbAccessDenied:
    case MysqlErrno.specificAccessDenied: {
      const privilege =
        /^(\w+) command denied/i.exec(message)?.[1]?.toUpperCase() ??
        (/TRIGGER/i.test(message) ? 'TRIGGER' : 'the needed')
      return new UsageError(
        `cannot ${what}: '${user}' lacks the ${privilege} privilege; run GRANT ${privilege === 'the needed' ? 'TRIGGER, CREATE, DROP' : privilege} ON \`${database}\`.* TO the migration user`,
      )
    }
    default:
      return undefined
  }
}
