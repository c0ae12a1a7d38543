import type { DatabaseClient } from '../../db/database-client.js'
import { runDdl } from '../../db/ddl-runner.js'
import { quoteIdentifier as q } from '../../db/identifier.js'
import { readAutoIncrements } from './eav-snapshot.js'

/**
 * Ids passing through the temporary range push InnoDB's AUTO_INCREMENT counters up, and a rollback
 * does not bring them down. Puts back every counter that moved (InnoDB raises it to max(id)+1 when
 * that is higher), after a commit and after a failure alike.
 */
export async function restoreAutoIncrements(
  destination: DatabaseClient,
  before: ReadonlyMap<string, number>,
): Promise<void> {
  const now = await destination.withSession((session) =>
    readAutoIncrements(session, destination.databaseName, [...before.keys()]),
  )
  const statements = [...before]
    .filter(([table, counter]) => now.get(table) !== undefined && now.get(table) !== counter)
    .map(([table, counter]) => `ALTER TABLE ${q(table)} AUTO_INCREMENT = ${Math.max(1, Math.floor(counter))}`)
  await runDdl(destination, statements)
}
