import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise'
import { DatabaseClient } from '../../../src/db/database-client.js'
import { createLogger, type Logger, type LogRecord } from '../../../src/log/logger.js'
import { testDbSettings } from '../../../../../test/support/index.js'

/** A DatabaseClient on a test database, configured like the product's. */
export function connect(name: string, role: 'source' | 'destination'): Promise<DatabaseClient> {
  const settings = testDbSettings()
  return DatabaseClient.connect({
    role,
    database: { host: settings.host, port: settings.port, user: settings.user, password: settings.password, name },
    poolSize: 2,
  })
}

export function capturingLogger(): { log: Logger; records: LogRecord[] } {
  const records: LogRecord[] = []
  return { log: createLogger([(record) => records.push(record)]), records }
}

export async function rows<T extends object = Record<string, unknown>>(
  connection: Connection,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const [result] = await connection.query<RowDataPacket[]>(sql, params)
  return result as unknown as T[]
}

async function insert(connection: Connection, sql: string, params: unknown[]): Promise<number> {
  const [result] = await connection.query<ResultSetHeader>(sql, params)
  return result.insertId
}

export interface MerchantData {
  readonly vendorColor: number
  readonly vendorMaterials: number
  readonly red: number
  readonly blue: number
  readonly clothingSet: number
  readonly clothingGroups: readonly number[]
}

/**
 * What a merchant adds in the Magento 1 admin: a `select` attribute with two options, labels and
 * a catalog row (its source model given as a Magento 1 alias), a multiselect with an alias backend,
 * both placed in the Default product set, and a set of their own with two groups.
 */
export async function addMerchantData(m1: Connection, prefix: string): Promise<MerchantData> {
  const t = (table: string): string => `\`${prefix}${table}\``
  const attribute = (
    code: string,
    type: string,
    input: string,
    label: string,
    backend: string | null,
    sourceModel: string | null,
  ): Promise<number> =>
    insert(
      m1,
      `INSERT INTO ${t('eav_attribute')} (entity_type_id, attribute_code, backend_model, backend_type, frontend_input, frontend_label, source_model, is_required, is_user_defined, is_unique)
       VALUES (4, ?, ?, ?, ?, ?, ?, 0, 1, 0)`,
      [code, backend, type, input, label, sourceModel],
    )
  const vendorColor = await attribute(
    'vendor_color',
    'int',
    'select',
    'Vendor Color',
    null,
    'eav/entity_attribute_source_table',
  )
  const vendorMaterials = await attribute(
    'vendor_materials',
    'varchar',
    'multiselect',
    'Materials',
    'eav/entity_attribute_backend_array',
    null,
  )
  for (const id of [vendorColor, vendorMaterials]) {
    await m1.query(
      `INSERT INTO ${t('catalog_eav_attribute')} (attribute_id, is_global, is_visible, is_filterable, is_searchable, apply_to) VALUES (?, 1, 1, 1, 1, 'simple,configurable')`,
      [id],
    )
  }
  const option = (attributeId: number, sort: number): Promise<number> =>
    insert(m1, `INSERT INTO ${t('eav_attribute_option')} (attribute_id, sort_order) VALUES (?, ?)`, [attributeId, sort])
  const red = await option(vendorColor, 1)
  const blue = await option(vendorColor, 2)
  const cotton = await option(vendorMaterials, 1)
  const wool = await option(vendorMaterials, 2)
  for (const [optionId, store, value] of [
    [red, 0, 'Red'],
    [red, 1, 'Rot'],
    [blue, 0, 'Blue'],
    [cotton, 0, 'Cotton'],
    [wool, 0, 'Wool'],
  ] as const) {
    await m1.query(`INSERT INTO ${t('eav_attribute_option_value')} (option_id, store_id, value) VALUES (?, ?, ?)`, [
      optionId,
      store,
      value,
    ])
  }
  await m1.query(`INSERT INTO ${t('eav_attribute_label')} (attribute_id, store_id, value) VALUES (?, 1, 'Farbe')`, [
    vendorColor,
  ])
  const place = (set: number, group: number, attributeId: number, sort: number): Promise<unknown> =>
    m1.query(
      `INSERT INTO ${t('eav_entity_attribute')} (entity_type_id, attribute_set_id, attribute_group_id, attribute_id, sort_order) VALUES (4, ?, ?, ?, ?)`,
      [set, group, attributeId, sort],
    )
  // group 7 is "General" of the Default product set in Magento 1.7
  await place(4, 7, vendorColor, 50)
  await place(4, 7, vendorMaterials, 51)
  const clothingSet = await insert(
    m1,
    `INSERT INTO ${t('eav_attribute_set')} (entity_type_id, attribute_set_name, sort_order) VALUES (4, 'Clothing', 2)`,
    [],
  )
  const general = await insert(
    m1,
    `INSERT INTO ${t('eav_attribute_group')} (attribute_set_id, attribute_group_name, sort_order, default_id) VALUES (?, 'General', 1, 1)`,
    [clothingSet],
  )
  const fit = await insert(
    m1,
    `INSERT INTO ${t('eav_attribute_group')} (attribute_set_id, attribute_group_name, sort_order, default_id) VALUES (?, 'Size & Fit', 2, 0)`,
    [clothingSet],
  )
  const [name] = await rows<{ attribute_id: number }>(
    m1,
    `SELECT attribute_id FROM ${t('eav_attribute')} WHERE entity_type_id = 4 AND attribute_code = 'name'`,
  )
  await place(clothingSet, general, name?.attribute_id ?? 0, 1)
  await place(clothingSet, fit, vendorColor, 1)
  return { vendorColor, vendorMaterials, red, blue, clothingSet, clothingGroups: [general, fit] }
}

