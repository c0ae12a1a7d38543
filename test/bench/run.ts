import { writeFileSync } from 'node:fs'
/**
 * `npm run bench -- [--json] [--rows N]`: mig's delta throughput against a server-side SQL ceiling,
 * and the storefront write cost of mig's triggers, on the test server with the real Magento dumps.
 * A benchmark, not a test: it prints figures and asserts no targets. Exit 0 when it ran, 1 when
 * something broke (mig failed, a database error, a database left behind), 2 on bad arguments.
 * With --json, stdout holds exactly one JSON document; `npm run` adds its own banner to stdout, so
 * pipe `npm run -s bench -- --json` (or `node test/dist/bench/run.js --json`) into a JSON reader.
 */
import { rmSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import type { Connection, RowDataPacket } from 'mysql2/promise'
import { quoteIdentifier as q } from '@mig/core/engine'
import { writeConfigXml } from '../support/config-file.js'
import { fixturePath, fixturesAvailable, fixturesDir, MAGENTO1_DUMP, MAGENTO2_DUMP } from '../support/fixtures.js'
import { loadDump } from '../support/load-dump.js'
import { runMig } from '../support/run-mig.js'
import { dropTestDatabase, openConnection, testDatabases } from '../support/test-database.js'
import { parseArgs, USAGE, UsageProblem, type BenchArgs } from './args.js'
import { generateOrders, ORDER_TABLES, ROWS_PER_ORDER, type GeneratedOrders } from './generate-orders.js'
import { benchCatalog } from './catalog-bench.js'
import { benchData, type DataFigures } from './data-bench.js'
import { progress, round, timed } from './progress.js'
import { checkSample, runSqlCopy, sqlCopies, type SqlCopy } from './sql-ceiling.js'
import { runMigTimed, type TimedMig } from './timed-mig.js'
import { measureTriggerOverhead, type TriggerOverhead } from './trigger-overhead.js'
import { parseCycle, scalar, speedFigures, tail, waitForPurge, type DeltaFigures } from './delta-common.js'

const SOURCE_PREFIX = ''
const DEST_PREFIX = ''

interface BenchReport {
  server: string
  node: string
  delta?: DeltaFigures
  catalog?: DeltaFigures
  triggers?: {
    withoutPerSecond: number | null
    withPerSecond: number | null
    storefrontWriteRatio: number | null
    [extra: string]: unknown
  }
  data?: DataFigures
  [extra: string]: unknown
}

/** Deltalog rows per Magento 1 table. */
async function deltalogRows(
  connection: Connection,
  database: string,
  copies: readonly SqlCopy[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const copy of copies)
    counts[copy.sourceTable] = await scalar(connection, `SELECT COUNT(*) FROM ${q(database)}.${q(copy.deltalog)}`)
  return counts
}

/** Generated rows present in Magento 2, per Magento 1 table. */
async function presentRows(
  connection: Connection,
  destination: string,
  copies: readonly SqlCopy[],
  generated: GeneratedOrders,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const copy of copies) {
    const range = generated.ranges[copy.sourceTable as keyof GeneratedOrders['ranges']]
    const key = copy.destinationKeys[0] as string
    counts[copy.sourceTable] = await scalar(
      connection,
      `SELECT COUNT(*) FROM ${q(destination)}.${q(copy.destinationPhysicalTable)} WHERE ${q(key)} BETWEEN ${range.first} AND ${range.last}`,
    )
  }
  return counts
}

async function serverVersion(): Promise<string> {
  const connection = await openConnection()
  try {
    const [rows] = await connection.query<RowDataPacket[]>('SELECT VERSION() AS version')
    return String(rows[0]?.['version'] ?? '')
  } finally {
    await connection.end()
  }
}

