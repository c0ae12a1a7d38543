import type { Session } from '../../db/database-client.js'
import type { SqlValue } from '../../db/sql-value.js'

/**
 * Runs `work` with foreign key checks off on this session only: ids move through temporary values
 * that no parent row has, which a checked UPDATE would refuse. Strict like every mig write, so a value
 * Magento 2 cannot hold fails instead of being truncated. The session's own settings are restored
 * afterwards (the connection goes back to the pool). Integrity is proven by integrity.ts instead.
 */
export async function withAlignmentSettings<T>(session: Session, work: () => Promise<T>): Promise<T> {
  const [saved] = await session.query<{ mode: SqlValue; checks: SqlValue }>(
    'SELECT @@SESSION.sql_mode AS mode, @@SESSION.foreign_key_checks AS checks',
  )
  await session.execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'")
  await session.execute('SET SESSION foreign_key_checks = 0')
  const restore = async (): Promise<void> => {
    await session.execute('SET SESSION foreign_key_checks = ?', [Number(saved?.checks ?? 1)])
    await session.execute('SET SESSION sql_mode = ?', [String(saved?.mode ?? '')])
  }
  let result: T
  try {
    result = await work()
  } catch (error) {
    await restore().catch(() => undefined)
    throw error
  }
  await restore()
  return result
}
