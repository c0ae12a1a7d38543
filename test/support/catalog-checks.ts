import type { Connection } from 'mysql2/promise'

/**
 * Independent check of the catalog migration (products, categories, their EAV values, links, options,
 * bundles, configurables, tier and group prices, media gallery, stock, reviews and ratings): the
 * expected Magento 2 rows are computed here from Magento 1's rows, as the mapping rules state them,
 * without any of the plugin's code. Every common column is compared as bytes (text, binary) or as
 * the server's text (numbers, dates); decimals as exact decimal strings without trailing zeros, since
 * Magento 2 widens several decimal(12,4) columns to decimal(20,6).
 */
export interface CatalogCheckOptions {
  readonly m1db: Connection
  readonly m2db: Connection
  readonly prefix: string
  readonly destPrefix: string
}

/** Rows of one table on both sides (null: the table does not exist there). */
export interface TableFigure {
  readonly table: string
  readonly magento1: number | null
  readonly magento2: number | null
}

export interface CatalogComparison {
  /** Human-readable differences, at most a few per table and kind with a count of the rest; empty = Magento 2 matches Magento 1. */
  readonly differences: string[]
  readonly figures: TableFigure[]
}

/** A table compared row for row: same keys, same common columns; Magento 2-only columns with a fixed expected value. */
interface RowTable {
  readonly table: string
  readonly keys: readonly string[]
  readonly destinationConstants?: Readonly<Record<string, string>>
  /** Only the Magento 1 rows that become Magento 2 rows: a condition on the source table, aliased `t`, given its physical name. */
  readonly sourceCondition?: (physicalTable: string) => string
}

/** Tables whose Magento 2 rows are Magento 1's rows (common columns only: entity_type_id is gone, surrogate keys are ignored). */
export const ROW_FOR_ROW_TABLES: readonly RowTable[] = [
  { table: 'catalog_category_entity', keys: ['entity_id'] },
  { table: 'catalog_product_entity', keys: ['entity_id'] },
  { table: 'catalog_category_product', keys: ['category_id', 'product_id'] },
  { table: 'catalog_product_website', keys: ['product_id', 'website_id'] },
  { table: 'catalog_product_relation', keys: ['parent_id', 'child_id'] },
  { table: 'catalog_product_link', keys: ['link_id'] },
  { table: 'catalog_product_link_attribute_int', keys: ['value_id'] },
  { table: 'catalog_product_link_attribute_decimal', keys: ['value_id'] },
  { table: 'catalog_product_link_attribute_varchar', keys: ['value_id'] },
  { table: 'catalog_product_option', keys: ['option_id'] },
  { table: 'catalog_product_option_price', keys: ['option_price_id'] },
  { table: 'catalog_product_option_title', keys: ['option_title_id'] },
  { table: 'catalog_product_option_type_value', keys: ['option_type_id'] },
  { table: 'catalog_product_option_type_price', keys: ['option_type_price_id'] },
  { table: 'catalog_product_option_type_title', keys: ['option_type_title_id'] },
  { table: 'catalog_product_super_attribute', keys: ['product_super_attribute_id'] },
  { table: 'catalog_product_super_attribute_label', keys: ['value_id'] },
  { table: 'catalog_product_super_link', keys: ['link_id'] },
  { table: 'catalog_product_bundle_option', keys: ['option_id'] },
  { table: 'catalog_product_bundle_selection', keys: ['selection_id'] },
  { table: 'rating', keys: ['rating_id'] },
  { table: 'rating_option', keys: ['option_id'] },
  { table: 'rating_store', keys: ['rating_id', 'store_id'] },
  { table: 'rating_title', keys: ['rating_id', 'store_id'] },
  { table: 'downloadable_link', keys: ['link_id'] },
  { table: 'downloadable_link_price', keys: ['price_id'] },
  { table: 'downloadable_link_title', keys: ['title_id'] },
  { table: 'downloadable_sample', keys: ['sample_id'] },
  { table: 'downloadable_sample_title', keys: ['title_id'] },
  // Download rights of customers who ordered them (applied by the sales plugin).
  { table: 'downloadable_link_purchased', keys: ['purchased_id'] },
  { table: 'downloadable_link_purchased_item', keys: ['item_id'] },
  { table: 'cataloginventory_stock_item', keys: ['item_id'], destinationConstants: { website_id: '0' } },
  { table: 'review', keys: ['review_id'] },
  { table: 'review_detail', keys: ['detail_id'] },
  { table: 'review_store', keys: ['review_id', 'store_id'] },
  // Magento 1 aggregates a product's reviews with SELECT-then-INSERT, so two storefront requests can
  // leave two summaries for one product and store; Magento 2 has a unique key there. The first copied
  // (lowest primary_id) is the Magento 2 row, the other is set aside with its reason.
  {
    table: 'review_entity_summary',
    keys: ['primary_id'],
    sourceCondition: (physicalTable) =>
      `NOT EXISTS (SELECT 1 FROM ${physicalTable} d WHERE d.entity_pk_value = t.entity_pk_value AND d.store_id = t.store_id AND d.entity_type = t.entity_type AND d.primary_id < t.primary_id)`,
  },
  { table: 'rating_option_vote', keys: ['vote_id'] },
  { table: 'rating_option_vote_aggregated', keys: ['primary_id'] },
]

