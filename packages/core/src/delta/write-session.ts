import type { Session } from '../db/database-client.js'

/**
 * Every destination transaction mig writes in, delta and data alike. Strict, so a value Magento 2
 * cannot hold is set aside with its reason instead of being silently truncated (zero dates stay
 * allowed: Magento 1 has them); foreign keys checked, so nothing is left orphaned. An id 0 stays 0
 * (Magento 1's "NOT LOGGED IN" customer group, the admin store) instead of drawing an AUTO_INCREMENT value.
 */
export async function prepareWriteSession(session: Session): Promise<void> {
  await session.execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO'")
  await session.execute('SET SESSION foreign_key_checks = 1')
}
