import { describe, expect, it } from 'vitest'
import { isIndexClauseFor } from '../../src/data/index-definition.js'

describe('stored index definitions are executed only when they are one index clause', () => {
  it('accepts what SHOW CREATE TABLE prints for an index', () => {
    expect(isIndexClauseFor('KEY `SALES_ORDER_STATUS` (`status`)', 'SALES_ORDER_STATUS')).toBe(true)
    expect(isIndexClauseFor('UNIQUE KEY `U` (`a`,`b`(10))', 'u')).toBe(true)
    expect(isIndexClauseFor('FULLTEXT KEY `FTI` (`increment_id`,`billing_name`)', 'FTI')).toBe(true)
    expect(isIndexClauseFor("KEY `I` (`a` DESC, `b`) USING BTREE COMMENT 'it''s fine'", 'I')).toBe(true)
    expect(isIndexClauseFor('KEY `we``ird` (`c``d`)', 'we`ird')).toBe(true)
  })

  it('refuses anything more, or an index of another name', () => {
    expect(isIndexClauseFor('KEY `I` (`a`), DROP TABLE `sales_order`', 'I')).toBe(false)
    expect(isIndexClauseFor('KEY `I` (`a`); DROP TABLE x', 'I')).toBe(false)
    expect(isIndexClauseFor('COLUMN `x` INT', 'x')).toBe(false)
    expect(isIndexClauseFor("KEY `I` (`a`) COMMENT 'x' , ADD COLUMN y INT", 'I')).toBe(false)
    expect(isIndexClauseFor('KEY `OTHER` (`a`)', 'I')).toBe(false)
    expect(isIndexClauseFor('', 'I')).toBe(false)
  })
})