const EAV_TYPES = ['datetime', 'decimal', 'int', 'text', 'varchar'] as const
const EAV_ENTITIES = [
  { entityType: 'catalog_product', table: 'catalog_product_entity' },
  { entityType: 'catalog_category', table: 'catalog_category_entity' },
] as const

/** Every Magento 1 table whose rows the checks cover (for figures and history counts). */
export const CATALOG_SOURCE_TABLES: readonly string[] = [
  ...ROW_FOR_ROW_TABLES.map((spec) => spec.table),
  ...EAV_ENTITIES.flatMap((entity) => EAV_TYPES.map((type) => `${entity.table}_${type}`)),
  'catalog_product_entity_tier_price',
  'catalog_product_entity_group_price',
  'catalog_product_entity_media_gallery',
  'catalog_product_entity_media_gallery_value',
  'catalog_product_bundle_option_value',
]

type Value = string | null
type Row = Record<string, Value>
/** How a column is read and compared: bytes (HEX of text/binary), decimal (normalised), plain (the server's text). */
type Kind = 'bytes' | 'decimal' | 'plain'
type Kinds = ReadonlyMap<string, Kind>

interface Side {
  readonly db: Connection
  readonly prefix: string
}

interface Keyed {
  readonly rows: Map<string, Row>
  /** Keys that appear more than once. */
  readonly duplicates: string[]
}

type DifferenceKind = 'missing in Magento 2' | 'extra in Magento 2' | 'different' | 'duplicated in Magento 2' | 'table'

interface Difference {
  readonly table: string
  readonly kind: DifferenceKind
  readonly text: string
}

const STRING_TYPES = new Set([
  'char',
  'varchar',
  'tinytext',
  'text',
  'mediumtext',
  'longtext',
  'binary',
  'varbinary',
  'tinyblob',
  'blob',
  'mediumblob',
  'longblob',
  'enum',
  'set',
  'json',
])
const EXAMPLES_PER_KIND = 8

const quote = (name: string): string => `\`${name.replaceAll('`', '``')}\``
const physical = (side: Side, table: string): string => quote(`${side.prefix}${table}`)

async function select(db: Connection, sql: string, params: readonly (string | number)[] = []): Promise<Row[]> {
  const [rows] = await db.query(sql, [...params])
  return (rows as Record<string, unknown>[]).map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([column, value]) => [
        column,
        value === null || value === undefined
          ? null
          : Buffer.isBuffer(value)
            ? value.toString('hex').toUpperCase()
            : String(value),
      ]),
    ),
  )
}

/** Exact decimal text without trailing zeros ('12.5000' and '12.500000' → '12.5', '-0.00' → '0'). */
export function normalizeDecimal(text: string): string {
  const match = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(text)
  if (!match) return text
  const integer = (match[2] ?? '').replace(/^0+(?=\d)/, '') || '0'
  const fraction = (match[3] ?? '').replace(/0+$/, '')
  const body = fraction === '' ? integer : `${integer}.${fraction}`
  return body === '0' || match[1] !== '-' ? body : `-${body}`
}

