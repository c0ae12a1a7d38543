import {
  quoteIdentifier as q,
  type ColumnSchema,
  type DatabaseClient,
  type SqlValue,
  type TableSchema,
} from '@mig/core'
import type { EavEntity } from './eav-entities.js'

/** A Magento 1 EAV attribute whose values are a column of the entity table in Magento 2 (firstname, dob, street, …). */
export interface StaticColumn {
  /** Magento 1 attribute id, as text (ids compare as text whatever type the driver hands over). */
  readonly attributeId: string
  readonly code: string
  /** The Magento 1 value table suffix its values live in. */
  readonly backendType: string
  /** The Magento 2 column that receives the value. */
  readonly column: ColumnSchema
}

/** Both live databases and their schemas (a run's DeltaEnvironment has them). */
export interface EavSides {
  readonly source: DatabaseClient
  readonly destination: DatabaseClient
  readonly sourceSchema: ReadonlyMap<string, TableSchema>
  readonly destinationSchema: ReadonlyMap<string, TableSchema>
  readonly sourcePrefix: string
  readonly destPrefix: string
}

interface AttributeRow {
  attribute_id: SqlValue
  attribute_code: SqlValue
  backend_type: SqlValue
}

/**
 * Read from both live databases, never assumed: an attribute that has values in Magento 1 and is
 * `static` in Magento 2 with a column of its code in the entity table. Extension attributes that
 * became columns are found the same way; attributes that stay EAV keep their value rows.
 */
export async function readStaticColumns(environment: EavSides, entity: EavEntity): Promise<StaticColumn[]> {
  const { sourcePrefix, destPrefix } = environment
  const destinationTable = environment.destinationSchema.get(`${destPrefix}${entity.entityTable}`)
  if (!destinationTable) return []
  const source = await readAttributes(environment, 'source', sourcePrefix, entity.entityTypeCode)
  const destination = await readAttributes(environment, 'destination', destPrefix, entity.entityTypeCode)
  const staticInDestination = new Set(
    destination.filter((row) => String(row.backend_type) === 'static').map((row) => String(row.attribute_code)),
  )
  const columns: StaticColumn[] = []
  for (const row of source) {
    const code = String(row.attribute_code)
    const backendType = String(row.backend_type)
    if (backendType === 'static' || !staticInDestination.has(code)) continue
    if (!environment.sourceSchema.has(`${sourcePrefix}${entity.entityTable}_${backendType}`)) continue
    const column = destinationTable.columns.find((candidate) => candidate.name.toLowerCase() === code.toLowerCase())
    if (!column || column.generated) continue
    columns.push({ attributeId: String(row.attribute_id), code, backendType, column })
  }
  return columns
}

async function readAttributes(
  environment: EavSides,
  side: 'source' | 'destination',
  prefix: string,
  entityTypeCode: string,
): Promise<AttributeRow[]> {
  const schema = side === 'source' ? environment.sourceSchema : environment.destinationSchema
  if (!schema.has(`${prefix}eav_attribute`) || !schema.has(`${prefix}eav_entity_type`)) return []
  return environment[side].query<AttributeRow>(
    `SELECT a.attribute_id, a.attribute_code, a.backend_type FROM ${q(`${prefix}eav_attribute`)} a ` +
      `JOIN ${q(`${prefix}eav_entity_type`)} t ON t.entity_type_id = a.entity_type_id WHERE t.entity_type_code = ?`,
    [entityTypeCode],
  )
}
