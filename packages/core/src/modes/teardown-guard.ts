import type { DatabaseClient } from '../db/database-client.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import { RunLock, runLockName } from '../delta/run-lock.js'
import { DELTALOG_MARKER } from '../deltalog/deltalog-naming.js'
import { ExitCode, MigError } from '../errors/mig-error.js'

/** Captured changes a deltalog still holds. */
export interface PendingInDeltalog {
  readonly deltalog: string
  readonly pending: number
}

/** Every mig deltalog of the source database that still holds changes, with how many. */
export async function readPendingChanges(source: DatabaseClient): Promise<PendingInDeltalog[]> {
  const deltalogs = await source.query<{ TABLE_NAME: string }>(
    `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' AND TABLE_COMMENT LIKE ? ORDER BY TABLE_NAME`,
    [source.databaseName, `${DELTALOG_MARKER}%`],
  )
  const pending: PendingInDeltalog[] = []
  for (const { TABLE_NAME: deltalog } of deltalogs) {
    const [row] = await source.query<{ n: string | number }>(`SELECT COUNT(*) AS n FROM ${q(deltalog)}`)
    const count = Number(row?.n ?? 0)
    if (count > 0) pending.push({ deltalog, pending: count })
  }
  return pending
}

/**
 * `mig delta teardown` removes what a running delta or data run works with, and the changes it has
 * not applied yet: it takes the run lock (refused while a run works) and refuses while changes are
 * pending unless `force`, when it returns what is given up, for the merchant to see.
 */
export async function guardTeardown<T>(
  source: DatabaseClient,
  options: { readonly force: boolean },
  teardown: () => Promise<T>,
): Promise<{ readonly result: T; readonly givenUp: readonly PendingInDeltalog[] }> {
  const lock = new RunLock(source, runLockName(source.databaseName))
  if (!(await lock.acquire())) {
    throw new MigError(
      `a mig run (delta or data) is working on ${source.databaseName} (lock ${lock.name}); stop it before \`mig delta teardown\``,
    )
  }
  try {
    const pending = await readPendingChanges(source)
    const total = pending.reduce((sum, table) => sum + table.pending, 0)
    if (total > 0 && !options.force) {
      const shown = pending
        .slice(0, 5)
        .map((table) => `${table.deltalog} ${table.pending}`)
        .join(', ')
      throw new MigError(
        `${total} captured changes are not applied to Magento 2 yet (${shown}${pending.length > 5 ? ', …' : ''}); run \`mig delta run --once\` first, or \`mig delta teardown --force\` to give them up`,
        { exitCode: ExitCode.usage },
      )
    }
    return { result: await teardown(), givenUp: pending }
  } finally {
    await lock.release()
  }
}
