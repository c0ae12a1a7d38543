import type { Session } from '../db/database-client.js'

/**
 * Every destination transaction mig writes in, delta and data alike. Strict, so a value Magento 2
 * cannot hold is never silently truncated (mig fits it itself, says so and keeps the original: see
 * map/column-fit.ts); zero dates and dates that are no calendar date (`2013-02-30`, which old
 * Magento 1 stores hold in DATETIME columns) are copied as Magento 1 holds them; foreign keys
 * checked, so nothing is left orphaned. An id 0 stays 0 (Magento 1's "NOT LOGGED IN" customer
 * group, the admin store) instead of drawing an AUTO_INCREMENT value.
 */
export async function prepareWriteSession(session: Session): Promise<void> {
  await session.execute(
    "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO,ALLOW_INVALID_DATES'",
  )
  await session.execute('SET SESSION foreign_key_checks = 1')
}
