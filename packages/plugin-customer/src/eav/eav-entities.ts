/** A Magento 1 EAV entity of this plugin: its type code and its entity table (same name in Magento 2). */
export interface EavEntity {
  readonly entityTypeCode: string
  /** Unprefixed; its value tables are `<entityTable>_<backend type>`. */
  readonly entityTable: string
}

export const CUSTOMER_EAV_ENTITIES: readonly EavEntity[] = [
  { entityTypeCode: 'customer', entityTable: 'customer_entity' },
  { entityTypeCode: 'customer_address', entityTable: 'customer_address_entity' },
]

/** The backend types Magento keeps in value tables of their own. */
export const VALUE_BACKEND_TYPES = ['datetime', 'decimal', 'int', 'text', 'varchar'] as const

export interface ValueTable {
  readonly entity: EavEntity
  readonly backendType: string
}

/** The entity and backend type of a value table name (unprefixed), or undefined for other tables. */
export function valueTableOf(table: string): ValueTable | undefined {
  for (const entity of CUSTOMER_EAV_ENTITIES) {
    for (const backendType of VALUE_BACKEND_TYPES) {
      if (table === `${entity.entityTable}_${backendType}`) return { entity, backendType }
    }
  }
  return undefined
}

export function entityOf(table: string): EavEntity | undefined {
  return CUSTOMER_EAV_ENTITIES.find((entity) => entity.entityTable === table)
}