async function bench(
  args: BenchArgs,
  dbs: ReturnType<typeof testDatabases>,
  cleanups: (() => void)[],
): Promise<{ report: BenchReport; broken: string[] }> {
  const broken: string[] = []
  const server = await serverVersion()

  // 1. Fresh databases, the real dumps, capture installed by the real binary.
  progress(`server ${server}; creating databases and loading ${MAGENTO1_DUMP} and ${MAGENTO2_DUMP}`)
  const m1 = await dbs.create('bench_m1')
  const m2 = await dbs.create('bench_m2')
  const plainCopy = await dbs.create('bench_trg_plain')
  const capturedCopy = await dbs.create('bench_trg_captured')
  await Promise.all([
    loadDump(m1, fixturePath(MAGENTO1_DUMP), { tablePrefix: SOURCE_PREFIX }),
    loadDump(m2, fixturePath(MAGENTO2_DUMP), { tablePrefix: DEST_PREFIX }),
    loadDump(plainCopy, fixturePath(MAGENTO1_DUMP), { tablePrefix: SOURCE_PREFIX }),
    loadDump(capturedCopy, fixturePath(MAGENTO1_DUMP), { tablePrefix: SOURCE_PREFIX }),
  ])
  const options = {
    source_prefix: SOURCE_PREFIX,
    dest_prefix: DEST_PREFIX,
    bulk_size: String(args.bulkSize),
    ...(args.direct ? { direct_document_copy: '1' } : {}),
  }
  const config = writeConfigXml({ source: m1, destination: m2, options })
  const triggerConfig = writeConfigXml({ source: capturedCopy, destination: m2, options })
  cleanups.push(() => rmSync(path.dirname(config), { recursive: true, force: true }))
  cleanups.push(() => rmSync(path.dirname(triggerConfig), { recursive: true, force: true }))
  const setup = await runMig(['delta', 'setup', config])
  if (setup.code !== 0) throw new Error(`mig delta setup exited ${setup.code}: ${setup.stderr.trim()}`)
  progress(`mig delta setup: ${setup.stdout.trim()}`)

  // 2. Storefront writes without / with mig's triggers, on two copies of Magento 1, in alternating slices.
  progress(
    `storefront writes on ${SOURCE_PREFIX}sales_flat_quote: ${args.triggerRounds} rounds × ${args.triggerSeconds}s per side, alternating 0.5 s slices without / with triggers`,
  )
  const triggers: TriggerOverhead = await measureTriggerOverhead({
    plain: plainCopy,
    captured: capturedCopy,
    capturedConfig: triggerConfig,
    tablePrefix: SOURCE_PREFIX,
    seconds: args.triggerSeconds,
    rounds: args.triggerRounds,
  })
  for (const copy of [plainCopy, capturedCopy]) await dropTestDatabase(copy) // free the buffer pool for the delta part
  progress(
    `triggers: ${Math.round(triggers.withoutPerSecond)} writes/s without, ${Math.round(triggers.withPerSecond)} with (ratio ${triggers.storefrontWriteRatio.toFixed(3)})`,
  )

  const admin = await openConnection(m1)
  try {
    // 3. Order-related rows written after setup, so the triggers log them.
    const orders = Math.max(1, Math.round(args.rows / ROWS_PER_ORDER))
    progress(
      `generating ${orders} orders (≈${orders * ROWS_PER_ORDER} rows in ${ORDER_TABLES.join(', ')}) in Magento 1`,
    )
    const { value: generated, seconds: generateSeconds } = await timed(() =>
      generateOrders(admin, m1, SOURCE_PREFIX, orders),
    )
    progress(`generated ${generated.total} rows in ${generateSeconds.toFixed(1)}s (${JSON.stringify(generated.rows)})`)

    const copies = await sqlCopies({
      source: m1,
      destination: m2,
      sourcePrefix: SOURCE_PREFIX,
      destPrefix: DEST_PREFIX,
      tables: ORDER_TABLES,
    })
    const logged = await deltalogRows(admin, m1, copies)
    const rows = Object.values(logged).reduce((sum, count) => sum + count, 0)
    progress(`deltalog rows: ${rows} (${JSON.stringify(logged)})`)
    if (rows !== generated.total) broken.push(`the triggers logged ${rows} rows for ${generated.total} written`)
    const rejected = await checkSample(m1, copies)
    if (rejected.length > 0)
      throw new Error(`mig's transformer rejects generated rows (a generator bug): ${rejected.slice(0, 3).join('; ')}`)
    const rawCopies = copies.flatMap((copy) => copy.rawCopies.map((column) => `${copy.sourceTable}.${column}`))

    // 4. The ceiling: the same rows applied by INSERT … SELECT on the server, then removed again.
    progress(
      `SQL ceiling: INSERT … SELECT … ON DUPLICATE KEY UPDATE per table, parents first (raw copy of ${rawCopies.length} handler columns)`,
    )
    const ceilingConnection = await openConnection()
    let ceiling: { value: Record<string, number>; seconds: number }
    try {
      ceiling = await timed(() => runSqlCopy(ceilingConnection, copies, m1, m2))
    } finally {
      await ceilingConnection.end()
    }
    const ceilingRows = Object.values(ceiling.value).reduce((sum, count) => sum + count, 0)
    progress(
      `SQL ceiling: ${ceilingRows} rows in ${ceiling.seconds.toFixed(2)}s (${Math.round(rows / ceiling.seconds)} rows/s)`,
    )
    const afterCeiling = await presentRows(admin, m2, copies, generated)
    if (Object.values(afterCeiling).reduce((sum, count) => sum + count, 0) !== rows) {
      broken.push(
        `the SQL ceiling left ${JSON.stringify(afterCeiling)} in Magento 2 for ${JSON.stringify(logged)} logged`,
      )
    }
    const orderRange = generated.ranges.sales_flat_order
    const orderCopy = copies.find((copy) => copy.sourceTable === 'sales_flat_order') as SqlCopy
    const orderKey = q(orderCopy.destinationKeys[0] as string)
    await admin.query(
      `DELETE FROM ${q(m2)}.${q(`${DEST_PREFIX}sales_order_grid`)} WHERE entity_id BETWEEN ${orderRange.first} AND ${orderRange.last}`,
    )
    await admin.query(
      `DELETE FROM ${q(m2)}.${q(orderCopy.destinationPhysicalTable)} WHERE ${orderKey} BETWEEN ${orderRange.first} AND ${orderRange.last}`,
    )
    const leftOver = await presentRows(admin, m2, copies, generated)
    if (Object.values(leftOver).some((count) => count > 0))
      throw new Error(`removing the ceiling's rows from Magento 2 left ${JSON.stringify(leftOver)}`)
    const history = await waitForPurge(admin)
    progress(
      `removed the ceiling's rows from Magento 2 (InnoDB history list ${history}); deltalogs untouched: ${rows} pending`,
    )

    // 5. mig itself.
    progress(`mig delta run --once (pid sampled every 50 ms for VmHWM)`)
    const mig: TimedMig = await runMigTimed(['delta', 'run', '--once', config])
    if (process.env['MIG_BENCH_LOG']) writeFileSync(process.env['MIG_BENCH_LOG'], mig.stdout + mig.stderr)
    const cycle = parseCycle(mig.stdout)
    if (mig.code !== 0) broken.push(`mig delta run exited ${mig.code ?? mig.signal}`)
    progress(
      `mig delta run exited ${mig.code ?? mig.signal} after ${mig.seconds.toFixed(2)}s, peak RSS ${mig.peakRssMb?.toFixed(1) ?? '?'} MB: ${tail(mig.stdout, 300)}`,
    )
    if (mig.stderr.trim() !== '') progress(`mig stderr: ${tail(mig.stderr, 2_000)}`)

    const present = await presentRows(admin, m2, copies, generated)
    const missingByTable: Record<string, number> = {}
    for (const copy of copies)
      missingByTable[copy.sourceTable] = (logged[copy.sourceTable] ?? 0) - (present[copy.sourceTable] ?? 0)
    const missingRows = Object.values(missingByTable).reduce((sum, count) => sum + count, 0)
    const pending = await deltalogRows(admin, m1, copies)
    const pendingAfter = Object.values(pending).reduce((sum, count) => sum + count, 0)
    const gridRows = await scalar(
      admin,
      `SELECT COUNT(*) FROM ${q(m2)}.${q(`${DEST_PREFIX}sales_order_grid`)} WHERE entity_id BETWEEN ${orderRange.first} AND ${orderRange.last}`,
    )
    if (missingRows > 0) progress(`missing in Magento 2 after mig: ${JSON.stringify(missingByTable)}`)

    const applied = cycle?.applied ?? rows - missingRows
    const ok = mig.code === 0
    const delta: DeltaFigures = {
      ...speedFigures({
        rows,
        ok,
        migRows: applied,
        migSeconds: mig.seconds,
        ceilingRows: rows,
        ceilingSeconds: ceiling.seconds,
        peakRssMb: mig.peakRssMb,
      }),
      missingRows,
      applied,
      cycleSeconds: cycle === undefined ? null : round(cycle.seconds, 2),
      pendingAfter,
      gridRows,
      missingByTable,
      generateSeconds: round(generateSeconds, 2),
      ceilingRawCopies: rawCopies,
      ...(ok
        ? {}
        : {
            error: { exitCode: mig.code, signal: mig.signal, seconds: round(mig.seconds, 2), stderr: tail(mig.stderr) },
          }),
    }
    return {
      report: {
        server,
        node: process.version,
        delta,
        triggers: {
          withoutPerSecond: round(triggers.withoutPerSecond),
          withPerSecond: round(triggers.withPerSecond),
          storefrontWriteRatio: round(triggers.storefrontWriteRatio, 3),
          secondsPerMeasurement: args.triggerSeconds,
          rounds: triggers.rounds.map((item) => ({ without: round(item.without), with: round(item.with) })),
        },
        cpus: availableParallelism(),
      },
      broken,
    }
  } finally {
    await admin.end()
  }
}

