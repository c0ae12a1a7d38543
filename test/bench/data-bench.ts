import { rmSync } from 'node:fs'
import path from 'node:path'
import type { Connection, RowDataPacket } from 'mysql2/promise'
import { quoteIdentifier as q } from '@mig/core/engine'
import { writeConfigXml } from '../support/config-file.js'
import { fixturePath, MAGENTO1_DUMP, MAGENTO2_DUMP } from '../support/fixtures.js'
import { loadDump } from '../support/load-dump.js'
import { dropTestDatabase, openConnection, type TestDatabases } from '../support/test-database.js'
import { generateOrders, ORDER_TABLES, ROWS_PER_ORDER } from './generate-orders.js'
import { progress, round, timed } from './progress.js'
import { speedFigures, type SpeedFigures } from './delta-common.js'
import { runSqlCopy, sqlCopies } from './sql-ceiling.js'
import { runMigTimed } from './timed-mig.js'

export type DataFigures = SpeedFigures

export interface DataBenchOptions {
  readonly rows: number
  readonly bulkSize: number
  readonly direct: boolean
}

async function count(connection: Connection, database: string, table: string): Promise<number> {
  const [rows] = await connection.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${q(database)}.${q(table)}`)
  return Number(rows[0]?.['n'] ?? 0)
}

/**
 * `mig data run` over a Magento 1 store holding `rows` order-related rows, against the server's own
 * INSERT … SELECT of the same rows (mig's mapping, handler columns copied raw) into a second copy of
 * Magento 2 — same run, same server. mig's time is wall-clock from spawn to exit: start-up, capture
 * installed on every tracked table, the copy, grids for every order, sequences and the volume check.
 */
export async function benchData(
  options: DataBenchOptions,
  dbs: TestDatabases,
  cleanups: (() => void)[],
): Promise<{ figures: DataFigures; broken: string[] }> {
  const broken: string[] = []
  const m1 = await dbs.create('bench_data_m1')
  const m2 = await dbs.create('bench_data_m2')
  const m2Ceiling = await dbs.create('bench_data_m2_sql')
  await Promise.all([
    loadDump(m1, fixturePath(MAGENTO1_DUMP)),
    loadDump(m2, fixturePath(MAGENTO2_DUMP)),
    loadDump(m2Ceiling, fixturePath(MAGENTO2_DUMP)),
  ])
  const admin = await openConnection(m1)
  try {
    const orders = Math.max(1, Math.round(options.rows / ROWS_PER_ORDER))
    progress(`data: generating ${orders} orders (≈${orders * ROWS_PER_ORDER} rows) in Magento 1 before any capture`)
    const { value: generated, seconds: generateSeconds } = await timed(() => generateOrders(admin, m1, '', orders))
    progress(`data: generated ${generated.total} rows in ${generateSeconds.toFixed(1)}s`)

    const copies = await sqlCopies({
      source: m1,
      destination: m2Ceiling,
      sourcePrefix: '',
      destPrefix: '',
      tables: ORDER_TABLES,
    })
    progress('data: SQL ceiling, INSERT … SELECT per table into a second Magento 2')
    const ceilingConnection = await openConnection()
    let ceiling: { value: Record<string, number>; seconds: number }
    try {
      ceiling = await timed(() => runSqlCopy(ceilingConnection, copies, m1, m2Ceiling, 'all'))
    } finally {
      await ceilingConnection.end()
    }
    const ceilingRows = Object.values(ceiling.value).reduce((sum, value) => sum + value, 0)
    progress(`data: SQL ceiling ${ceilingRows} rows in ${ceiling.seconds.toFixed(2)}s`)
    await dropTestDatabase(m2Ceiling) // free the buffer pool for mig's run

    const config = writeConfigXml({
      source: m1,
      destination: m2,
      options: { bulk_size: String(options.bulkSize), ...(options.direct ? { direct_document_copy: '1' } : {}) },
    })
    cleanups.push(() => rmSync(path.dirname(config), { recursive: true, force: true }))
    progress('data: mig data run (pid sampled every 50 ms for VmHWM)')
    const mig = await runMigTimed(['data', 'run', config])
    const finished = /data run finished in .*: (\d+) tables, ([\d,]+) rows copied/.exec(mig.stdout)
    const copied = finished ? Number(finished[2]?.replaceAll(',', '')) : 0
    if (mig.code !== 0) broken.push(`mig data run exited ${mig.code ?? mig.signal}: ${mig.stderr.trim().slice(-2_000)}`)
    progress(
      `data: mig data run exited ${mig.code ?? mig.signal} after ${mig.seconds.toFixed(2)}s, ${copied} rows, peak RSS ${mig.peakRssMb?.toFixed(1) ?? '?'} MB`,
    )

    const missing: Record<string, number> = {}
    for (const copy of copies) {
      const difference =
        (await count(admin, m1, copy.sourcePhysicalTable)) - (await count(admin, m2, copy.destinationPhysicalTable))
      if (difference !== 0) missing[copy.sourceTable] = difference
    }
    if (Object.keys(missing).length > 0)
      broken.push(`rows missing in Magento 2 after mig data run: ${JSON.stringify(missing)}`)
    const ok = mig.code === 0
    const phases = [...mig.stdout.matchAll(/^(\S+): ([\d,]+) in (\S+) \(([\d,]+)\/s\)$/gm)].map((match) => ({
      label: match[1],
      rows: Number(match[2]?.replaceAll(',', '')),
      rate: Number(match[4]?.replaceAll(',', '')),
    }))
    return {
      figures: {
        ...speedFigures({
          rows: copied,
          ok,
          migRows: copied,
          migSeconds: mig.seconds,
          ceilingRows,
          ceilingSeconds: ceiling.seconds,
          peakRssMb: mig.peakRssMb,
        }),
        ceilingRows,
        generatedRows: generated.total,
        generateSeconds: round(generateSeconds, 2),
        tables: phases.filter((phase) => phase.rows >= 1_000),
        missing,
      },
      broken,
    }
  } finally {
    await admin.end()
  }
}