function scaledDecimal(text: string, digits: number): bigint {
  const normal = normalizeDecimal(text)
  const negative = normal.startsWith('-')
  const [integer = '0', fraction = ''] = normal.replace(/^-/, '').split('.')
  const value = BigInt(`${integer}${fraction.padEnd(digits, '0')}`)
  return negative ? -value : value
}

/** The lower of two decimal texts, compared exactly (no floating point). */
export function lowerDecimal(a: string, b: string): string {
  const digits = Math.max(
    normalizeDecimal(a).split('.')[1]?.length ?? 0,
    normalizeDecimal(b).split('.')[1]?.length ?? 0,
  )
  return scaledDecimal(a, digits) <= scaledDecimal(b, digits) ? normalizeDecimal(a) : normalizeDecimal(b)
}

async function tableExists(side: Side, table: string): Promise<boolean> {
  const rows = await select(
    side.db,
    'SELECT 1 AS present FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?',
    [`${side.prefix}${table}`],
  )
  return rows.length > 0
}

/** Column name → data type, in table order (empty when the table does not exist). */
async function columnTypes(side: Side, table: string): Promise<Map<string, string>> {
  const rows = await select(
    side.db,
    'SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position',
    [`${side.prefix}${table}`],
  )
  return new Map(rows.map((row) => [String(row['name']), String(row['type']).toLowerCase()]))
}

function kindOf(types: readonly (string | undefined)[]): Kind {
  if (types.some((type) => type === 'decimal')) return 'decimal'
  if (types.every((type) => type !== undefined && STRING_TYPES.has(type))) return 'bytes'
  return 'plain'
}

/** The SQL that reads a column for comparison: text and binary as HEX (bytes), everything else as the server's text. */
function readExpression(column: string, kind: Kind, alias = column): string {
  return kind === 'bytes' ? `HEX(${column}) AS ${quote(alias)}` : `CAST(${column} AS CHAR) AS ${quote(alias)}`
}

function normalize(value: Value, kind: Kind): Value {
  if (value === null) return null
  return kind === 'decimal' ? normalizeDecimal(value) : value
}

function display(value: Value | undefined, kind: Kind): string {
  if (value === undefined) return '<absent>'
  if (value === null) return 'NULL'
  const text = kind === 'bytes' ? Buffer.from(value, 'hex').toString('utf8') : value
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)
}

const describeKey = (row: Row, keys: readonly string[], kinds: Kinds): string =>
  keys
    .map((key) => `${key}=${display(row[key] ?? null, kinds.get(key) ?? 'plain').replace(/^"(.*)"$/, '$1')}`)
    .join(', ')

/** Rows by key (normalised per kind), with the keys that occur twice. */
async function readKeyed(
  side: Side,
  sql: string,
  keys: readonly string[],
  kinds: Kinds,
  params: readonly (string | number)[] = [],
): Promise<Keyed> {
  const rows = new Map<string, Row>()
  const duplicates: string[] = []
  for (const raw of await select(side.db, sql, params)) {
    const row: Row = Object.fromEntries(
      Object.entries(raw).map(([column, value]) => [column, normalize(value, kinds.get(column) ?? 'plain')]),
    )
    const key = describeKey(row, keys, kinds)
    if (rows.has(key)) duplicates.push(key)
    rows.set(key, row)
  }
  return { rows, duplicates }
}

/** Missing, extra, duplicated and different rows: `compared` columns of `want` (expected Magento 2 rows) against `got`. */
function diffKeyed(table: string, want: Keyed, got: Keyed, compared: readonly string[], kinds: Kinds): Difference[] {
  const differences: Difference[] = []
  for (const key of got.duplicates)
    differences.push({ table, kind: 'duplicated in Magento 2', text: `${table} ${key}: more than one Magento 2 row` })
  for (const [key, expected] of want.rows) {
    const actual = got.rows.get(key)
    if (!actual) {
      differences.push({ table, kind: 'missing in Magento 2', text: `${table} ${key}: missing in Magento 2` })
      continue
    }
    for (const column of compared) {
      const kind = kinds.get(column) ?? 'plain'
      if (expected[column] !== actual[column]) {
        differences.push({
          table,
          kind: 'different',
          text: `${table} ${key}: ${column} Magento 1 ${display(expected[column], kind)} ≠ Magento 2 ${display(actual[column], kind)}`,
        })
      }
    }
  }
  for (const key of got.rows.keys())
    if (!want.rows.has(key))
      differences.push({
        table,
        kind: 'extra in Magento 2',
        text: `${table} ${key}: extra in Magento 2 (no Magento 1 row)`,
      })
  return differences
}

