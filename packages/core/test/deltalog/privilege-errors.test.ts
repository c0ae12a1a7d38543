import { describe, expect, it } from 'vitest'
import { toPrivilegeError } from '../../src/deltalog/privilege-errors.js'

/** The shape mysql2 gives server errors (what the server sends for these cases). */
function serverError(errno: number, sqlMessage: string): Error & { errno: number; sqlMessage: string } {
  return Object.assign(new Error(sqlMessage), { errno, sqlMessage })
}

describe('privilege errors', () => {
  it('names SUPER and log_bin_trust_function_creators when binary logging refuses a trigger', () => {
    const error = toPrivilegeError(
      serverError(
        1419,
        'You do not have the SUPER privilege and binary logging is enabled (you *might* want to use the less safe log_bin_trust_function_creators variable)',
      ),
      'mig',
      'magento1',
      'install capture on sales_flat_order',
    )
    expect(error?.exitCode).toBe(2)
    expect(error?.message).toMatch(
      /binary logging is on and 'mig' lacks SUPER; either GRANT SUPER or set GLOBAL log_bin_trust_function_creators = 1/,
    )
  })

  it('names the missing command privilege and the GRANT that fixes it', () => {
    const error = toPrivilegeError(
      serverError(1142, "TRIGGER command denied to user 'mig'@'localhost' for table `magento1`.`sales_flat_order`"),
      'mig',
      'magento1',
      'install capture',
    )
    expect(error?.message).toBe(
      "cannot install capture: 'mig' lacks the TRIGGER privilege; run GRANT TRIGGER ON `magento1`.* TO the migration user",
    )
    const create = toPrivilegeError(
      serverError(1142, "CREATE command denied to user 'mig'@'localhost' for table `magento1`.`m2_cl_x`"),
      'mig',
      'magento1',
      'install capture',
    )
    expect(create?.message).toContain('lacks the CREATE privilege')
  })

  it('leaves other errors alone', () => {
    expect(toPrivilegeError(serverError(1205, 'Lock wait timeout exceeded'), 'mig', 'magento1', 'x')).toBeUndefined()
  })
})
