import type { ColumnSchema } from '../../db/table-schema.js'

const SIGNED_MAX: Readonly<Record<string, number>> = {
  tinyint: 127,
  smallint: 32_767,
  mediumint: 8_388_607,
  int: 2_147_483_647,
  integer: 2_147_483_647,
  bigint: Number.MAX_SAFE_INTEGER,
}

/** The largest id an integer column holds (`smallint(5) unsigned` → 65535); undefined for other types. */
export function integerColumnMax(column: Pick<ColumnSchema, 'dataType' | 'columnType'>): number | undefined {
  const signed = SIGNED_MAX[column.dataType.toLowerCase()]
  if (signed === undefined) return undefined
  if (!/\bunsigned\b/i.test(column.columnType)) return signed
  return Math.min(signed * 2 + 1, Number.MAX_SAFE_INTEGER)
}
