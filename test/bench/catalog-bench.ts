import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Connection, RowDataPacket } from 'mysql2/promise'
import { deltalogTableName, quoteIdentifier as q } from '@mig/core/engine'
import { writeConfigXml } from '../support/config-file.js'
import { fixturePath, MAGENTO1_DUMP, MAGENTO2_DUMP } from '../support/fixtures.js'
import { loadDump } from '../support/load-dump.js'
import { runMig } from '../support/run-mig.js'
import { openConnection, type TestDatabases } from '../support/test-database.js'
import { parseCycle, scalar, speedFigures, sum, tail, waitForPurge, type DeltaFigures } from './delta-common.js'
import {
  CATALOG_TABLES,
  generateCatalog,
  PRODUCT_COLUMN,
  ROWS_PER_PRODUCT,
  type CatalogTable,
  type GeneratedCatalog,
} from './generate-catalog.js'
import { progress, round, timed } from './progress.js'
import { runCeilingStatements } from './sql-ceiling.js'
import { runMigTimed } from './timed-mig.js'

export interface CatalogBenchOptions {
  /** Catalog rows to generate (≈ ROWS_PER_PRODUCT per product). */
  readonly rows: number
  readonly bulkSize: number
  readonly direct: boolean
}

/** Magento 2 numbers its own tier price rows (map.xml ignores value_id on both sides). */
const NOT_COPIED: Readonly<Partial<Record<CatalogTable, readonly string[]>>> = {
  catalog_product_entity_tier_price: ['value_id'],
}

const SOURCE_PREFIX = ''
const DEST_PREFIX = ''

async function columnsOf(connection: Connection, database: string, table: string): Promise<string[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
    [database, table],
  )
  return rows.map((row) => String(row['name']))
}

/** Columns of Magento 2's primary and unique keys (never updated on a duplicate key). */
async function uniqueColumnsOf(connection: Connection, database: string, table: string): Promise<Set<string>> {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT DISTINCT COLUMN_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0',
    [database, table],
  )
  return new Set(rows.map((row) => String(row['name']).toLowerCase()))
}

/**
 * The ceiling's statement for one table: the generated rows (by product id) copied with the columns
 * both tables share (Magento 1's entity_type_id has no Magento 2 column), updating the non-key ones
 * on a duplicate key.
 */
async function ceilingStatement(
  connection: Connection,
  m1: string,
  m2: string,
  table: CatalogTable,
  generated: GeneratedCatalog,
): Promise<string> {
  const source = `${SOURCE_PREFIX}${table}`
  const destination = `${DEST_PREFIX}${table}`
  const sourceColumns = new Set((await columnsOf(connection, m1, source)).map((column) => column.toLowerCase()))
  const skipped = new Set(NOT_COPIED[table] ?? [])
  const columns = (await columnsOf(connection, m2, destination)).filter(
    (column) => sourceColumns.has(column.toLowerCase()) && !skipped.has(column),
  )
  if (columns.length === 0) throw new Error(`${table}: no column shared by Magento 1 and Magento 2`)
  const keys = await uniqueColumnsOf(connection, m2, destination)
  const updated = columns.filter((column) => !keys.has(column.toLowerCase()))
  const updates = (updated.length > 0 ? updated : columns.slice(0, 1))
    .map((column) => `${q(column)} = VALUES(${q(column)})`)
    .join(', ')
  return (
    `INSERT INTO ${q(m2)}.${q(destination)} (${columns.map(q).join(', ')}) ` +
    `SELECT ${columns.map((column) => `s.${q(column)}`).join(', ')} FROM ${q(m1)}.${q(source)} s ` +
    `WHERE s.${q(PRODUCT_COLUMN[table])} BETWEEN ${generated.first} AND ${generated.last} ` +
    `ON DUPLICATE KEY UPDATE ${updates}`
  )
}

/** Rows of the generated products present in Magento 2, per table. */
async function presentRows(
  connection: Connection,
  m2: string,
  generated: GeneratedCatalog,
): Promise<Record<CatalogTable, number>> {
  const counts = {} as Record<CatalogTable, number>
  for (const table of CATALOG_TABLES) {
    counts[table] = await scalar(
      connection,
      `SELECT COUNT(*) FROM ${q(m2)}.${q(`${DEST_PREFIX}${table}`)} WHERE ${q(PRODUCT_COLUMN[table])} BETWEEN ${generated.first} AND ${generated.last}`,
    )
  }
  return counts
}

/** Deltalog rows per Magento 1 table. */
async function deltalogRows(connection: Connection, m1: string): Promise<Record<CatalogTable, number>> {
  const counts = {} as Record<CatalogTable, number>
  for (const table of CATALOG_TABLES)
    counts[table] = await scalar(
      connection,
      `SELECT COUNT(*) FROM ${q(m1)}.${q(deltalogTableName(SOURCE_PREFIX, table))}`,
    )
  return counts
}

