/**
 * What the tests need besides the plugin: a real MariaDB/MySQL server (MIG_TEST_DB_HOST, _PORT,
 * _USER, _PASSWORD; 127.0.0.1:3306 root without password by default), two fresh databases with the
 * extension's tables, a config.xml, and the plugin described to core as the CLI describes it.
 * Only @mig/core, mysql2 and node: this folder must work when copied out of the mig repository.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  createLogger,
  declaredCoreRange,
  migSectionOf,
  type LogRecord,
  type Logger,
  type PluginManifest,
} from '@mig/core/engine'
import mysql, { type Connection } from 'mysql2/promise'

export const pluginRoot = path.resolve(fileURLToPath(new URL('..', import.meta.url)))

export type Row = Record<string, unknown>

export function dbSettings(): { host: string; port: number; user: string; password: string } {
  return {
    host: process.env['MIG_TEST_DB_HOST'] ?? '127.0.0.1',
    port: Number(process.env['MIG_TEST_DB_PORT'] ?? '3306'),
    user: process.env['MIG_TEST_DB_USER'] ?? 'root',
    password: process.env['MIG_TEST_DB_PASSWORD'] ?? '',
  }
}

/** A connection that reads values as mig does: DATETIME and big numbers as strings, utf8mb4. */
export async function connect(database?: string, multipleStatements = false): Promise<Connection> {
  return mysql.createConnection({
    ...dbSettings(),
    ...(database ? { database } : {}),
    charset: 'utf8mb4',
    timezone: 'Z',
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements,
  })
}

/** Fresh databases with unique names; `dropAll` drops them unless MIG_TEST_KEEP_DATABASES=1. */
export function testDatabases(): { create(hint: string): Promise<string>; dropAll(): Promise<void> } {
  const names: string[] = []
  return {
    async create(hint) {
      const name = `mig_t_blog_${hint}_${process.pid}_${randomBytes(4).toString('hex')}`
      const server = await connect()
      try {
        await server.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`)
      } finally {
        await server.end()
      }
      names.push(name)
      return name
    },
    async dropAll() {
      if (process.env['MIG_TEST_KEEP_DATABASES'] === '1') {
        if (names.length > 0) console.warn(`MIG_TEST_KEEP_DATABASES=1: kept ${names.join(', ')}`)
        return
      }
      const server = await connect()
      try {
        for (const name of names.splice(0)) await server.query(`DROP DATABASE IF EXISTS \`${name}\``)
      } finally {
        await server.end()
      }
    },
  }
}

/**
 * Creates a Magento's tables in a database: the store tables every Magento has (mig aligns stores
 * first), then the extension's own (sql/magento1.sql or sql/magento2.sql).
 */
export async function loadSql(database: string, magento: 'magento1' | 'magento2'): Promise<void> {
  const loader = await connect(database, true)
  try {
    await loader.query(readFileSync(path.join(pluginRoot, 'test', `${magento}-stores.sql`), 'utf8'))
    await loader.query(readFileSync(path.join(pluginRoot, 'sql', `${magento}.sql`), 'utf8'))
  } finally {
    await loader.end()
  }
}

/** A config.xml in the upstream format, in a fresh temporary folder; returns its path. */
export function writeConfigXml(
  source: string,
  destination: string,
  options: Readonly<Record<string, string>> = {},
): string {
  const db = dbSettings()
  const escape = (text: string): string =>
    text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
  const database = (name: string): string =>
    `<database host="${escape(db.host)}" port="${db.port}" name="${escape(name)}" user="${escape(db.user)}"${db.password === '' ? '' : ` password="${escape(db.password)}"`}/>`
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'mig-blog-config-')), 'config.xml')
  writeFileSync(
    file,
    `<?xml version="1.0"?>
<config xmlns:xs="http://www.w3.org/2001/XMLSchema-instance" xs:noNamespaceSchemaLocation="urn:magento:module:Magento_Migration:etc/config.xsd">
  <source>${database(source)}</source>
  <destination>${database(destination)}</destination>
  <options>
${Object.entries(options)
  .map(([name, value]) => `    <${name}>${escape(value)}</${name}>`)
  .join('\n')}
  </options>
  <steps mode="delta">
    <step title="Blog"><delta>@vendor/delta-blog#BlogDelta</delta></step>
  </steps>
</config>
`,
  )
  return file
}

/** This package as the CLI describes an installed plugin to core: mig loads `mig.main` from dist/. */
export function pluginManifest(): PluginManifest {
  const packageJson = JSON.parse(readFileSync(path.join(pluginRoot, 'package.json'), 'utf8')) as {
    name: string
    version: string
  }
  const coreRange = declaredCoreRange(packageJson)
  return {
    name: packageJson.name,
    version: packageJson.version,
    root: pluginRoot,
    mig: migSectionOf(packageJson),
    ...(coreRange ? { coreRange } : {}),
  }
}

/** Builds dist/ as the vendor would (`tsc -b`) when it is missing or older than a file of src/. */
export function buildPlugin(): void {
  const built = path.join(pluginRoot, 'dist', 'index.js')
  const sources = readdirSync(path.join(pluginRoot, 'src')).map((file) => path.join(pluginRoot, 'src', file))
  if (existsSync(built) && sources.every((source) => statSync(source).mtimeMs <= statSync(built).mtimeMs)) return
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  execFileSync(process.execPath, [tsc, '-b', pluginRoot], { stdio: 'inherit' })
}

/** A logger that keeps what mig says, to look at warnings. */
export function recordingLogger(): Logger & { readonly records: LogRecord[] } {
  const records: LogRecord[] = []
  return Object.assign(createLogger([(record) => records.push(record)]), { records })
}

export async function rows(connection: Connection, sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  const [result] = await connection.query(sql, params)
  return result as Row[]
}