function printHuman(report: BenchReport): void {
  const d = report.delta
  const t = report.triggers
  const show = (value: unknown): string => (value === null || value === undefined ? '—' : String(value))
  const lines: [string, string][] = [['server', `${report.server} (node ${report.node})`]]
  const data = report.data
  if (data) {
    lines.push(
      ['data rows', show(data.rows)],
      ['mig data run', `${show(data.rowsPerSecond)} rows/s (${show(data.seconds)} s wall-clock)`],
      ['SQL ceiling (data)', `${show(data.ceilingRowsPerSecond)} rows/s (${show(data.ceilingSeconds)} s)`],
      ['data mig / ceiling', show(data.ratio)],
      ['data peak RSS', `${show(data.peakRssMb)} MB`],
    )
  }
  if (d && t)
    lines.push(
      ['delta rows', show(d.rows)],
      [
        'mig delta run',
        `${show(d.rowsPerSecond)} rows/s (${show(d.seconds)} s wall-clock, cycle ${show(d['cycleSeconds'])} s)`,
      ],
      ['SQL ceiling', `${show(d.ceilingRowsPerSecond)} rows/s (${show(d.ceilingSeconds)} s)`],
      ['mig / ceiling', show(d.ratio)],
      ['mig peak RSS', `${show(d.peakRssMb)} MB`],
      ['missing rows', `${show(d.missingRows)} (pending afterwards ${show(d['pendingAfter'])})`],
      ['storefront writes', `${show(t.withoutPerSecond)}/s without triggers, ${show(t.withPerSecond)}/s with`],
      ['with / without', show(t.storefrontWriteRatio)],
    )
  const c = report.catalog
  if (c) {
    lines.push(
      ['catalog rows', `${show(c.rows)} (${show(c['products'])} new products)`],
      [
        'catalog delta run',
        `${show(c.rowsPerSecond)} rows/s (${show(c.seconds)} s wall-clock, cycle ${show(c['cycleSeconds'])} s)`,
      ],
      ['SQL ceiling (catalog)', `${show(c.ceilingRowsPerSecond)} rows/s (${show(c.ceilingSeconds)} s)`],
      ['catalog mig / ceiling', show(c.ratio)],
      ['catalog peak RSS', `${show(c.peakRssMb)} MB`],
      ['catalog missing rows', `${show(c.missingRows)} (pending afterwards ${show(c['pendingAfter'])})`],
    )
  }
  const width = Math.max(...lines.map(([label]) => label.length))
  for (const [label, value] of lines) process.stdout.write(`${label.padEnd(width)}  ${value}\n`)
  const error = d?.['error'] as { stderr?: string } | undefined
  if (error?.stderr) process.stdout.write(`mig delta run failed: ${error.stderr}\n`)
  const catalogError = c?.['error'] as { stderr?: string } | undefined
  if (catalogError?.stderr) process.stdout.write(`mig delta run (catalog) failed: ${catalogError.stderr}\n`)
}