/** Tables among CATALOG_TABLES without a deltalog or without their three triggers. */
async function uncaptured(connection: Connection, m1: string): Promise<string[]> {
  const [logs] = await connection.query<RowDataPacket[]>(
    'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
    [m1],
  )
  const tables = new Set(logs.map((row) => String(row['name'])))
  const [triggers] = await connection.query<RowDataPacket[]>(
    'SELECT EVENT_OBJECT_TABLE AS name, COUNT(DISTINCT EVENT_MANIPULATION) AS events FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? GROUP BY EVENT_OBJECT_TABLE',
    [m1],
  )
  const events = new Map(triggers.map((row) => [String(row['name']), Number(row['events'])]))
  return CATALOG_TABLES.filter(
    (table) =>
      !tables.has(deltalogTableName(SOURCE_PREFIX, table)) || (events.get(`${SOURCE_PREFIX}${table}`) ?? 0) < 3,
  )
}

/**
 * The catalog's delta throughput: a Magento 1 store migrated by the real `mig data run` (EAV ids
 * aligned, the dumps' catalog copied, capture installed), then ≈`rows` catalog rows written the way
 * the admin saves new products; the same rows applied server-side by INSERT … SELECT per table (the
 * ceiling) and removed again, then the real `mig delta run --once` applies them from the deltalogs.
 */
