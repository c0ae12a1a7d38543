import { createHash } from 'node:crypto'
import type { DatabaseClient } from '../db/database-client.js'
import { runDdl } from '../db/ddl-runner.js'
import { quoteIdentifier as q } from '../db/identifier.js'
import { shortenName } from '../db/shorten-name.js'
import { tableExists } from '../db/table-exists.js'
import { keyIdentity, type KeyValues } from './row-key.js'

/** A change that could not be applied, kept with its reason until the row changes again. */
export interface SetAsideChange {
  readonly table: string
  /** The key's identity (`keyIdentity`), as verify and the run match it. */
  readonly key: string
  /** The key for people (`entity_id=5`); the identity where an older run did not record it. */
  readonly label: string
  readonly version: string
  readonly reason: string
  readonly failedAt: string
}

export function failureTableName(sourcePrefix: string): string {
  return shortenName(`${sourcePrefix}m2_mig_failure`)
}

/**
 * Set-aside rows live next to the deltalogs in Magento 1, so `delta status` shows them and
 * teardown removes them (comment `mig:state`). The deltalog row itself stays: a later change
 * bumps its version and the row is tried again; `--reset` forgets every failure.
 */
export class FailureStore {
  private readonly known = new Map<string, string>()
  /** Tables with any set-aside key: the check per copied row is skipped for the others (most of them). */
  private readonly tables = new Set<string>()

  constructor(
    private readonly source: DatabaseClient,
    readonly tableName: string,
  ) {}

  static async open(source: DatabaseClient, sourcePrefix: string): Promise<FailureStore> {
    const store = new FailureStore(source, failureTableName(sourcePrefix))
    await runDdl(source, [
      `CREATE TABLE IF NOT EXISTS ${q(store.tableName)} (
         \`table_name\` VARCHAR(64) NOT NULL, \`key_hash\` BINARY(20) NOT NULL, \`row_key\` TEXT NOT NULL,
         \`version\` BIGINT UNSIGNED NOT NULL, \`reason\` TEXT NOT NULL, \`failed_at\` TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
         PRIMARY KEY (\`table_name\`, \`key_hash\`)
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='mig:state set-aside changes'`,
    ])
    // Tables made by an earlier version lack the label: added in place, their rows show the identity.
    const labelled = await source.query(
      `SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = 'row_label'`,
      [source.databaseName, store.tableName],
    )
    if (labelled.length === 0)
      await runDdl(source, [`ALTER TABLE ${q(store.tableName)} ADD COLUMN \`row_label\` TEXT NULL AFTER \`row_key\``])
    for (const row of await source.query<{ table_name: string; row_key: string; version: string }>(
      `SELECT table_name, row_key, version FROM ${q(store.tableName)}`,
    )) {
      store.known.set(`${row.table_name} ${row.row_key}`, String(row.version))
      store.tables.add(row.table_name)
    }
    return store
  }

  /** True when this exact version already failed: it is not tried again until it changes. */
  isSetAside(table: string, key: KeyValues, version: string): boolean {
    return this.tables.has(table) && this.known.get(`${table} ${keyIdentity(key)}`) === version
  }

  /** `label`: the key for people (`entity_id=5`). */
  async record(table: string, key: KeyValues, version: string, reason: string, label: string): Promise<void> {
    const identity = keyIdentity(key)
    this.known.set(`${table} ${identity}`, version)
    this.tables.add(table)
    await this.source.execute(
      `INSERT INTO ${q(this.tableName)} (table_name, key_hash, row_key, row_label, version, reason) VALUES (?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE version = VALUES(version), row_label = VALUES(row_label), reason = VALUES(reason), failed_at = NOW(6)`,
      [table, keyHash(identity), identity, label, version, reason.slice(0, 4000)],
    )
  }

  /** A key that has now been applied is no longer set aside. */
  async clear(table: string, keys: readonly KeyValues[]): Promise<void> {
    const identities = keys.map((key) => keyIdentity(key)).filter((identity) => this.known.has(`${table} ${identity}`))
    if (identities.length === 0) return
    for (const identity of identities) this.known.delete(`${table} ${identity}`)
    await this.source.execute(
      `DELETE FROM ${q(this.tableName)} WHERE table_name = ? AND key_hash IN (${identities.map(() => '?').join(', ')})`,
      [table, ...identities.map(keyHash)],
    )
  }

  async clearAll(): Promise<void> {
    this.known.clear()
    this.tables.clear()
    await this.source.execute(`DELETE FROM ${q(this.tableName)}`)
  }

  async list(): Promise<SetAsideChange[]> {
    return readSetAside(this.source, this.tableName)
  }
}

export async function readSetAside(source: DatabaseClient, tableName: string): Promise<SetAsideChange[]> {
  if (!(await tableExists(source, tableName))) return []
  const labelled = await source.query(
    `SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = 'row_label'`,
    [source.databaseName, tableName],
  )
  const label = labelled.length > 0 ? 'row_label' : 'NULL'
  const rows = await source.query<{
    table_name: string
    row_key: string
    row_label: string | null
    version: string
    reason: string
    failed_at: string
  }>(
    `SELECT table_name, row_key, ${label} AS row_label, version, reason, failed_at FROM ${q(tableName)} ORDER BY failed_at`,
  )
  return rows.map((row) => ({
    table: row.table_name,
    key: row.row_key,
    label: row.row_label ?? row.row_key,
    version: String(row.version),
    reason: row.reason,
    failedAt: row.failed_at,
  }))
}

/** Keys can be long (VARCHAR parts); the primary key holds their SHA-1 instead. */
function keyHash(identity: string): Buffer {
  return createHash('sha1').update(identity).digest()
}
