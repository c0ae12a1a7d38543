import { ExitCode, MigError } from '../errors/mig-error.js'
import type { Logger } from '../log/logger.js'
import type { IntegrityProblem } from '../map/integrity-check.js'

/**
 * Integrity problems stop a run (exit 3) unless `--auto`: then each is a warning and the run
 * migrates what fits. Shared by data and delta runs.
 */
export function reportIntegrity(problems: readonly IntegrityProblem[], auto: boolean, log: Logger): void {
  if (problems.length === 0) return
  if (!auto) {
    throw new MigError(
      `integrity check failed: ${problems.length} problems between the mapping and the live schemas; fix map.xml or run with --auto to migrate what fits`,
      {
        exitCode: ExitCode.integrity,
        details: problems.map((problem) => problem.message),
      },
    )
  }
  for (const problem of problems)
    log.warn(`integrity: ${problem.message}`, { event: 'integrity', table: problem.table })
}
