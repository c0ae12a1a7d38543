import { UsageError, quoteIdentifier, type ColumnSchema, type SqlValue, type TableSchema } from '@mig/core'
import { GRID_DEFINITIONS, type GridExpression, type GridKind, type TableAlias } from './grid-definitions.js'

/** The live Magento 2 schema the grid statements are built against. */
export interface GridOptions {
  /** dest_prefix: prepended to every Magento 2 table name. */
  readonly destPrefix: string
  /** Keyed by physical table name (readDatabaseSchema of the destination). */
  readonly schema: ReadonlyMap<string, TableSchema>
}

export interface SqlStatement {
  readonly sql: string
  readonly params: readonly SqlValue[]
}

/** One grid resolved against the live schema: what `INSERT … SELECT` writes and from where. */
export interface GridPlan {
  readonly kind: GridKind
  /** Physical names. */
  readonly gridTable: string
  readonly mainTable: string
  /** Grid columns written, in grid table order. */
  readonly columns: readonly string[]
  /** SELECT expressions, parallel to `columns`. */
  readonly expressions: readonly string[]
  /** `FROM … LEFT JOIN …` */
  readonly from: string
  /** Whether the grid has an order_id column (invoice, shipment and credit memo grids). */
  readonly hasOrderId: boolean
}