/** At most EXAMPLES_PER_KIND lines per table and kind, then how many more. */
function formatDifferences(differences: readonly Difference[]): string[] {
  const groups = new Map<string, Difference[]>()
  for (const difference of differences) {
    const group = `${difference.table}\u0000${difference.kind}`
    groups.set(group, [...(groups.get(group) ?? []), difference])
  }
  return [...groups.values()].flatMap((group) => {
    const lines = group.slice(0, EXAMPLES_PER_KIND).map((difference) => difference.text)
    const first = group[0]
    if (first && group.length > EXAMPLES_PER_KIND)
      lines.push(
        `${first.table}: … and ${group.length - EXAMPLES_PER_KIND} more rows ${first.kind} (${group.length} in all)`,
      )
    return lines
  })
}

async function countRows(side: Side, table: string): Promise<number | null> {
  if (!(await tableExists(side, table))) return null
  const rows = await select(side.db, `SELECT COUNT(*) AS n FROM ${physical(side, table)}`)
  return Number(rows[0]?.['n'] ?? 0)
}

/** Row counts of the given unprefixed tables (null: absent). */
export async function countTables(
  db: Connection,
  prefix: string,
  tables: readonly string[] = CATALOG_SOURCE_TABLES,
): Promise<Record<string, number | null>> {
  const side: Side = { db, prefix }
  const counts: Record<string, number | null> = {}
  for (const table of tables) counts[table] = await countRows(side, table)
  return counts
}

/** ok when both sides have the table; otherwise a difference when Magento 1 has rows Magento 2 has no table for (nothing to compare when Magento 1 lacks it). */
async function presence(
  source: Side,
  destination: Side,
  table: string,
  destinationTable = table,
): Promise<{ ok: boolean; differences: Difference[] }> {
  const [inSource, inDestination] = await Promise.all([
    countRows(source, table),
    countRows(destination, destinationTable),
  ])
  if (inSource !== null && inDestination !== null) return { ok: true, differences: [] }
  if (inSource !== null && inSource > 0)
    return {
      ok: false,
      differences: [
        {
          table,
          kind: 'table',
          text: `${table}: Magento 1 has ${inSource} rows but Magento 2 has no ${destinationTable} table`,
        },
      ],
    }
  return { ok: false, differences: [] }
}

/** Generic: the same rows under the same keys on both sides, every common column equal (plus Magento 2-only constants). */
async function compareRowTable(source: Side, destination: Side, spec: RowTable): Promise<Difference[]> {
  const present = await presence(source, destination, spec.table)
  if (!present.ok) return present.differences
  const [sourceTypes, destinationTypes] = await Promise.all([
    columnTypes(source, spec.table),
    columnTypes(destination, spec.table),
  ])
  const common = [...sourceTypes.keys()].filter((column) => destinationTypes.has(column))
  const missingKeys = spec.keys.filter((key) => !common.includes(key))
  if (missingKeys.length > 0)
    return [
      {
        table: spec.table,
        kind: 'table',
        text: `${spec.table}: key column(s) ${missingKeys.join(', ')} not on both sides`,
      },
    ]
  const constants = Object.entries(spec.destinationConstants ?? {})
  const kinds = new Map<string, Kind>(
    [...common, ...constants.map(([column]) => column)].map((column) => [
      column,
      kindOf([sourceTypes.get(column) ?? destinationTypes.get(column), destinationTypes.get(column)]),
    ]),
  )
  const columns = (list: readonly string[]): string =>
    list.map((column) => readExpression(quote(column), kinds.get(column) ?? 'plain', column)).join(', ')
  const from = physical(source, spec.table)
  const want = await readKeyed(
    source,
    `SELECT ${columns(common)} FROM ${from} t${spec.sourceCondition ? ` WHERE ${spec.sourceCondition(from)}` : ''}`,
    spec.keys,
    kinds,
  )
  for (const row of want.rows.values()) for (const [column, value] of constants) row[column] = value
  const destinationColumns = [
    ...common,
    ...constants.map(([column]) => column).filter((column) => destinationTypes.has(column)),
  ]
  const got = await readKeyed(
    destination,
    `SELECT ${columns(destinationColumns)} FROM ${physical(destination, spec.table)}`,
    spec.keys,
    kinds,
  )
  const compared = [...common, ...constants.map(([column]) => column)].filter((column) => !spec.keys.includes(column))
  return diffKeyed(spec.table, want, got, compared, kinds)
}

