import type { ColumnSchema, SqlValue } from '@mig/core'

const NUMERIC_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'bigint', 'decimal', 'float', 'double'])

/**
 * A Magento 1 value as its Magento 2 column takes it. A DATE column (dob) gets the date part of
 * Magento 1's DATETIME value. A customer or address without a value for a NOT NULL column (an
 * address without a telephone, say) gets an empty value rather than being refused: Magento 1
 * accepted the entity, and refusing it would leave the customer without the address in Magento 2.
 */
export function staticColumnValue(column: ColumnSchema, value: SqlValue | undefined): SqlValue {
  if (value === undefined || value === null) return column.nullable ? null : emptyValue(column)
  if (column.dataType.toLowerCase() === 'date' && typeof value === 'string' && value.length > 10)
    return value.slice(0, 10)
  return value
}

function emptyValue(column: ColumnSchema): SqlValue {
  return NUMERIC_TYPES.has(column.dataType.toLowerCase()) ? '0' : ''
}
