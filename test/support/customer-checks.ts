import path from 'node:path'
import type { Connection } from 'mysql2/promise'
import { expect } from 'vitest'
import { compareMappedTables, describeDifferences } from './compare-mapped.js'
import { repoRoot } from './fixtures.js'

/**
 * The attributes Magento 2 keeps as columns of its entity tables, as the issue and Magento 2's
 * schema state them: written here independently of the plugin, which reads them at run time.
 */
export const CUSTOMER_COLUMNS = [
  'created_in',
  'prefix',
  'firstname',
  'middlename',
  'lastname',
  'suffix',
  'dob',
  'password_hash',
  'rp_token',
  'rp_token_created_at',
  'default_billing',
  'default_shipping',
  'taxvat',
  'confirmation',
  'gender',
] as const
export const ADDRESS_COLUMNS = [
  'firstname',
  'lastname',
  'middlename',
  'prefix',
  'suffix',
  'company',
  'street',
  'city',
  'region',
  'region_id',
  'postcode',
  'country_id',
  'telephone',
  'fax',
  'vat_id',
  'vat_is_valid',
  'vat_request_date',
  'vat_request_id',
  'vat_request_success',
] as const
/** Address columns Magento 2 declares NOT NULL: an address without the value gets ''. */
const ADDRESS_REQUIRED = new Set(['firstname', 'lastname', 'street', 'city', 'country_id', 'telephone'])

const customerMap = (): string => path.join(repoRoot(), 'packages', 'plugin-customer', 'etc', 'map.xml')

export interface CustomerCheckOptions {
  readonly m1: string
  readonly m2: string
  readonly prefix: string
  readonly destPrefix: string
  readonly m1db: Connection
  readonly m2db: Connection
  /** Magento 1 customers that are set aside on purpose (e-mail clash): they and their children are not expected. */
  readonly setAsideCustomers?: readonly string[]
}

type Rows = Record<string, string | null>[]

async function select(db: Connection, sql: string, params: unknown[] = []): Promise<Rows> {
  const [rows] = await db.query(sql, params)
  return rows as Rows
}

interface Attribute {
  id: string
  code: string
  type: string
}

async function attributes(db: Connection, prefix: string, entityTypeCode: string): Promise<Attribute[]> {
  const rows = await select(
    db,
    `SELECT CAST(a.attribute_id AS CHAR) AS id, a.attribute_code AS code, a.backend_type AS type FROM \`${prefix}eav_attribute\` a JOIN \`${prefix}eav_entity_type\` t USING (entity_type_id) WHERE t.entity_type_code = ?`,
    [entityTypeCode],
  )
  return rows.map((row) => ({ id: String(row['id']), code: String(row['code']), type: String(row['type']) }))
}

/**
 * Entity rows: every Magento 1 entity (but the set-aside ones) is in Magento 2 and no other; its
 * static columns hold exactly its Magento 1 values (dob as a date, missing values NULL or '').
 */
async function staticColumnDifferences(
  options: CustomerCheckOptions,
  entityTypeCode: string,
  entityTable: string,
  columns: readonly string[],
  excluded: ReadonlySet<string>,
): Promise<string[]> {
  const { m1db, m2db, prefix, destPrefix } = options
  const sourceAttributes = (await attributes(m1db, prefix, entityTypeCode)).filter(
    (attribute) => columns.includes(attribute.code) && attribute.type !== 'static',
  )
  const expected = new Map<string, Map<string, string | null>>()
  for (const row of await select(m1db, `SELECT CAST(entity_id AS CHAR) AS id FROM \`${prefix}${entityTable}\``)) {
    if (!excluded.has(String(row['id']))) expected.set(String(row['id']), new Map())
  }
  for (const attribute of sourceAttributes) {
    const values = await select(
      m1db,
      `SELECT CAST(entity_id AS CHAR) AS id, CAST(value AS CHAR) AS value FROM \`${prefix}${entityTable}_${attribute.type}\` WHERE attribute_id = ?`,
      [attribute.id],
    )
    for (const row of values) {
      const value = row['value'] ?? null
      expected
        .get(String(row['id']))
        ?.set(attribute.code, attribute.code === 'dob' && value !== null ? value.slice(0, 10) : value)
    }
  }
  const actual = await select(
    m2db,
    `SELECT CAST(entity_id AS CHAR) AS id, ${columns.map((column) => `CAST(\`${column}\` AS CHAR) AS \`${column}\``).join(', ')} FROM \`${destPrefix}${entityTable}\``,
  )
  const differences: string[] = []
  const seen = new Set<string>()
  for (const row of actual) {
    const id = String(row['id'])
    seen.add(id)
    const values = expected.get(id)
    if (!values) {
      differences.push(`${entityTable} ${id}: extra in Magento 2`)
      continue
    }
    for (const column of columns) {
      const fallback = entityTable === 'customer_address_entity' && ADDRESS_REQUIRED.has(column) ? '' : null
      const want = values.has(column) ? (values.get(column) ?? fallback) : fallback
      if (row[column] !== want)
        differences.push(`${entityTable} ${id}.${column}: expected ${String(want)}, got ${String(row[column])}`)
    }
  }
  for (const id of expected.keys()) if (!seen.has(id)) differences.push(`${entityTable} ${id}: missing in Magento 2`)
  return differences
}