/** The attribute's code when it belongs to the entity type, else '#<attribute_id>' (so a wrong or unknown attribute never matches). */
const attributeCode = (side: Side, alias: string, entityTypeParam = '?'): string =>
  `(SELECT IF(t.entity_type_code = ${entityTypeParam}, a.attribute_code, NULL) FROM ${physical(side, 'eav_attribute')} a JOIN ${physical(side, 'eav_entity_type')} t ON t.entity_type_id = a.entity_type_id WHERE a.attribute_id = ${alias}.attribute_id)`

/** EAV values by (entity_id, attribute code of each side's eav_attribute, store_id): same value (bytes / exact decimal) and value_id. */
async function compareEavValues(
  source: Side,
  destination: Side,
  entityType: string,
  entityTable: string,
  type: string,
): Promise<Difference[]> {
  const table = `${entityTable}_${type}`
  const present = await presence(source, destination, table)
  if (!present.ok) return present.differences
  const [sourceTypes, destinationTypes] = await Promise.all([
    columnTypes(source, table),
    columnTypes(destination, table),
  ])
  const kinds: Kinds = new Map([['value', kindOf([sourceTypes.get('value'), destinationTypes.get('value')])]])
  const sql = (side: Side): string =>
    `SELECT CAST(v.entity_id AS CHAR) AS entity_id, COALESCE(${attributeCode(side, 'v')}, CONCAT('#', v.attribute_id)) AS attribute, CAST(v.store_id AS CHAR) AS store_id,
            CAST(v.value_id AS CHAR) AS value_id, ${readExpression('v.value', kinds.get('value') ?? 'plain', 'value')}
     FROM ${physical(side, table)} v`
  const keys = ['entity_id', 'attribute', 'store_id']
  const [want, got] = await Promise.all([
    readKeyed(source, sql(source), keys, kinds, [entityType]),
    readKeyed(destination, sql(destination), keys, kinds, [entityType]),
  ])
  return diffKeyed(table, want, got, ['value', 'value_id'], kinds)
}

const TIER_KEYS = ['entity_id', 'all_groups', 'customer_group_id', 'qty', 'website_id'] as const
const TIER_KINDS: Kinds = new Map<string, Kind>([
  ['qty', 'decimal'],
  ['value', 'decimal'],
])

/**
 * Tier prices: Magento 1's tier prices and its group prices (as qty 1 rows) under (entity_id, all_groups,
 * customer_group_id, qty, website_id); where both give a key, the lower value. percentage_value NULL;
 * value_id is Magento 2's own and not compared.
 */
async function compareTierPrices(source: Side, destination: Side): Promise<Difference[]> {
  const table = 'catalog_product_entity_tier_price'
  const present = await presence(source, destination, table)
  if (!present.ok) return present.differences
  const keyColumns =
    'CAST(entity_id AS CHAR) AS entity_id, CAST(all_groups AS CHAR) AS all_groups, CAST(customer_group_id AS CHAR) AS customer_group_id, CAST(website_id AS CHAR) AS website_id'
  const tiers = await select(
    source.db,
    `SELECT ${keyColumns}, CAST(qty AS CHAR) AS qty, CAST(value AS CHAR) AS value FROM ${physical(source, table)}`,
  )
  const groupTable = 'catalog_product_entity_group_price'
  const groups = (await tableExists(source, groupTable))
    ? await select(
        source.db,
        `SELECT ${keyColumns}, '1' AS qty, CAST(value AS CHAR) AS value FROM ${physical(source, groupTable)}`,
      )
    : []
  const want: Keyed = { rows: new Map(), duplicates: [] }
  for (const raw of [...tiers, ...groups]) {
    const row: Row = {
      ...raw,
      qty: normalize(raw['qty'] ?? null, 'decimal'),
      value: normalize(raw['value'] ?? null, 'decimal'),
      percentage_value: null,
    }
    const key = describeKey(row, TIER_KEYS, TIER_KINDS)
    const earlier = want.rows.get(key)?.['value']
    if (earlier !== undefined && earlier !== null && row['value'] !== null && row['value'] !== undefined)
      row['value'] = lowerDecimal(earlier, row['value'])
    want.rows.set(key, row)
  }
  const got = await readKeyed(
    destination,
    `SELECT ${keyColumns}, CAST(qty AS CHAR) AS qty, CAST(value AS CHAR) AS value, CAST(percentage_value AS CHAR) AS percentage_value FROM ${physical(destination, table)}`,
    TIER_KEYS,
    TIER_KINDS,
  )
  return diffKeyed(table, want, got, ['value', 'percentage_value'], TIER_KINDS)
}