/** `entity type code/attribute code` → attribute_id. */
export async function attributeIds(connection: Connection, prefix: string): Promise<Map<string, number>> {
  const list = await rows<{ code: string; attribute_id: number }>(
    connection,
    `SELECT CONCAT(t.entity_type_code, '/', a.attribute_code) AS code, a.attribute_id FROM \`${prefix}eav_attribute\` a JOIN \`${prefix}eav_entity_type\` t ON t.entity_type_id = a.entity_type_id`,
  )
  return new Map(list.map((row) => [row.code, Number(row.attribute_id)]))
}

const VALUE_TABLES = [
  'catalog_product_entity',
  'catalog_category_entity',
  'customer_entity',
  'customer_address_entity',
].flatMap((entity) => ['datetime', 'decimal', 'int', 'text', 'varchar'].map((type) => `${entity}_${type}`))

/** `table/entity type/attribute code` → number of value rows (what later steps must find again). */
export async function valueRowsByCode(connection: Connection, prefix: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  for (const table of VALUE_TABLES) {
    const list = await rows<{ code: string; n: number }>(
      connection,
      `SELECT CONCAT(t.entity_type_code, '/', a.attribute_code) AS code, COUNT(*) AS n FROM \`${prefix}${table}\` v
         JOIN \`${prefix}eav_attribute\` a ON a.attribute_id = v.attribute_id JOIN \`${prefix}eav_entity_type\` t ON t.entity_type_id = a.entity_type_id
        GROUP BY code`,
    )
    for (const row of list) counts.set(`${table}/${row.code}`, Number(row.n))
  }
  return counts
}

/** Foreign keys of the database that point at the given tables. */
export async function foreignKeysTo(
  connection: Connection,
  database: string,
  tables: readonly string[],
): Promise<Array<{ table: string; column: string; parent: string; parentColumn: string }>> {
  return rows(
    connection,
    `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS \`column\`, REFERENCED_TABLE_NAME AS parent, REFERENCED_COLUMN_NAME AS parentColumn
       FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IN (?) ORDER BY TABLE_NAME, COLUMN_NAME`,
    [database, tables],
  )
}

