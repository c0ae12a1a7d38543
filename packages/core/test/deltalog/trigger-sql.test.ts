import { describe, expect, it } from 'vitest'
import { deltalogTableName } from '../../src/deltalog/deltalog-naming.js'
import { createDeltalogTableSql } from '../../src/deltalog/deltalog-table-sql.js'
import { triggerDefinitions } from '../../src/deltalog/trigger-sql.js'
import type { ColumnSchema } from '../../src/db/table-schema.js'

const column = (name: string, columnType: string, charset: string | null = null): ColumnSchema => ({
  name,
  columnType,
  dataType: columnType.split('(')[0] ?? columnType,
  nullable: false,
  defaultValue: null,
  hasDefault: false,
  autoIncrement: false,
  generated: false,
  characterSet: charset,
  collation: charset ? `${charset}_general_ci` : null,
})

describe('deltalog SQL', () => {
  it('names deltalogs with the source prefix', () => {
    expect(deltalogTableName('', 'sales_flat_order')).toBe('m2_cl_sales_flat_order')
    expect(deltalogTableName('magev1_', 'sales_flat_order')).toBe('magev1_m2_cl_sales_flat_order')
  })

  it('copies key column types and collations exactly', () => {
    const sql = createDeltalogTableSql('m2_cl_t', 't', [
      column('sku', 'varchar(64)', 'utf8'),
      column('qty', 'decimal(12,4)'),
    ])
    expect(sql).toContain('`sku` varchar(64) CHARACTER SET utf8 COLLATE utf8_general_ci NOT NULL')
    expect(sql).toContain('`qty` decimal(12,4) NOT NULL')
    expect(sql).toContain('PRIMARY KEY (`sku`, `qty`)')
    expect(sql).toContain("COMMENT='mig:deltalog t'")
  })

  it('logs a key change as DELETE of the old key and UPDATE of the new one', () => {
    const [insert, update, del] = triggerDefinitions('t', 'm2_cl_t', ['a', 'b'])
    expect(insert?.createStatement).toContain("VALUES (NEW.`a`, NEW.`b`, 'INSERT')")
    expect(update?.createStatement).toContain('IF NOT (OLD.`a` <=> NEW.`a` AND OLD.`b` <=> NEW.`b`)')
    expect(update?.createStatement).toContain("VALUES (OLD.`a`, OLD.`b`, 'DELETE')")
    expect(update?.createStatement).toContain("VALUES (NEW.`a`, NEW.`b`, 'UPDATE')")
    expect(del?.createStatement).toContain("VALUES (OLD.`a`, OLD.`b`, 'DELETE')")
    for (const definition of [insert, update, del])
      expect(definition?.createStatement).toContain('`version` = `version` + 1')
  })

  it('gives a changed definition a new trigger name, the same definition the same name', () => {
    const first = triggerDefinitions('t', 'm2_cl_t', ['a']).map((definition) => definition.name)
    expect(triggerDefinitions('t', 'm2_cl_t', ['a']).map((definition) => definition.name)).toEqual(first)
    const changed = triggerDefinitions('t', 'm2_cl_t', ['a', 'b']).map((definition) => definition.name)
    changed.forEach((name, index) => expect(name).not.toBe(first[index]))
    expect(first[0]).toMatch(/^m2_trg_t_ai_[0-9a-f]{8}$/)
  })
})