const GALLERY_KINDS: Kinds = new Map<string, Kind>([
  ['value', 'bytes'],
  ['label', 'bytes'],
])

/**
 * Media gallery: each Magento 1 entry is a Magento 2 entry (value_id, attribute, value, media_type 'image',
 * disabled 0) linked to its product in _value_to_entity; each Magento 1 store value is one Magento 2 value
 * row with the entry's entity_id. No Magento 2 gallery row without a Magento 1 one.
 */
async function compareMediaGallery(source: Side, destination: Side): Promise<Difference[]> {
  const gallery = 'catalog_product_entity_media_gallery'
  const values = `${gallery}_value`
  const toEntity = `${gallery}_value_to_entity`
  const present = await presence(source, destination, gallery)
  if (!present.ok) return present.differences
  const code = (side: Side): string =>
    `COALESCE(${attributeCode(side, 'g', "'catalog_product'")}, CONCAT('#', g.attribute_id))`
  const sourceEntries = await readKeyed(
    source,
    `SELECT CAST(g.value_id AS CHAR) AS value_id, ${code(source)} AS attribute, HEX(g.value) AS value, 'image' AS media_type, '0' AS disabled, CAST(g.entity_id AS CHAR) AS entity_id FROM ${physical(source, gallery)} g`,
    ['value_id'],
    GALLERY_KINDS,
  )
  const entries = await readKeyed(
    destination,
    `SELECT CAST(g.value_id AS CHAR) AS value_id, ${code(destination)} AS attribute, HEX(g.value) AS value, CAST(g.media_type AS CHAR) AS media_type, CAST(g.disabled AS CHAR) AS disabled FROM ${physical(destination, gallery)} g`,
    ['value_id'],
    GALLERY_KINDS,
  )
  const differences = diffKeyed(
    gallery,
    sourceEntries,
    entries,
    ['attribute', 'value', 'media_type', 'disabled'],
    GALLERY_KINDS,
  )

  const links: Keyed = { rows: new Map(), duplicates: [] }
  for (const row of sourceEntries.rows.values()) {
    const link = { value_id: row['value_id'] ?? null, entity_id: row['entity_id'] ?? null }
    links.rows.set(describeKey(link, ['value_id', 'entity_id'], GALLERY_KINDS), link)
  }
  if (await tableExists(destination, toEntity)) {
    const linked = await readKeyed(
      destination,
      `SELECT CAST(value_id AS CHAR) AS value_id, CAST(entity_id AS CHAR) AS entity_id FROM ${physical(destination, toEntity)}`,
      ['value_id', 'entity_id'],
      GALLERY_KINDS,
    )
    differences.push(...diffKeyed(toEntity, links, linked, [], GALLERY_KINDS))
  } else if (links.rows.size > 0) {
    differences.push({
      table: toEntity,
      kind: 'table',
      text: `${toEntity}: Magento 2 has no such table for ${links.rows.size} Magento 1 gallery entries`,
    })
  }

  const valuesPresent = await presence(source, destination, values)
  if (!valuesPresent.ok) return [...differences, ...valuesPresent.differences]
  const keys = ['value_id', 'store_id']
  const storeValues = await readKeyed(
    source,
    `SELECT CAST(v.value_id AS CHAR) AS value_id, CAST(v.store_id AS CHAR) AS store_id, CAST(g.entity_id AS CHAR) AS entity_id, HEX(v.label) AS label, CAST(v.position AS CHAR) AS position, CAST(v.disabled AS CHAR) AS disabled
     FROM ${physical(source, values)} v LEFT JOIN ${physical(source, gallery)} g ON g.value_id = v.value_id`,
    keys,
    GALLERY_KINDS,
  )
  const storeRows = await readKeyed(
    destination,
    `SELECT CAST(value_id AS CHAR) AS value_id, CAST(store_id AS CHAR) AS store_id, CAST(entity_id AS CHAR) AS entity_id, HEX(label) AS label, CAST(position AS CHAR) AS position, CAST(disabled AS CHAR) AS disabled FROM ${physical(destination, values)}`,
    keys,
    GALLERY_KINDS,
  )
  differences.push(
    ...diffKeyed(values, storeValues, storeRows, ['entity_id', 'label', 'position', 'disabled'], GALLERY_KINDS),
  )
  return differences
}

