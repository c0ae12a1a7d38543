import path from 'node:path'
import type { Connection, ResultSetHeader } from 'mysql2/promise'
import {
  DatabaseClient,
  DocumentMapper,
  RecordTransformer,
  createDefaultHandlerRegistry,
  deltalogTableName,
  quoteIdentifier as q,
  readDatabaseSchema,
  readDeltalogXml,
  readMapXml,
  type SqlRow,
} from '@mig/core/engine'
import { repoRoot } from '../support/fixtures.js'
import { testDbSettings } from '../support/test-database.js'

/** One Magento 1 table copied by SQL the way mig's mapping says, for the ceiling measurement. */
export interface SqlCopy {
  readonly sourceTable: string
  readonly sourcePhysicalTable: string
  readonly destinationPhysicalTable: string
  readonly deltalog: string
  readonly keys: readonly string[]
  /** Destination column ← SQL expression over the source row `s`. */
  readonly columns: readonly { readonly to: string; readonly expression: string }[]
  /** Destination key columns (not updated on duplicate key). */
  readonly destinationKeys: readonly string[]
  /** Columns mig transforms with a handler that SQL cannot reproduce (copied raw here). */
  readonly rawCopies: readonly string[]
  readonly transformer: RecordTransformer
}

export interface MappingOptions {
  readonly source: string
  readonly destination: string
  readonly sourcePrefix: string
  readonly destPrefix: string
  /** Unprefixed Magento 1 tables, parents first. */
  readonly tables: readonly string[]
}

const SET_VALUE = /(^|\\)SetValue$/i

