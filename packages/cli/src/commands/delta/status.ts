import { Flags } from '@oclif/core'
import {
  DatabaseClient,
  describeDirtyCount,
  describeSetAsideGroup,
  formatCount,
  groupSetAside,
  mysqlErrorInfo,
  readCaptureStatus,
  readDataRunStatus,
  readDirtyValueCounts,
  type CaptureStatus,
  type DataRunStatus,
  type DirtyValueCount,
  type MigrationConfig,
} from '@mig/core/engine'
import { MigCommand } from '../../support/base-command.js'
import { configArg } from '../../support/config-arg.js'
import { withSource } from '../../support/source-session.js'

export default class DeltaStatus extends MigCommand {
  static override summary = 'Show pending changes per tracked table and any table whose capture is missing'
  static override examples = [
    '<%= config.bin %> delta status config.xml',
    '<%= config.bin %> delta status --json config.xml',
  ]
  static override args = { config: configArg }
  static override flags = { json: Flags.boolean({ description: 'print one JSON document' }) }
  static override enableJsonFlag = false

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DeltaStatus)
    const config = await this.loadMigConfig(args.config)
    const repair = `mig delta setup ${args.config ?? ''}`.trim()
    const status = await withSource(config, this.pluginManifests(), (source, tracked) =>
      readCaptureStatus(source, tracked, config.options.sourcePrefix, repair),
    )
    const destination = await this.readDestination(config)
    if (flags.json) {
      const setAsideGroups = groupSetAside(status.setAside.map((item) => ({ ...item, key: item.label })))
      this.log(
        JSON.stringify(
          {
            ...status,
            setAsideGroups,
            ...(destination ? { dataRun: destination.dataRun, dirtyValues: destination.dirtyValues } : {}),
          },
          null,
          2,
        ),
      )
      return
    }
    this.printTable(status)
    if (destination) {
      this.log(describeDataRun(destination.dataRun))
      this.printDirtyValues(destination.dirtyValues)
    }
  }

  /** The full copy's state and the values repaired or lost, from Magento 2; a Magento 2 that does not answer is a warning. */
  private async readDestination(
    config: MigrationConfig,
  ): Promise<{ dataRun: DataRunStatus; dirtyValues: DirtyValueCount[] } | undefined> {
    let destination: DatabaseClient | undefined
    try {
      destination = await DatabaseClient.connect({
        role: 'destination',
        database: config.destination,
        initStatements: config.options.initStatementsDestination,
        poolSize: 1,
      })
      return {
        dataRun: await readDataRunStatus(destination, config.options.destPrefix),
        dirtyValues: await readDirtyValueCounts(destination, config.options.destPrefix),
      }
    } catch (error) {
      const info = mysqlErrorInfo(error)
      this.warnLine(`data run state unknown: Magento 2 does not answer (${info.sqlMessage ?? info.message})`)
      return undefined
    } finally {
      await destination?.close()
    }
  }

  private printTable(status: CaptureStatus): void {
    const rows = status.tables.filter((table) => table.state !== 'source-table-missing')
    const width = Math.max(5, ...rows.map((row) => row.table.length))
    this.log(
      `${'table'.padEnd(width)}  ${'pending'.padStart(8)} ${'insert'.padStart(7)} ${'update'.padStart(7)} ${'delete'.padStart(7)}  oldest   state`,
    )
    for (const row of rows) {
      const ops = row.pendingByOperation
      this.log(
        `${row.table.padEnd(width)}  ${String(row.pending).padStart(8)} ${String(ops.INSERT).padStart(7)} ${String(ops.UPDATE).padStart(7)} ${String(ops.DELETE).padStart(7)}  ${formatAge(row.oldestPendingSeconds).padEnd(7)}  ${row.state}`,
      )
    }
    const absent = status.tables.length - rows.length
    this.log(
      `${status.pending} changes pending in ${rows.length} tables; oldest ${formatAge(status.oldestPendingSeconds)}${absent > 0 ? `; ${absent} tracked tables absent from Magento 1` : ''}`,
    )
    for (const problem of status.problems) this.warnLine(problem)
    if (status.setAside.length > 0) {
      this.log(
        `${status.setAside.length} changes set aside (not applied; retried when the row changes again, or with \`mig delta run --reset\`):`,
      )
      for (const group of groupSetAside(status.setAside.map((item) => ({ ...item, key: item.label }))))
        this.log(`  ${describeSetAsideGroup(group)}`)
    }
  }

  private printDirtyValues(counts: readonly DirtyValueCount[]): void {
    if (counts.length === 0) return
    const total = counts.reduce((sum, count) => sum + count.count, 0)
    this.log(
      `${formatCount(total)} values repaired or lost (their rows are applied; the original values are kept in Magento 2's m2_mig_dirty_value):`,
    )
    for (const count of counts) this.log(`  ${describeDirtyCount(count)}`)
  }
}

function describeDataRun(run: DataRunStatus): string {
  if (run.state === 'not started') return 'data run: not started (`mig data run` copies everything first)'
  const figures = `${run.tablesCopied} tables, ${formatCount(run.rowsCopied)} rows copied, last activity ${run.lastActivity ?? '-'}`
  if (run.state === 'complete') return `data run: complete (${figures})`
  const open = run.unfinished.map((item) => `${item.table} at ${formatCount(item.rows)} rows`).join(', ')
  const indexes = run.indexesToBuild.map((item) => `${item.indexes} of ${item.table}`).join(', ')
  return `data run: in progress or interrupted (${figures}${open ? `; unfinished: ${open}` : ''}${indexes ? `; indexes to build: ${indexes}` : ''}); \`mig data run\` continues it`
}

export function formatAge(seconds: number | null): string {
  if (seconds === null) return '-'
  if (seconds < 60) return `${seconds.toFixed(1)}s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${Math.floor(seconds % 60)}s`
  return `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m`
}
