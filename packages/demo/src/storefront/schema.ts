import { defined, q, rows, exec, idOf } from './sql.js'
import type { Conn, Db, Id, Row, SqlValue } from './types.js'

export interface ColumnInfo {
  name: string
  dataType: string
  nullable: boolean
  charset: string | null
}

export interface ForeignKey {
  table: string
  column: string
  refTable: string
  refColumn: string
  onDelete: string
}

/**
 * The live Magento 1 schema, read once from information_schema. Table names given to it are
 * unprefixed (`sales_flat_order`); it adds the prefix and quotes. Writes keep only the columns
 * the live table has, and remember what was dropped (schema drift to report).
 */
export class Schema {
  /** table (unprefixed) → columns the writer wanted but the live table lacks. */
  readonly missing = new Map<string, Set<string>>()

  private constructor(
    readonly prefix: string,
    private readonly tables: Map<string, Map<string, ColumnInfo>>,
    readonly foreignKeys: readonly ForeignKey[],
  ) {}

  static async load(db: Conn | Db, prefix: string): Promise<Schema> {
    const cols = await rows(
      db,
      `SELECT TABLE_NAME AS tn, COLUMN_NAME AS cn, DATA_TYPE AS dt, IS_NULLABLE AS nl, CHARACTER_SET_NAME AS cs
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    )
    const tables = new Map<string, Map<string, ColumnInfo>>()
    for (const c of cols) {
      const full = String(c.tn)
      if (!full.startsWith(prefix)) continue
      const name = full.slice(prefix.length)
      let t = tables.get(name)
      if (!t) tables.set(name, (t = new Map()))
      t.set(String(c.cn), {
        name: String(c.cn),
        dataType: String(c.dt).toLowerCase(),
        nullable: c.nl === 'YES',
        charset: c.cs === null || c.cs === undefined ? null : String(c.cs).toLowerCase(),
      })
    }
    const fkRows = await rows(
      db,
      `SELECT k.TABLE_NAME AS tn, k.COLUMN_NAME AS cn, k.REFERENCED_TABLE_NAME AS rt, k.REFERENCED_COLUMN_NAME AS rc, r.DELETE_RULE AS dr
         FROM information_schema.REFERENTIAL_CONSTRAINTS r
         JOIN information_schema.KEY_COLUMN_USAGE k
           ON k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME AND k.TABLE_NAME = r.TABLE_NAME
        WHERE r.CONSTRAINT_SCHEMA = DATABASE()`,
    )
    const strip = (t: string): string | null => (t.startsWith(prefix) ? t.slice(prefix.length) : null)
    const fks: ForeignKey[] = []
    for (const f of fkRows) {
      const table = strip(String(f.tn))
      const refTable = strip(String(f.rt))
      if (table === null || refTable === null) continue
      fks.push({ table, column: String(f.cn), refTable, refColumn: String(f.rc), onDelete: String(f.dr) })
    }
    return new Schema(prefix, tables, fks)
  }

  has(table: string): boolean {
    return this.tables.has(table)
  }

  hasColumn(table: string, column: string): boolean {
    return this.tables.get(table)?.has(column) ?? false
  }

  columns(table: string): string[] {
    return [...(this.tables.get(table)?.keys() ?? [])]
  }

  /** Prefixed, backtick-quoted table name. */
  t(table: string): string {
    return q(this.prefix + table)
  }

  /** The column's character set (lower case), null for non-text columns or unknown ones. */
  charsetOf(table: string, column: string): string | null {
    return this.tables.get(table)?.get(column)?.charset ?? null
  }

  /** Does the column store 4-byte UTF-8 (emoji)? utf8mb3 columns turn them into '?' under sql_mode ''. */
  fourByteSafe(table: string, column: string): boolean {
    const cs = this.tables.get(table)?.get(column)?.charset
    return cs === null || cs === undefined || cs === 'utf8mb4' || cs === 'binary'
  }

  /** Does deleting a `parent` row cascade to `child` through `column`? */
  cascades(child: string, column: string, parent: string): boolean {
    return this.foreignKeys.some(
      (f) => f.table === child && f.column === column && f.refTable === parent && f.onDelete === 'CASCADE',
    )
  }

  /** Keep the columns the live table has; remember the others. */
  fit(table: string, row: Row): Record<string, SqlValue> {
    const cols = this.tables.get(table)
    if (!cols) throw new Error(`table ${this.prefix}${table} does not exist`)
    const out: Record<string, SqlValue> = {}
    for (const [k, v] of Object.entries(defined(row))) {
      if (cols.has(k)) out[k] = v
      else {
        let m = this.missing.get(table)
        if (!m) this.missing.set(table, (m = new Set()))
        m.add(k)
      }
    }
    return out
  }

  async insert(conn: Conn, table: string, row: Row): Promise<Id> {
    const r = this.fit(table, row)
    const cols = Object.keys(r)
    const sql = `INSERT INTO ${this.t(table)} (${cols.map(q).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`
    const res = await exec(conn, sql, Object.values(r))
    return idOf(res.insertId) ?? '0'
  }

  /** UPDATE … SET (live columns of `set`) WHERE `where`; returns affected rows. */
  async update(conn: Conn, table: string, set: Row, where: string, params: readonly SqlValue[]): Promise<number> {
    const r = this.fit(table, set)
    const cols = Object.keys(r)
    if (cols.length === 0) return 0
    const assignments = cols.map((c) => `${q(c)} = ?`)
    // Magento 1.7's quote tables declare created_at ON UPDATE CURRENT_TIMESTAMP; Magento writes
    // created_at back unchanged on every save, which keeps it: do the same.
    if (this.hasColumn(table, 'created_at') && !('created_at' in r)) assignments.push('`created_at` = `created_at`')
    const sql = `UPDATE ${this.t(table)} SET ${assignments.join(', ')} WHERE ${where}`
    const res = await exec(conn, sql, [...Object.values(r), ...params])
    return res.affectedRows
  }
}