function sqlLiteral(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`
}

/**
 * mig's own mapping (plugin-sales map.xml + deltalog.xml keys, resolved against the live schemas by
 * @mig/core's DocumentMapper / RecordTransformer), turned into column lists for INSERT … SELECT.
 * SetValue becomes its constant; every other handler (PHP serialize → JSON) cannot run in SQL and
 * is copied raw, so the SQL copy does strictly less work than mig.
 */
export async function sqlCopies(options: MappingOptions): Promise<SqlCopy[]> {
  const settings = testDbSettings()
  const connect = (name: string, role: 'source' | 'destination'): Promise<DatabaseClient> =>
    DatabaseClient.connect({
      role,
      database: { host: settings.host, port: settings.port, user: settings.user, password: settings.password, name },
    })
  const [source, destination] = await Promise.all([
    connect(options.source, 'source'),
    connect(options.destination, 'destination'),
  ])
  try {
    const plugin = path.join(repoRoot(), 'packages', 'plugin-sales', 'etc')
    const rules = await readMapXml(path.join(plugin, 'map.xml'))
    const keys = new Map<string, readonly string[]>()
    for (const group of readDeltalogXml(path.join(plugin, 'deltalog.xml')).groups)
      for (const document of group.documents) keys.set(document.table, document.keys)
    const [sourceSchema, destinationSchema] = await Promise.all([
      readDatabaseSchema(source),
      readDatabaseSchema(destination),
    ])
    const mapper = new DocumentMapper(rules, {
      sourceSchema,
      destinationSchema,
      sourcePrefix: options.sourcePrefix,
      destPrefix: options.destPrefix,
    })
    const registry = createDefaultHandlerRegistry()
    return options.tables.map((table): SqlCopy => {
      const resolution = mapper.resolve(table)
      if (resolution.kind !== 'mapped')
        throw new Error(`${table} is ${resolution.kind} in plugin-sales map.xml; the benchmark needs it mapped`)
      const transformer = new RecordTransformer(resolution.mapping, registry)
      const writes = new Set(transformer.destinationColumns)
      const tableKeys = keys.get(table)
      if (tableKeys === undefined || tableKeys.length === 0)
        throw new Error(`${table} has no key in plugin-sales deltalog.xml`)
      const columns: { to: string; expression: string }[] = []
      const rawCopies: string[] = []
      for (const fate of resolution.mapping.sourceColumns) {
        if ((fate.kind !== 'copied' && fate.kind !== 'moved') || !writes.has(fate.to)) continue
        const handler = fate.transform?.handler
        if (handler !== undefined && SET_VALUE.test(handler.name)) {
          columns.push({
            to: fate.to,
            expression: handler.params['null'] === 'true' ? 'NULL' : sqlLiteral(handler.params['value'] ?? ''),
          })
          continue
        }
        if (handler !== undefined) rawCopies.push(`${fate.column} (${handler.name})`)
        columns.push({ to: fate.to, expression: `s.${q(fate.column)}` })
      }
      for (const fate of resolution.mapping.destinationColumns) {
        if (fate.kind === 'transformed' && SET_VALUE.test(fate.transform.handler.name)) {
          const params = fate.transform.handler.params
          columns.push({
            to: fate.column,
            expression: params['null'] === 'true' ? 'NULL' : sqlLiteral(params['value'] ?? ''),
          })
        } else if (fate.kind === 'filled' && fate.transform !== undefined) {
          rawCopies.push(`${fate.column} (${fate.transform.handler.name}, destination)`)
        }
      }
      return {
        sourceTable: table,
        sourcePhysicalTable: resolution.mapping.sourcePhysicalTable,
        destinationPhysicalTable: resolution.mapping.destinationPhysicalTable,
        deltalog: deltalogTableName(options.sourcePrefix, table),
        keys: tableKeys,
        columns,
        destinationKeys: transformer.keyMapping(tableKeys),
        rawCopies,
        transformer,
      }
    })
  } finally {
    await Promise.allSettled([source.close(), destination.close()])
  }
}

/** The INSERT … SELECT … ON DUPLICATE KEY UPDATE that applies one table's deltalog in SQL. */
/** `changed`: the rows in the table's deltalog (delta's ceiling); `all`: the whole table (data's ceiling). */
export type CeilingRows = 'changed' | 'all'

export function copyStatement(
  copy: SqlCopy,
  source: string,
  destination: string,
  rows: CeilingRows = 'changed',
): string {
  const keys = new Set(copy.destinationKeys.map((key) => key.toLowerCase()))
  const targets = copy.columns.map((column) => q(column.to)).join(', ')
  const expressions = copy.columns.map((column) => column.expression).join(', ')
  const join = copy.keys.map((key) => `c.${q(key)} = s.${q(key)}`).join(' AND ')
  const updates = copy.columns
    .filter((column) => !keys.has(column.to.toLowerCase()))
    .map((column) => `${q(column.to)} = VALUES(${q(column.to)})`)
    .join(', ')
  return (
    `INSERT INTO ${q(destination)}.${q(copy.destinationPhysicalTable)} (${targets}) ` +
    `SELECT ${expressions} FROM ${q(source)}.${q(copy.sourcePhysicalTable)} s ${rows === 'changed' ? `JOIN ${q(source)}.${q(copy.deltalog)} c ON ${join} ` : ''}` +
    `ON DUPLICATE KEY UPDATE ${updates}`
  )
}

/**
 * Runs `statements` (table → SQL) in order in one transaction, READ COMMITTED and strict like mig's
 * sessions (as mig applies a round). Returns rows affected per table.
 */
export async function runCeilingStatements(
  connection: Connection,
  statements: readonly { readonly table: string; readonly sql: string }[],
): Promise<Record<string, number>> {
  const written: Record<string, number> = {}
  await connection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED')
  await connection.query("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'")
  await connection.beginTransaction()
  try {
    for (const statement of statements) {
      const [result] = await connection.query<ResultSetHeader>(statement.sql)
      written[statement.table] = result.affectedRows
    }
    await connection.commit()
  } catch (error) {
    await connection.rollback().catch(() => undefined)
    throw error
  }
  return written
}

/** Applies every table's deltalog with one INSERT … SELECT each, parents first, in one transaction. Returns rows written per table. */
export async function runSqlCopy(
  connection: Connection,
  copies: readonly SqlCopy[],
  source: string,
  destination: string,
  rows: CeilingRows = 'changed',
): Promise<Record<string, number>> {
  return runCeilingStatements(
    connection,
    copies.map((copy) => ({ table: copy.sourceTable, sql: copyStatement(copy, source, destination, rows) })),
  )
}

/**
 * Sanity check of the generated data: mig's transformer (handlers included) must accept a sample of
 * each table's changed rows; returns the rejections (empty when the generator writes what Magento 1 writes).
 */
export async function checkSample(source: string, copies: readonly SqlCopy[], sample = 200): Promise<string[]> {
  const settings = testDbSettings()
  const client = await DatabaseClient.connect({
    role: 'source',
    database: {
      host: settings.host,
      port: settings.port,
      user: settings.user,
      password: settings.password,
      name: source,
    },
  })
  try {
    const problems: string[] = []
    for (const copy of copies) {
      const join = copy.keys.map((key) => `c.${q(key)} = s.${q(key)}`).join(' AND ')
      const rows = await client.query<SqlRow>(
        `SELECT s.* FROM ${q(copy.sourcePhysicalTable)} s JOIN ${q(copy.deltalog)} c ON ${join} ORDER BY RAND() LIMIT ${sample}`,
      )
      for (const row of rows) {
        const result = copy.transformer.transform(row)
        if ('rejected' in result)
          problems.push(`${copy.sourceTable} ${copy.keys.map((key) => String(row[key])).join(',')}: ${result.rejected}`)
      }
    }
    return problems
  } finally {
    await client.close()
  }
}