/** Value rows of attributes that stay EAV in Magento 2: the same (value_id, entity, attribute, value) on both sides. */
async function valueRowDifferences(
  options: CustomerCheckOptions,
  entityTypeCode: string,
  entityTable: string,
  columns: readonly string[],
  excluded: ReadonlySet<string>,
): Promise<{ differences: string[]; compared: number }> {
  const { m1db, m2db, prefix, destPrefix } = options
  const folded = (await attributes(m1db, prefix, entityTypeCode))
    .filter((attribute) => columns.includes(attribute.code))
    .map((attribute) => attribute.id)
  const differences: string[] = []
  let compared = 0
  for (const type of ['datetime', 'decimal', 'int', 'text', 'varchar']) {
    const read = async (db: Connection, table: string, where: string): Promise<Map<string, string>> => {
      const rows = await select(
        db,
        `SELECT CAST(entity_id AS CHAR) AS e, CAST(attribute_id AS CHAR) AS a, CAST(value_id AS CHAR) AS v, HEX(value) AS x, value IS NULL AS n FROM \`${table}\` ${where}`,
      )
      return new Map(
        rows
          .filter((row) => !excluded.has(String(row['e'])))
          .map((row) => [`${row['e']}/${row['a']}`, `${row['v']}:${String(row['n'])}:${row['x']}`]),
      )
    }
    const notFolded = folded.length > 0 ? `WHERE attribute_id NOT IN (${folded.join(', ')})` : ''
    const want = await read(m1db, `${prefix}${entityTable}_${type}`, notFolded)
    const got = await read(m2db, `${destPrefix}${entityTable}_${type}`, '')
    compared += want.size
    for (const [key, value] of want)
      if (got.get(key) !== value)
        differences.push(`${entityTable}_${type} ${key}: expected ${value}, got ${got.get(key) ?? 'nothing'}`)
    for (const key of got.keys())
      if (!want.has(key)) differences.push(`${entityTable}_${type} ${key}: extra in Magento 2`)
  }
  return { differences, compared }
}

/** Address ids of the given customers in Magento 1. */
async function addressesOf(options: CustomerCheckOptions, customers: readonly string[]): Promise<string[]> {
  if (customers.length === 0) return []
  const rows = await select(
    options.m1db,
    `SELECT CAST(entity_id AS CHAR) AS id FROM \`${options.prefix}customer_address_entity\` WHERE parent_id IN (${customers.map(() => '?').join(', ')})`,
    [...customers],
  )
  return rows.map((row) => String(row['id']))
}

/**
 * Magento 2's customer data equals Magento 1's: customers and addresses with their static columns
 * and remaining EAV values, customer groups, newsletter subscribers, wishlists with items and
 * options (as map.xml says, serialized options as JSON). Returns how many value rows were compared.
 */
export async function expectCustomersConverged(
  options: CustomerCheckOptions,
): Promise<{ customers: number; addresses: number; values: number }> {
  const setAside = new Set(options.setAsideCustomers ?? [])
  const setAsideAddresses = new Set(await addressesOf(options, [...setAside]))
  const customers = await staticColumnDifferences(options, 'customer', 'customer_entity', CUSTOMER_COLUMNS, setAside)
  const addresses = await staticColumnDifferences(
    options,
    'customer_address',
    'customer_address_entity',
    ADDRESS_COLUMNS,
    setAsideAddresses,
  )
  const customerValues = await valueRowDifferences(options, 'customer', 'customer_entity', CUSTOMER_COLUMNS, setAside)
  const addressValues = await valueRowDifferences(
    options,
    'customer_address',
    'customer_address_entity',
    ADDRESS_COLUMNS,
    setAsideAddresses,
  )
  expect(
    [...customers, ...addresses, ...customerValues.differences, ...addressValues.differences].slice(0, 20),
  ).toEqual([])

  const tables = [
    { table: 'customer_entity', keys: ['entity_id'] },
    { table: 'customer_address_entity', keys: ['entity_id'] },
    { table: 'customer_group', keys: ['customer_group_id'] },
    { table: 'newsletter_subscriber', keys: ['subscriber_id'] },
    { table: 'wishlist', keys: ['wishlist_id'] },
    { table: 'wishlist_item', keys: ['wishlist_item_id'] },
    { table: 'wishlist_item_option', keys: ['option_id'] },
  ]
  const mapped = await compareMappedTables({
    source: options.m1,
    destination: options.m2,
    sourcePrefix: options.prefix,
    destPrefix: options.destPrefix,
    tables,
    mapFiles: [customerMap()],
  })
  // The set-aside customers (and their rows) are expected to be missing, nothing else.
  const allowed = new Set([
    ...[...setAside].map((id) => `customer_entity ["${id}"]`),
    ...[...setAsideAddresses].map((id) => `customer_address_entity ["${id}"]`),
  ])
  const filtered = mapped.map((difference) => ({
    ...difference,
    missing: difference.missing.filter((key) => !allowed.has(`${difference.table} ${key}`)),
  }))
  expect(describeDifferences(filtered)).toBe('')
  const count = async (table: string): Promise<number> =>
    Number((await select(options.m2db, `SELECT COUNT(*) AS n FROM \`${options.destPrefix}${table}\``))[0]?.['n'])
  return {
    customers: await count('customer_entity'),
    addresses: await count('customer_address_entity'),
    values: customerValues.compared + addressValues.compared,
  }
}
