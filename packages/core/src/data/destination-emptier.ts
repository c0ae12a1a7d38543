import type { DatabaseClient } from '../db/database-client.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import { prepareWriteSession } from '../delta/write-session.js'

const DELETE_CHUNK = 5_000

export function emptyEntryName(destinationTable: string): string {
  return `empty:${destinationTable}`
}

/**
 * Empties a Magento 2 table the migration owns, in short transactions (a long DELETE would hold
 * locks and undo for minutes), with foreign key checks on so Magento 2's own cascades keep every
 * dependent table consistent. Returns the rows removed.
 */
export async function emptyDestinationTable(
  destination: DatabaseClient,
  table: string,
  shouldStop: () => boolean,
): Promise<{ removed: number; finished: boolean }> {
  let removed = 0
  for (;;) {
    const { affectedRows } = await destination.transaction(async (session) => {
      await prepareWriteSession(session)
      return session.execute(`DELETE FROM ${q(table)} LIMIT ${DELETE_CHUNK}`)
    })
    removed += affectedRows
    if (affectedRows < DELETE_CHUNK) return { removed, finished: true }
    if (shouldStop()) return { removed, finished: false }
  }
}
