import { quoteIdentifier as q, type DatabaseClient, type SqlRow, type SqlValue } from '@mig/core'
import type { EavEntity } from './eav-entities.js'
import { staticColumnValue } from './static-column-values.js'
import type { StaticColumn } from './static-columns.js'

/** Entities per query when their values are read. */
const ENTITIES_PER_QUERY = 1_000

/**
 * Reads, for a set of Magento 1 entities, the values of the attributes that are columns of the
 * entity table in Magento 2, and completes entity rows with them.
 */
export class StaticColumnReader {
  private readonly byBackendType = new Map<string, StaticColumn[]>()
  private readonly byAttribute = new Map<string, StaticColumn>()

  constructor(
    private readonly source: DatabaseClient,
    private readonly sourcePrefix: string,
    private readonly entity: EavEntity,
    readonly columns: readonly StaticColumn[],
  ) {
    for (const column of columns) {
      this.byBackendType.set(column.backendType, [...(this.byBackendType.get(column.backendType) ?? []), column])
      this.byAttribute.set(`${column.backendType} ${column.attributeId}`, column)
    }
  }

  /** Magento 2 column names this reader fills. */
  get columnNames(): string[] {
    return this.columns.map((column) => column.column.name)
  }

  /** True when this attribute's values in this value table are a Magento 2 column. */
  isStatic(backendType: string, attributeId: SqlValue): boolean {
    return this.byAttribute.has(`${backendType} ${String(attributeId)}`)
  }

  /** Attribute ids whose values in this value table are Magento 2 columns. */
  attributeIds(backendType: string): string[] {
    return (this.byBackendType.get(backendType) ?? []).map((column) => column.attributeId)
  }

  /** entity id (as text) → Magento 2 column → Magento 1 value, for the entities that have values. */
  async read(entityIds: readonly SqlValue[]): Promise<Map<string, Map<string, SqlValue>>> {
    const values = new Map<string, Map<string, SqlValue>>()
    const ids = [...new Set(entityIds.map((id) => String(id)))]
    for (let start = 0; start < ids.length; start += ENTITIES_PER_QUERY) {
      const chunk = ids.slice(start, start + ENTITIES_PER_QUERY)
      for (const [backendType, columns] of this.byBackendType) {
        const table = `${this.sourcePrefix}${this.entity.entityTable}_${backendType}`
        const attributes = columns.map((column) => column.attributeId)
        const rows = await this.source.query<{ entity_id: SqlValue; attribute_id: SqlValue; value: SqlValue }>(
          `SELECT entity_id, attribute_id, value FROM ${q(table)} WHERE entity_id IN (${chunk.map(() => '?').join(', ')}) ` +
            `AND attribute_id IN (${attributes.map(() => '?').join(', ')})`,
          [...chunk, ...attributes],
        )
        for (const row of rows) {
          const column = this.byAttribute.get(`${backendType} ${String(row.attribute_id)}`)
          if (!column) continue
          const entity = String(row.entity_id)
          const entityValues = values.get(entity) ?? new Map<string, SqlValue>()
          entityValues.set(column.column.name, row.value)
          values.set(entity, entityValues)
        }
      }
    }
    return values
  }

  /** The Magento 2 row with every static column set from the entity's Magento 1 values. */
  complete(row: SqlRow, values: ReadonlyMap<string, SqlValue> | undefined): SqlRow {
    const completed: SqlRow = { ...row }
    for (const column of this.columns)
      completed[column.column.name] = staticColumnValue(column.column, values?.get(column.column.name))
    return completed
  }

  /** Completes rows in bulk: one read for all their entities. */
  async completeAll<T extends { readonly row: SqlRow }>(items: readonly T[]): Promise<(T & { row: SqlRow })[]> {
    const values = await this.read(items.map((item) => item.row['entity_id'] ?? null))
    return items.map((item) => ({ ...item, row: this.complete(item.row, values.get(String(item.row['entity_id']))) }))
  }
}
