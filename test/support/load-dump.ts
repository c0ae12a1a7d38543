import { spawn } from 'node:child_process'
import { accessSync, constants, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { rewriteDump } from './dump-rewriter.js'
import { openConnection, testDbSettings } from './test-database.js'

export interface LoadDumpOptions {
  /** Prefix every table of the dump (see @mig/demo src/schema/dump-rewriter.ts for what is rewritten). */
  readonly tablePrefix?: string
  /**
   * 'auto' (default): the mariadb/mysql command-line client when one is on PATH, else mysql2.
   * MIG_TEST_DB_CLIENT overrides 'auto': a client name/path, or `mysql2` to force the fallback.
   */
  readonly client?: 'auto' | 'cli' | 'mysql2'
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return statSync(file).isFile()
  } catch {
    return false
  }
}

/** Absolute path of the `mariadb` (preferred) or `mysql` client on PATH, or undefined. */
export function findSqlClient(): string | undefined {
  const dirs = (process.env['PATH'] ?? '').split(path.delimiter).filter((dir) => dir !== '')
  for (const name of ['mariadb', 'mysql']) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name)
      if (isExecutable(candidate)) return candidate
    }
  }
  return undefined
}

function resolveClient(choice: LoadDumpOptions['client']): string | undefined {
  if (choice === 'mysql2') return undefined
  const fromEnv = process.env['MIG_TEST_DB_CLIENT']
  if (choice !== 'cli' && fromEnv === 'mysql2') return undefined
  if (fromEnv !== undefined && fromEnv !== '' && fromEnv !== 'mysql2') return fromEnv
  const found = findSqlClient()
  if (found === undefined && choice === 'cli') throw new Error('loadDump: no mariadb or mysql client on PATH')
  return found
}

/**
 * Loads a mysqldump file into an existing database, optionally prefixing every table. DEFINER clauses are always
 * stripped (and a few MySQL-only statements dropped) so triggers work on the test server.
 */
export async function loadDump(database: string, dumpFile: string, options: LoadDumpOptions = {}): Promise<void> {
  // latin1 maps every byte to one char and back: binary data in the dump survives the rewrite unchanged
  const original = (await readFile(dumpFile)).toString('latin1')
  const sql = Buffer.from(rewriteDump(original, { tablePrefix: options.tablePrefix }), 'latin1')
  const client = resolveClient(options.client ?? 'auto')
  try {
    if (client !== undefined) await loadWithClient(client, database, sql)
    else await loadWithMysql2(database, sql)
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw new Error(`loading ${dumpFile} into ${database} failed: ${detail}`, { cause: error })
  }
}

async function loadWithClient(client: string, database: string, sql: Buffer): Promise<void> {
  const settings = testDbSettings()
  const env: NodeJS.ProcessEnv = { ...process.env }
  // never on the command line; an inherited MYSQL_PWD must not leak in when the password is empty
  if (settings.password !== '') env['MYSQL_PWD'] = settings.password
  else delete env['MYSQL_PWD']
  const args = [
    '--no-defaults',
    `--host=${settings.host}`,
    `--port=${settings.port}`,
    `--user=${settings.user}`,
    '--default-character-set=utf8mb4',
    '--batch',
    `--database=${database}`,
  ]
  await new Promise<void>((resolve, reject) => {
    const child = spawn(client, args, { env, stdio: ['pipe', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 64_000) stderr += chunk
    })
    child.stdin.on('error', () => {
      // EPIPE when the client dies early; the exit code and stderr tell why
    })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (code === 0) resolve()
      else reject(new Error(`${path.basename(client)} exited with ${code ?? signal}: ${stderr.trim()}`))
    })
    child.stdin.end(sql)
  })
}

/** Statements of a dump, honouring DELIMITER; each ends with ';' unless it was written under another delimiter. */
function* dumpStatements(text: string): Generator<{ sql: string; alone: boolean }> {
  let delimiter = ';'
  let current: string[] = []
  for (const line of text.split('\n')) {
    const trimmed = line.trim()
    if (current.length === 0) {
      if (trimmed === '' || trimmed.startsWith('-- ') || trimmed === '--') continue
      const command = /^DELIMITER\s+(\S+)/i.exec(trimmed)
      if (command?.[1] !== undefined) {
        delimiter = command[1]
        continue
      }
    }
    current.push(line)
    if (trimmed.endsWith(delimiter)) {
      let sql = current.join('\n')
      current = []
      if (delimiter !== ';') {
        sql = sql.slice(0, sql.lastIndexOf(delimiter))
        yield { sql, alone: true }
      } else {
        yield { sql, alone: false }
      }
    }
  }
  if (current.join('').trim() !== '') yield { sql: current.join('\n'), alone: true }
}

const BATCH_BYTES = 1_000_000

async function loadWithMysql2(database: string, sql: Buffer): Promise<void> {
  // mysql2 takes text; invalid UTF-8 in the dump cannot survive this path (the CLI path is byte-exact)
  const text = sql.toString('utf8')
  const connection = await openConnection(database, { multipleStatements: true })
  try {
    let batch: string[] = []
    let batchLength = 0
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return
      const query = batch.join('\n')
      batch = []
      batchLength = 0
      await connection.query(query)
    }
    for (const statement of dumpStatements(text)) {
      if (statement.alone) {
        await flush()
        await connection.query(statement.sql)
        continue
      }
      batch.push(statement.sql)
      batchLength += statement.sql.length
      if (batchLength >= BATCH_BYTES) await flush()
    }
    await flush()
  } finally {
    await connection.end()
  }
}