const STRING_TYPES = new Set(['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'enum', 'set'])
const NUMERIC_TYPES = new Set([
  'tinyint',
  'smallint',
  'mediumint',
  'int',
  'integer',
  'bigint',
  'decimal',
  'numeric',
  'float',
  'double',
  'bit',
  'year',
])
const TEMPORAL_TYPES = new Set(['date', 'datetime', 'timestamp', 'time'])

interface Rendered {
  readonly sql: string
  /** Whether the expression can be NULL (a nullable column, or any column of a LEFT JOINed table). */
  readonly nullable: boolean
  /** Longest text the expression yields, in characters; undefined when unbounded or unknown. */
  readonly maxLength: number | undefined
}

/**
 * Resolves a grid against the live schema, or returns undefined when the grid table or its main
 * table does not exist (a store without that grid has nothing to rebuild).
 *
 * Columns Magento defines are filled as Magento 2.4 does; a grid column mig does not know (an
 * extension's) is filled from the same-named column of the main table when there is one, and
 * otherwise left alone (its default on insert, untouched on update). Text is cut to the grid
 * column's length and NOT NULL columns never receive NULL, so a long or missing value cannot make
 * the statement fail in strict mode.
 */
export function planGrid(kind: GridKind, options: GridOptions): GridPlan | undefined {
  const definition = GRID_DEFINITIONS[kind]
  const physical = (name: string): string => options.destPrefix + name
  const grid = options.schema.get(physical(definition.gridTable))
  const main = options.schema.get(physical(definition.mainTable))
  if (grid === undefined || main === undefined) return undefined
  if (findColumn(grid, 'entity_id') === undefined || findColumn(main, 'entity_id') === undefined) {
    throw new UsageError(
      `${grid.name} or ${main.name} has no entity_id column; mig rebuilds Magento 2 grids by entity_id and cannot rebuild this one`,
    )
  }
  const isOrderGrid = kind === 'order'
  // The column of the main table that holds the order id; without it only the main table is read.
  const mainOrderId = findColumn(main, isOrderGrid ? 'entity_id' : 'order_id')
  const tables: Partial<Record<TableAlias, TableSchema>> = { m: main }
  const order = isOrderGrid ? main : mainOrderId === undefined ? undefined : options.schema.get(physical('sales_order'))
  if (order !== undefined) tables.o = order
  const address = options.schema.get(physical('sales_order_address'))
  if (address !== undefined) {
    tables.ba = address
    tables.sa = address
  }
  const payment = mainOrderId === undefined ? undefined : options.schema.get(physical('sales_order_payment'))
  if (payment !== undefined && findColumn(payment, 'parent_id') !== undefined) tables.p = payment
  // The order grid reads sales_order through the main alias.
  const sqlAlias = (alias: TableAlias): TableAlias => (isOrderGrid && alias === 'o' ? 'm' : alias)

  const used = new Set<TableAlias>()
  const ref = (alias: TableAlias, column: string): Rendered | undefined => {
    const table = tables[alias]
    const found = table === undefined ? undefined : findColumn(table, column)
    if (found === undefined) return undefined
    const real = sqlAlias(alias)
    used.add(real)
    return {
      sql: `${real}.${quoteIdentifier(found.name)}`,
      nullable: real !== 'm' || found.nullable,
      maxLength: textLength(found),
    }
  }
  const render = (expression: GridExpression): Rendered | undefined => {
    if (expression.kind === 'column') return ref(expression.alias, expression.column)
    const parts = expression.parts
      .map((part) => ref(part.alias, part.column))
      .filter((part): part is Rendered => part !== undefined)
      .map((part) => `IF(${part.sql} <> '', ${part.sql}, NULL)`)
    if (parts.length === 0) return undefined
    // CONCAT_WS skips NULLs and never returns NULL itself.
    return {
      sql: `TRIM(CONCAT_WS(${sqlString(expression.separator)}, ${parts.join(', ')}))`,
      nullable: false,
      maxLength: undefined,
    }
  }

  const columns: string[] = []
  const expressions: string[] = []
  for (const column of grid.columns) {
    if (column.generated) continue
    const name = column.name.toLowerCase()
    const known = Object.hasOwn(definition.columns, name) ? definition.columns[name] : undefined
    let rendered: Rendered | undefined
    if (known !== undefined) {
      rendered = render(known)
    } else {
      const same = findColumn(main, column.name)
      if (same !== undefined && !same.generated) rendered = ref('m', same.name)
    }
    if (rendered === undefined) continue
    columns.push(column.name)
    expressions.push(fitColumn(rendered, column))
  }

  const q = quoteIdentifier
  const joins: string[] = []
  const orderIdOfMain = mainOrderId === undefined ? undefined : `m.${q(mainOrderId.name)}`
  const needsOrder = !isOrderGrid && (used.has('o') || ((used.has('ba') || used.has('sa')) && order !== undefined))
  if (needsOrder && order !== undefined && orderIdOfMain !== undefined)
    joins.push(`LEFT JOIN ${q(order.name)} o ON o.${q('entity_id')} = ${orderIdOfMain}`)
  for (const [alias, type] of [
    ['ba', 'billing'],
    ['sa', 'shipping'],
  ] as const) {
    if (!used.has(alias) || address === undefined) continue
    joins.push(
      `LEFT JOIN ${q(address.name)} ${alias} ON ${alias}.${q('entity_id')} = ${addressIdExpression(type, main, needsOrder ? order : undefined, address, orderIdOfMain, isOrderGrid)}`,
    )
  }
  if (used.has('p') && payment !== undefined && orderIdOfMain !== undefined)
    joins.push(`LEFT JOIN ${q(payment.name)} p ON p.${q('parent_id')} = ${orderIdOfMain}`)

  return {
    kind,
    gridTable: grid.name,
    mainTable: main.name,
    columns,
    expressions,
    from: [`FROM ${q(main.name)} m`, ...joins].join(' '),
    hasOrderId: !isOrderGrid && findColumn(grid, 'order_id') !== undefined && mainOrderId !== undefined,
  }
}

/**
 * The address row a grid shows. Magento 2 joins `<main>.billing_address_id` (resp. shipping);
 * when that is NULL (Magento 1 leaves billing_address_id of shipments empty, and old data may lack
 * either) the order's address id is used, and then the order's address of that type.
 */
function addressIdExpression(
  type: 'billing' | 'shipping',
  main: TableSchema,
  order: TableSchema | undefined,
  address: TableSchema,
  orderIdOfMain: string | undefined,
  isOrderGrid: boolean,
): string {
  const q = quoteIdentifier
  const idColumn = `${type}_address_id`
  const candidates: string[] = []
  const own = findColumn(main, idColumn)
  if (own !== undefined) candidates.push(`m.${q(own.name)}`)
  if (!isOrderGrid && order !== undefined) {
    const fromOrder = findColumn(order, idColumn)
    if (fromOrder !== undefined) candidates.push(`o.${q(fromOrder.name)}`)
  }
  const parent = findColumn(address, 'parent_id')
  const addressType = findColumn(address, 'address_type')
  if (parent !== undefined && addressType !== undefined && orderIdOfMain !== undefined) {
    candidates.push(
      `(SELECT MIN(x.${q('entity_id')}) FROM ${q(address.name)} x WHERE x.${q(parent.name)} = ${orderIdOfMain} AND x.${q(addressType.name)} = ${sqlString(type)})`,
    )
  }
  if (candidates.length === 0) return 'NULL'
  return candidates.length === 1 ? (candidates[0] as string) : `COALESCE(${candidates.join(', ')})`
}

/** Cuts text to the column's length and keeps NULL out of NOT NULL columns. */
function fitColumn(rendered: Rendered, column: ColumnSchema): string {
  let sql = rendered.sql
  const length = STRING_TYPES.has(column.dataType) ? declaredLength(column) : undefined
  if (length !== undefined && (rendered.maxLength === undefined || rendered.maxLength > length))
    sql = `LEFT(${sql}, ${length})`
  if (!column.nullable && rendered.nullable) {
    const fallback = STRING_TYPES.has(column.dataType)
      ? "''"
      : NUMERIC_TYPES.has(column.dataType)
        ? '0'
        : TEMPORAL_TYPES.has(column.dataType)
          ? 'CURRENT_TIMESTAMP'
          : undefined
    if (fallback !== undefined) sql = `COALESCE(${sql}, ${fallback})`
  }
  return sql
}

/** `INSERT INTO grid (…) SELECT … WHERE <key> IN (…) ON DUPLICATE KEY UPDATE …` for one chunk of ids. */
export function upsertStatement(plan: GridPlan, by: 'entity' | 'order', ids: readonly SqlValue[]): SqlStatement {
  const key =
    by === 'entity' || plan.kind === 'order' ? `m.${quoteIdentifier('entity_id')}` : `m.${quoteIdentifier('order_id')}`
  return { sql: upsertWhere(plan, `${key} IN (${placeholders(ids.length)})`), params: ids }
}

/** The same for every entity with `after` < entity_id ≤ `last`: a full rebuild walks the main table in ranges. */
export function upsertRangeStatement(plan: GridPlan, after: SqlValue, last: SqlValue): SqlStatement {
  const key = `m.${quoteIdentifier('entity_id')}`
  return { sql: upsertWhere(plan, `${key} > ? AND ${key} <= ?`), params: [after, last] }
}

function upsertWhere(plan: GridPlan, condition: string): string {
  const q = quoteIdentifier
  const updates = plan.columns
    .filter((column) => column.toLowerCase() !== 'entity_id')
    .map((column) => `${q(column)} = VALUES(${q(column)})`)
  if (updates.length === 0) updates.push(`${q('entity_id')} = ${q('entity_id')}`)
  return (
    `INSERT INTO ${q(plan.gridTable)} (${plan.columns.map(q).join(', ')}) ` +
    `SELECT ${plan.expressions.join(', ')} ${plan.from} ` +
    `WHERE ${condition} ` +
    `ON DUPLICATE KEY UPDATE ${updates.join(', ')}`
  )
}

/** Removes grid rows (by entity id, or by order id) whose main row no longer exists. */
export function deleteStatement(plan: GridPlan, by: 'entity' | 'order', ids: readonly SqlValue[]): SqlStatement {
  const q = quoteIdentifier
  const key = by === 'entity' || plan.kind === 'order' ? 'entity_id' : 'order_id'
  const sql =
    `DELETE FROM ${q(plan.gridTable)} WHERE ${q(key)} IN (${placeholders(ids.length)}) ` +
    `AND NOT EXISTS (SELECT 1 FROM ${q(plan.mainTable)} m WHERE m.${q('entity_id')} = ${q(plan.gridTable)}.${q('entity_id')})`
  return { sql, params: ids }
}

/** CHAR/VARCHAR(n) → n. */
function declaredLength(column: ColumnSchema): number | undefined {
  const length = /^(?:var)?char\((\d+)\)/i.exec(column.columnType)?.[1]
  return length === undefined ? undefined : Number(length)
}

/** How many characters a column's values can have as text; undefined for TEXT/BLOB and the unknown. */
function textLength(column: ColumnSchema): number | undefined {
  if (NUMERIC_TYPES.has(column.dataType)) return 40
  if (TEMPORAL_TYPES.has(column.dataType)) return 26
  return declaredLength(column)
}

function placeholders(count: number): string {
  return new Array<string>(count).fill('?').join(', ')
}

function findColumn(table: TableSchema, name: string): ColumnSchema | undefined {
  const lower = name.toLowerCase()
  return table.columns.find((column) => column.name.toLowerCase() === lower)
}

function sqlString(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`
}
