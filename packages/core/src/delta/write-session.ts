import type { Session } from '../db/database-client.js'

/**
 * Every destination transaction mig writes in, delta and data alike. Strict, so a value Magento 2
 * cannot hold is set aside with its reason instead of being silently truncated (zero dates stay
 * allowed: Magento 1 has them); foreign keys checked, so nothing is left orphaned.
 */
export async function prepareWriteSession(session: Session): Promise<void> {
  await session.execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'")
  await session.execute('SET SESSION foreign_key_checks = 1')
}
