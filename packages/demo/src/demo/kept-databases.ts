import type { VerifyReport } from '@mig/core/engine'
import type { DemoDatabases } from './demo-databases.js'

/**
 * What the demo prints when it keeps its databases: where they are and the config.xml, and the
 * commands to run next. After a failed verification (kept without --keep) those commands show
 * why: `verify` of the tables that differ, and `delta status` for what delta set aside or left.
 */
export function keptLines(
  databases: DemoDatabases,
  configFile: string | undefined,
  options: { readonly failed?: VerifyReport; readonly password: boolean },
): string[] {
  const lines = [
    `kept: Magento 1 ${databases.magento1}, Magento 2 ${databases.magento2}${configFile ? `, config ${configFile}` : ''}${options.failed ? ' (verification failed: both databases stay for you to look at)' : ''}`,
  ]
  if (!configFile) return lines
  const env = options.password ? 'MIG_SOURCE_PASSWORD=… MIG_DESTINATION_PASSWORD=… ' : ''
  const tables = [...new Set(options.failed?.differences.map((difference) => difference.table) ?? [])]
  if (tables.length > 0) lines.push(`why: ${env}mig verify --tables ${tables.join(',')} ${configFile}`)
  lines.push(`try: ${env}mig delta status ${configFile}`)
  return lines
}
