/** A column as the live server describes it (information_schema.COLUMNS). */
export interface ColumnSchema {
  readonly name: string
  /** Full type as the server prints it, e.g. `decimal(12,4)`, `int(10) unsigned`, `varchar(255)`. */
  readonly columnType: string
  readonly dataType: string
  readonly nullable: boolean
  /** Raw COLUMN_DEFAULT text; null when there is none (or the default is NULL). */
  readonly defaultValue: string | null
  readonly hasDefault: boolean
  readonly autoIncrement: boolean
  /** ON UPDATE CURRENT_TIMESTAMP: an UPDATE that does not set it sets it to now. */
  readonly onUpdateNow?: boolean
  /** STORED/VIRTUAL generated columns are never written. */
  readonly generated: boolean
  readonly characterSet: string | null
  readonly collation: string | null
}

export interface ForeignKeySchema {
  readonly name: string
  readonly columns: readonly string[]
  readonly referencedTable: string
  readonly referencedColumns: readonly string[]
  readonly onDelete: string
}

export interface TableSchema {
  readonly name: string
  readonly columns: readonly ColumnSchema[]
  readonly primaryKey: readonly string[]
  /** Unique keys other than the primary key, each as its ordered columns. */
  readonly uniqueKeys: readonly (readonly string[])[]
  readonly foreignKeys: readonly ForeignKeySchema[]
  readonly comment: string
}

export function columnOf(table: TableSchema, name: string): ColumnSchema | undefined {
  return table.columns.find((column) => column.name.toLowerCase() === name.toLowerCase())
}
