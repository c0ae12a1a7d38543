import { readFile } from 'node:fs/promises'
import { splitSqlStatements } from '@mig/core/engine'
import type { Connection } from 'mysql2/promise'
import { rewriteDump } from './dump-rewriter.js'
import { schemaSubsetPath, type SchemaSide } from './subset-path.js'

export interface LoadSchemaOptions {
  /** Prefix for every table, also in foreign keys (letters, digits, `_` and `$`); none by default. */
  readonly tablePrefix?: string
}

const SET_NAMES = /^SET\s+NAMES\b/i

/** Session settings the subset file changes (as a mysqldump file does) and this loader puts back. */
const SESSION_SETTINGS = ['foreign_key_checks', 'unique_checks', 'sql_mode', 'time_zone'] as const

/**
 * Loads mig's schema subset of one side into the connection's current database, which should be empty: the file
 * creates its tables without dropping anything first, so a table that exists already fails the load.
 *
 * Works on any mysql2/promise connection (no `multipleStatements` needed): statements are split here and run one by
 * one. The connection's own character set is kept (the file's SET NAMES is for command-line clients); it must hold
 * UTF-8 text, as mysql2's default utf8mb4 does. The file switches off foreign key checks and sets sql_mode/time_zone
 * for its own statements; the connection's session settings are restored afterwards, also when a statement fails.
 */
export async function loadSchemaSubset(
  connection: Connection,
  side: SchemaSide,
  options: LoadSchemaOptions = {},
): Promise<void> {
  const file = schemaSubsetPath(side)
  const text = await readFile(file, 'utf8')
  const statements = splitSqlStatements(rewriteDump(text, { tablePrefix: options.tablePrefix })).filter(
    (statement) => !SET_NAMES.test(statement),
  )
  const [saved] = await connection.query(
    `SELECT ${SESSION_SETTINGS.map((name) => `@@SESSION.${name} AS ${name}`).join(', ')}`,
  )
  const before = (saved as Record<string, unknown>[])[0] ?? {}
  // numbers may come back as strings (bigNumberStrings); the boolean settings take only numbers or ON/OFF
  const values = SESSION_SETTINGS.map((name) => {
    const value = before[name] ?? null
    return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
  })
  const restore = (): Promise<unknown> =>
    connection.query(`SET ${SESSION_SETTINGS.map((name) => `SESSION ${name} = ?`).join(', ')}`, values)
  try {
    for (const statement of statements) await connection.query(statement)
  } catch (error) {
    // the load's own error is the one to report, whatever the restore runs into
    await restore().catch(() => undefined)
    const detail = error instanceof Error ? error.message : String(error)
    throw new Error(`loading ${file} failed: ${detail}`, { cause: error })
  }
  await restore()
}