async function main(): Promise<number> {
  let args: BenchArgs
  try {
    const parsed = parseArgs(process.argv.slice(2))
    if (parsed === 'help') {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    args = parsed
  } catch (error) {
    if (error instanceof UsageProblem) {
      process.stderr.write(`bench: ${error.message}\n${USAGE}\n`)
      return 2
    }
    throw error
  }
  if (!fixturesAvailable([MAGENTO1_DUMP, MAGENTO2_DUMP])) {
    process.stderr.write(
      `bench: the Magento dumps ${MAGENTO1_DUMP} and ${MAGENTO2_DUMP} are not in ${fixturesDir()} (set MIG_FIXTURES_DIR)\n`,
    )
    return 1
  }
  const dbs = testDatabases()
  const cleanups: (() => void)[] = []
  const cleanUp = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0)) {
      try {
        cleanup()
      } catch {
        // a temp folder that is already gone
      }
    }
    const names = [...dbs.names]
    if (names.length === 0) return
    progress(`dropping ${names.join(', ')}`)
    try {
      await dbs.dropAll()
    } catch {
      // once more, one by one, so the message names what is left and why
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      const left: string[] = []
      for (const name of names) {
        try {
          await dropTestDatabase(name)
        } catch (error) {
          left.push(`${name}: ${error instanceof Error ? error.message : String(error)}`)
        }
      }
      if (left.length > 0) throw new Error(`could not drop ${left.join('; ')}`)
    }
  }
  const interrupted = (signal: NodeJS.Signals): void => {
    progress(`${signal}: cleaning up`)
    void cleanUp().finally(() => process.exit(130))
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  try {
    const report: BenchReport = { server: '', node: process.version }
    const broken: string[] = []
    if (args.parts.has('delta')) {
      const delta = await bench(args, dbs, cleanups)
      Object.assign(report, delta.report)
      broken.push(...delta.broken)
      await dbs.dropAll() // free the buffer pool for the next part
    }
    if (args.parts.has('catalog')) {
      const catalog = await benchCatalog(
        { rows: args.catalogRows, bulkSize: args.bulkSize, direct: args.direct },
        dbs,
        cleanups,
      )
      report.catalog = catalog.figures
      broken.push(...catalog.broken)
      await dbs.dropAll() // free the buffer pool for the data part
    }
    if (args.parts.has('data')) {
      const data = await benchData({ rows: args.dataRows, bulkSize: args.bulkSize, direct: args.direct }, dbs, cleanups)
      report.data = data.figures
      broken.push(...data.broken)
    }
    report.server ||= await serverVersion()
    if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`)
    else printHuman(report)
    for (const problem of broken) progress(`BROKEN: ${problem}`)
    return broken.length > 0 ? 1 : 0
  } catch (error) {
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    return 1
  } finally {
    try {
      await cleanUp()
    } catch (error) {
      progress(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`)
      process.exitCode = 1
    }
  }
}

const code = await main()
process.exitCode = Math.max(code, typeof process.exitCode === 'number' ? process.exitCode : 0)
