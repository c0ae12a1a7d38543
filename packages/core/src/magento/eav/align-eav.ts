import { readDatabaseSchema } from '../../db/schema-reader.js'
import { alignInTransaction } from './align-in-transaction.js'
import { withAlignmentSettings } from './alignment-session.js'
import { restoreAutoIncrements } from './auto-increment-restore.js'
import { readAutoUpdatedColumns } from './auto-updated-columns.js'
import { byKind, EAV_KINDS, EAV_TABLES } from './eav-kinds.js'
import { readAutoIncrements, readEavSnapshot } from './eav-snapshot.js'
import { referencesOf } from './reference-columns.js'
import { buildReport, logReport } from './report.js'
import type { EavAlignmentOptions, EavAlignmentReport } from './types.js'

/**
 * Aligns Magento 2's EAV metadata with Magento 1 (see index.ts for the design): everything happens
 * in one destination transaction; only Magento 2's AUTO_INCREMENT counters, should temporary ids
 * have pushed them up, are put back afterwards (also when the transaction failed).
 */
export async function alignEav(options: EavAlignmentOptions): Promise<EavAlignmentReport> {
  const { source, destination, sourcePrefix, destPrefix } = options
  const sourceSchema = options.sourceSchema ?? (await readDatabaseSchema(source))
  const destinationSchema = options.destinationSchema ?? (await readDatabaseSchema(destination))
  const m1 = await readEavSnapshot(source, 'Magento 1', sourcePrefix, sourceSchema)
  const kindTables = (prefix: string): string[] => EAV_KINDS.map((kind) => `${prefix}${EAV_TABLES[kind].table}`)
  const m1AutoIncrement = await source.withSession((session) =>
    readAutoIncrements(session, source.databaseName, kindTables(sourcePrefix)),
  )
  const m2AutoIncrement = await destination.withSession((session) =>
    readAutoIncrements(session, destination.databaseName, kindTables(destPrefix)),
  )
  const autoUpdated = await readAutoUpdatedColumns(destination, destination.databaseName)
  const references = byKind((kind) => referencesOf(kind, destinationSchema, destPrefix, autoUpdated))

  let outcome: Awaited<ReturnType<typeof alignInTransaction>>
  try {
    outcome = await destination.transaction((session) =>
      withAlignmentSettings(session, () =>
        alignInTransaction(session, { m1, m1AutoIncrement, destinationSchema, destPrefix, references, autoUpdated }),
      ),
    )
  } catch (error) {
    await restoreAutoIncrements(destination, m2AutoIncrement).catch(() => undefined)
    throw error
  }
  await restoreAutoIncrements(destination, m2AutoIncrement)
  const report = buildReport({ ...outcome, references })
  logReport(options.log, report)
  return report
}