export async function benchCatalog(
  options: CatalogBenchOptions,
  dbs: TestDatabases,
  cleanups: (() => void)[],
): Promise<{ figures: DeltaFigures; broken: string[] }> {
  const broken: string[] = []
  const m1 = await dbs.create('bench_cat_m1')
  const m2 = await dbs.create('bench_cat_m2')
  progress(`catalog: loading ${MAGENTO1_DUMP} and ${MAGENTO2_DUMP}`)
  await Promise.all([
    loadDump(m1, fixturePath(MAGENTO1_DUMP), { tablePrefix: SOURCE_PREFIX }),
    loadDump(m2, fixturePath(MAGENTO2_DUMP), { tablePrefix: DEST_PREFIX }),
  ])
  const config = writeConfigXml({
    source: m1,
    destination: m2,
    options: {
      source_prefix: SOURCE_PREFIX,
      dest_prefix: DEST_PREFIX,
      bulk_size: String(options.bulkSize),
      ...(options.direct ? { direct_document_copy: '1' } : {}),
    },
  })
  cleanups.push(() => rmSync(path.dirname(config), { recursive: true, force: true }))

  // 1. The data run: EAV attribute ids aligned, the dumps' catalog copied, capture installed.
  const dataRun = await timed(() => runMig(['data', 'run', config]))
  if (dataRun.value.code !== 0)
    throw new Error(
      `mig data run exited ${dataRun.value.code ?? dataRun.value.signal}: ${tail(dataRun.value.stderr, 2_000)}`,
    )
  progress(
    `catalog: mig data run in ${dataRun.seconds.toFixed(1)}s: ${tail(
      dataRun.value.stdout
        .split('\n')
        .filter((line) => /finished/.test(line))
        .join(' '),
      300,
    )}`,
  )

  const admin = await openConnection(m1)
  try {
    const notCaptured = await uncaptured(admin, m1)
    let setupRan = false
    if (notCaptured.length > 0) {
      progress(`catalog: the data run left ${notCaptured.join(', ')} without capture; running mig delta setup`)
      const setup = await runMig(['delta', 'setup', config])
      if (setup.code !== 0) throw new Error(`mig delta setup exited ${setup.code}: ${setup.stderr.trim()}`)
      setupRan = true
      const still = await uncaptured(admin, m1)
      if (still.length > 0) throw new Error(`no capture on ${still.join(', ')} after mig delta setup`)
    }
    const before = await deltalogRows(admin, m1)
    const pendingBefore = sum(before)
    if (pendingBefore > 0)
      progress(
        `catalog: ${pendingBefore} rows pending in the catalog deltalogs before generating (${JSON.stringify(before)})`,
      )

    // 2. New products written after capture, so the triggers log every row.
    const products = Math.max(1, Math.round(options.rows / ROWS_PER_PRODUCT))
    progress(
      `catalog: generating ${products} products (≈${Math.round(products * ROWS_PER_PRODUCT)} rows in ${CATALOG_TABLES.length} tables) in Magento 1`,
    )
    const { value: generated, seconds: generateSeconds } = await timed(() =>
      generateCatalog(admin, m1, m2, SOURCE_PREFIX, DEST_PREFIX, products),
    )
    progress(
      `catalog: generated ${generated.total} rows in ${generateSeconds.toFixed(1)}s (${JSON.stringify(generated.rows)})`,
    )
    const after = await deltalogRows(admin, m1)
    const logged = {} as Record<CatalogTable, number>
    for (const table of CATALOG_TABLES) logged[table] = after[table] - before[table]
    const rows = sum(logged)
    progress(`catalog: deltalog rows ${rows}`)
    for (const table of CATALOG_TABLES) {
      if (logged[table] !== generated.rows[table])
        broken.push(`catalog: the triggers logged ${logged[table]} ${table} rows for ${generated.rows[table]} written`)
    }

    // 3. The ceiling: the same rows by INSERT … SELECT on the server, parents first, then removed again.
    const ceilingConnection = await openConnection()
    let ceiling: { value: Record<string, number>; seconds: number }
    try {
      const statements: { table: string; sql: string }[] = []
      for (const table of CATALOG_TABLES)
        statements.push({ table, sql: await ceilingStatement(ceilingConnection, m1, m2, table, generated) })
      progress('catalog: SQL ceiling, INSERT … SELECT … ON DUPLICATE KEY UPDATE per table, parents first')
      ceiling = await timed(() => runCeilingStatements(ceilingConnection, statements))
    } finally {
      await ceilingConnection.end()
    }
    progress(
      `catalog: SQL ceiling ${sum(ceiling.value)} rows in ${ceiling.seconds.toFixed(2)}s (${Math.round(rows / ceiling.seconds)} rows/s)`,
    )
    const afterCeiling = await presentRows(admin, m2, generated)
    if (sum(afterCeiling) !== generated.total)
      broken.push(
        `catalog: the SQL ceiling left ${JSON.stringify(afterCeiling)} in Magento 2 for ${JSON.stringify(generated.rows)} written`,
      )
    // Children first (most would go with their product by cascade anyway).
    for (const table of [...CATALOG_TABLES].reverse()) {
      await admin.query(
        `DELETE FROM ${q(m2)}.${q(`${DEST_PREFIX}${table}`)} WHERE ${q(PRODUCT_COLUMN[table])} BETWEEN ${generated.first} AND ${generated.last}`,
      )
    }
    const leftOver = await presentRows(admin, m2, generated)
    if (sum(leftOver) > 0)
      throw new Error(`removing the ceiling's rows from Magento 2 left ${JSON.stringify(leftOver)}`)
    const history = await waitForPurge(admin)
    progress(
      `catalog: removed the ceiling's rows from Magento 2 (InnoDB history list ${history}); deltalogs untouched: ${sum(await deltalogRows(admin, m1))} pending`,
    )

    // 4. mig itself.
    progress('catalog: mig delta run --once (pid sampled every 50 ms for VmHWM)')
    const mig = await runMigTimed(['delta', 'run', '--once', config])
    if (process.env['MIG_BENCH_LOG']) writeFileSync(`${process.env['MIG_BENCH_LOG']}.catalog`, mig.stdout + mig.stderr)
    const cycle = parseCycle(mig.stdout)
    if (mig.code !== 0) broken.push(`catalog: mig delta run exited ${mig.code ?? mig.signal}`)
    progress(
      `catalog: mig delta run exited ${mig.code ?? mig.signal} after ${mig.seconds.toFixed(2)}s, peak RSS ${mig.peakRssMb?.toFixed(1) ?? '?'} MB: ${tail(mig.stdout, 300)}`,
    )
    if (mig.stderr.trim() !== '') progress(`catalog: mig stderr: ${tail(mig.stderr, 2_000)}`)

    const present = await presentRows(admin, m2, generated)
    const missingByTable: Record<string, number> = {}
    for (const table of CATALOG_TABLES) {
      const missing = generated.rows[table] - present[table]
      if (missing !== 0) missingByTable[table] = missing
    }
    const missingRows = sum(missingByTable)
    if (missingRows !== 0) progress(`catalog: missing in Magento 2 after mig: ${JSON.stringify(missingByTable)}`)
    const pending = await deltalogRows(admin, m1)

    const applied = cycle?.applied ?? rows - missingRows
    const ok = mig.code === 0
    return {
      figures: {
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
        products,
        applied,
        cycleSeconds: cycle === undefined ? null : round(cycle.seconds, 2),
        cyclePhases: cycle?.phases ?? null,
        pendingBefore,
        pendingAfter: sum(pending),
        rowsByTable: generated.rows,
        missingByTable,
        generateSeconds: round(generateSeconds, 2),
        dataRunSeconds: round(dataRun.seconds, 2),
        setupRan,
        ...(ok
          ? {}
          : {
              error: {
                exitCode: mig.code,
                signal: mig.signal,
                seconds: round(mig.seconds, 2),
                stderr: tail(mig.stderr),
              },
            }),
      },
      broken,
    }
  } finally {
    await admin.end()
  }
}