/** CHECKSUM TABLE of every table present among `tables`. */
export async function checksums(
  connection: Connection,
  database: string,
  tables: readonly string[],
): Promise<Record<string, string>> {
  const present = await rows<{ name: string }>(
    connection,
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?)`,
    [database, tables],
  )
  const list = await rows<{ Table: string; Checksum: string | number | null }>(
    connection,
    `CHECKSUM TABLE ${present.map((row) => `\`${row.name}\``).join(', ')}`,
  )
  return Object.fromEntries(list.map((row) => [row.Table, String(row.Checksum)]))
}

/**
 * A Magento 2-only multiselect whose option ids (20, 21) Magento 1 also uses, with a default value and
 * a product value holding both ids: alignment must move the ids inside the comma-separated text.
 */
export async function addCollidingMultiselect(
  m1: Connection,
  m1Prefix: string,
  materials: number,
  m2: Connection,
  m2Prefix: string,
): Promise<void> {
  await m1.query(
    `INSERT INTO \`${m1Prefix}eav_attribute_option\` (option_id, attribute_id, sort_order) VALUES (20, ?, 3), (21, ?, 4)`,
    [materials, materials],
  )
  await m1.query(
    `INSERT INTO \`${m1Prefix}eav_attribute_option_value\` (option_id, store_id, value) VALUES (20, 0, 'Silk'), (21, 0, 'Linen')`,
  )
  const t = (table: string): string => `\`${m2Prefix}${table}\``
  const features = await insert(
    m2,
    `INSERT INTO ${t('eav_attribute')} (entity_type_id, attribute_code, backend_model, backend_type, frontend_input, frontend_label, default_value, is_user_defined)
     VALUES (4, 'm2_features', 'Magento\\\\Eav\\\\Model\\\\Entity\\\\Attribute\\\\Backend\\\\ArrayBackend', 'varchar', 'multiselect', 'Features', '20', 1)`,
    [],
  )
  await m2.query(
    `INSERT INTO ${t('catalog_eav_attribute')} (attribute_id, is_global, is_filterable) VALUES (?, 1, 1)`,
    [features],
  )
  await m2.query(
    `INSERT INTO ${t('eav_attribute_option')} (option_id, attribute_id, sort_order) VALUES (20, ?, 1), (21, ?, 2)`,
    [features, features],
  )
  await m2.query(
    `INSERT INTO ${t('eav_attribute_option_value')} (option_id, store_id, value) VALUES (20, 0, 'Wifi'), (21, 0, 'Bluetooth')`,
  )
  await m2.query(
    `INSERT INTO ${t('catalog_product_entity_varchar')} (attribute_id, store_id, entity_id, value) VALUES (?, 0, 2, '20,21')`,
    [features],
  )
  await m2.query(
    `INSERT INTO ${t('eav_entity_attribute')} (entity_type_id, attribute_set_id, attribute_group_id, attribute_id, sort_order) VALUES (4, 4, 21, ?, 1)`,
    [features],
  )
}

/** The admin labels a multiselect's value and default value point at. */
export async function multiselectLabels(
  m2: Connection,
  prefix: string,
  code: string,
): Promise<{ value: string[]; defaultValue: string[] }> {
  const t = (table: string): string => `\`${prefix}${table}\``
  const [attribute] = await rows<{ attribute_id: number; default_value: string }>(
    m2,
    `SELECT attribute_id, default_value FROM ${t('eav_attribute')} WHERE attribute_code = ? AND entity_type_id = 4`,
    [code],
  )
  const [value] = await rows<{ value: string }>(
    m2,
    `SELECT value FROM ${t('catalog_product_entity_varchar')} WHERE attribute_id = ? AND entity_id = 2`,
    [attribute?.attribute_id],
  )
  const labels = async (ids: string): Promise<string[]> => {
    const list = ids.split(',').map(Number)
    const found = await rows<{ option_id: number; value: string }>(
      m2,
      `SELECT option_id, value FROM ${t('eav_attribute_option_value')} WHERE store_id = 0 AND option_id IN (?)`,
      [list],
    )
    return list.map((id) => found.find((row) => Number(row.option_id) === id)?.value ?? `missing ${id}`)
  }
  return { value: await labels(value?.value ?? ''), defaultValue: await labels(attribute?.default_value ?? '') }
}