/** Bundle option titles: same value_id, option_id, store_id, title, and Magento 2's parent_product_id = the option's parent_id in Magento 1. */
async function compareBundleOptionValues(source: Side, destination: Side): Promise<Difference[]> {
  const table = 'catalog_product_bundle_option_value'
  const present = await presence(source, destination, table)
  if (!present.ok) return present.differences
  const kinds: Kinds = new Map([['title', 'bytes']])
  const want = await readKeyed(
    source,
    `SELECT CAST(v.value_id AS CHAR) AS value_id, CAST(v.option_id AS CHAR) AS option_id, CAST(v.store_id AS CHAR) AS store_id, HEX(v.title) AS title, CAST(o.parent_id AS CHAR) AS parent_product_id
     FROM ${physical(source, table)} v LEFT JOIN ${physical(source, 'catalog_product_bundle_option')} o ON o.option_id = v.option_id`,
    ['value_id'],
    kinds,
  )
  const got = await readKeyed(
    destination,
    `SELECT CAST(value_id AS CHAR) AS value_id, CAST(option_id AS CHAR) AS option_id, CAST(store_id AS CHAR) AS store_id, HEX(title) AS title, CAST(parent_product_id AS CHAR) AS parent_product_id FROM ${physical(destination, table)}`,
    ['value_id'],
    kinds,
  )
  return diffKeyed(table, want, got, ['option_id', 'store_id', 'title', 'parent_product_id'], kinds)
}

/** Row counts of every covered table on both sides (Magento 2's gallery link table under its own name). */
async function figures(source: Side, destination: Side): Promise<TableFigure[]> {
  const list: TableFigure[] = []
  for (const table of CATALOG_SOURCE_TABLES)
    list.push({ table, magento1: await countRows(source, table), magento2: await countRows(destination, table) })
  const toEntity = 'catalog_product_entity_media_gallery_value_to_entity'
  list.push({ table: toEntity, magento1: null, magento2: await countRows(destination, toEntity) })
  return list
}

/** Compares Magento 2's catalog with Magento 1's; returns the differences (empty = converged) and the row counts. */
export async function compareCatalog(options: CatalogCheckOptions): Promise<CatalogComparison> {
  const source: Side = { db: options.m1db, prefix: options.prefix }
  const destination: Side = { db: options.m2db, prefix: options.destPrefix }
  const differences: Difference[] = []
  for (const spec of ROW_FOR_ROW_TABLES) differences.push(...(await compareRowTable(source, destination, spec)))
  for (const entity of EAV_ENTITIES) {
    for (const type of EAV_TYPES)
      differences.push(...(await compareEavValues(source, destination, entity.entityType, entity.table, type)))
  }
  differences.push(...(await compareTierPrices(source, destination)))
  differences.push(...(await compareMediaGallery(source, destination)))
  differences.push(...(await compareBundleOptionValues(source, destination)))
  return { differences: formatDifferences(differences), figures: await figures(source, destination) }
}

/** One line of figures: `table M1→M2` for every table with rows on either side. */
export function describeFigures(list: readonly TableFigure[]): string {
  const shown = (count: number | null): string => (count === null ? '–' : String(count))
  return list
    .filter((figure) => (figure.magento1 ?? 0) + (figure.magento2 ?? 0) > 0)
    .map((figure) => `${figure.table} ${shown(figure.magento1)}→${shown(figure.magento2)}`)
    .join(', ')
}
