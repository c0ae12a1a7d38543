import path from 'node:path'
import {
  DatabaseClient,
  DocumentMapper,
  RecordTransformer,
  createDefaultHandlerRegistry,
  keyIdentity,
  mergeMapRules,
  quoteIdentifier as q,
  readDatabaseSchema,
  readMapXml,
  type SqlRow,
  type SqlValue,
} from '@mig/core/engine'
import { repoRoot } from './fixtures.js'
import { testDbSettings } from './test-database.js'

export interface TableDifference {
  readonly table: string
  readonly missing: string[]
  readonly extra: string[]
  readonly different: { key: string; column: string; expected: string; actual: string }[]
  readonly compared: number
}

export interface CompareOptions {
  readonly source: string
  readonly destination: string
  readonly sourcePrefix?: string
  readonly destPrefix?: string
  /** Unprefixed Magento 1 tables to compare, with their deltalog key columns. */
  readonly tables: readonly { table: string; keys: readonly string[] }[]
  /** map.xml files (default: the sales plugin's). */
  readonly mapFiles?: readonly string[]
}

function show(value: SqlValue | undefined): string {
  if (value === undefined) return '<absent>'
  if (value === null) return 'NULL'
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex')}`
  return String(value)
}

/** Text and binary columns differ between the versions (TEXT vs BLOB): compare bytes then. */
function comparable(expected: SqlValue | undefined, actual: SqlValue | undefined): { want: string; got: string } {
  if (
    Buffer.isBuffer(expected) !== Buffer.isBuffer(actual) &&
    typeof (Buffer.isBuffer(expected) ? actual : expected) === 'string'
  ) {
    const bytes = (value: SqlValue | undefined): string =>
      show(Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8'))
    return { want: bytes(expected), got: bytes(actual) }
  }
  return { want: show(expected), got: show(actual) }
}

/**
 * Independent check of a migration: every mapped Magento 1 row, transformed by the mapping,
 * must exist in Magento 2 with exactly these column values, and Magento 2 must hold no row
 * Magento 1 does not have. Values are compared as the text the server returns.
 */
export async function compareMappedTables(options: CompareOptions): Promise<TableDifference[]> {
  const settings = testDbSettings()
  const connect = (name: string, role: 'source' | 'destination'): Promise<DatabaseClient> =>
    DatabaseClient.connect({
      role,
      database: { host: settings.host, port: settings.port, user: settings.user, password: settings.password, name },
    })
  const source = await connect(options.source, 'source')
  const destination = await connect(options.destination, 'destination')
  try {
    const mapFiles = options.mapFiles ?? [path.join(repoRoot(), 'packages', 'plugin-sales', 'etc', 'map.xml')]
    const rules = mergeMapRules(await Promise.all(mapFiles.map((file) => readMapXml(file))))
    const [sourceSchema, destinationSchema] = await Promise.all([
      readDatabaseSchema(source),
      readDatabaseSchema(destination),
    ])
    const schemas = {
      sourceSchema,
      destinationSchema,
      sourcePrefix: options.sourcePrefix ?? '',
      destPrefix: options.destPrefix ?? '',
    }
    const mapper = new DocumentMapper(rules, schemas)
    const registry = createDefaultHandlerRegistry()
    const results: TableDifference[] = []
    for (const { table, keys } of options.tables) {
      const resolution = mapper.resolve(table)
      if (resolution.kind !== 'mapped' || !resolution.mapping.destination) continue
      const transformer = new RecordTransformer(resolution.mapping, registry)
      const destinationKeys = transformer.keyMapping(keys)
      const sourceRows = await source.query<SqlRow>(`SELECT * FROM ${q(resolution.mapping.sourcePhysicalTable)}`)
      const destinationRows = await destination.query<SqlRow>(
        `SELECT * FROM ${q(resolution.mapping.destinationPhysicalTable)}`,
      )
      const actual = new Map(
        destinationRows.map((row) => [keyIdentity(destinationKeys.map((key) => row[key] ?? null)), row]),
      )
      const difference: TableDifference = { table, missing: [], extra: [], different: [], compared: sourceRows.length }
      const seen = new Set<string>()
      for (const sourceRow of sourceRows) {
        const id = keyIdentity(keys.map((key) => sourceRow[key] ?? null))
        seen.add(id)
        const expected = transformer.transform(sourceRow)
        const row = actual.get(id)
        if (!row) {
          difference.missing.push(id)
          continue
        }
        if ('rejected' in expected) {
          difference.different.push({
            key: id,
            column: '*',
            expected: `rejected: ${expected.rejected}`,
            actual: 'present',
          })
          continue
        }
        for (const column of transformer.destinationColumns) {
          const { want, got } = comparable(expected.row[column], row[column])
          if (want !== got)
            difference.different.push({ key: id, column, expected: want.slice(0, 200), actual: got.slice(0, 200) })
        }
      }
      for (const id of actual.keys()) if (!seen.has(id)) difference.extra.push(id)
      results.push(difference)
    }
    return results
  } finally {
    await Promise.allSettled([source.close(), destination.close()])
  }
}

/** A short readable summary of the differences, for assertion messages. */
export function describeDifferences(differences: readonly TableDifference[]): string {
  return differences
    .filter((difference) => difference.missing.length + difference.extra.length + difference.different.length > 0)
    .map(
      (difference) =>
        `${difference.table}: ${difference.missing.length} missing ${difference.missing.slice(0, 3).join(' ')}, ` +
        `${difference.extra.length} extra ${difference.extra.slice(0, 3).join(' ')}, ${difference.different.length} different ` +
        difference.different
          .slice(0, 3)
          .map((item) => `${item.key}.${item.column}: ${item.expected} ≠ ${item.actual}`)
          .join('; '),
    )
    .join('\n')
}
