import { describe, expect, it } from 'vitest'
import { checkForeignTriggers } from '../../src/deltalog/deltalog-installer.js'
import type { CapturePlan } from '../../src/deltalog/tracked-table-plan.js'
import type { InstalledTrigger } from '../../src/deltalog/trigger-inspector.js'

const plan = { physicalTable: 'sales_flat_order' } as CapturePlan
const vendor: InstalledTrigger = {
  name: 'vendor_order_audit',
  table: 'sales_flat_order',
  event: 'UPDATE',
  timing: 'AFTER',
  statement: 'INSERT INTO audit VALUES (NEW.entity_id)',
  owned: false,
}

describe('a third-party trigger on a server with one trigger per event and timing', () => {
  it('is refused with its name, and mig does not touch it', () => {
    expect(checkForeignTriggers(plan, [vendor], false)).toBe(
      'sales_flat_order already has trigger vendor_order_audit (AFTER UPDATE) and this server allows one trigger per event; mig will not alter it. Merge the logging into it by hand or upgrade to MySQL 5.7.2+/MariaDB 10.2.3+',
    )
  })

  it('is no obstacle where the server allows several triggers, or when it fires BEFORE', () => {
    expect(checkForeignTriggers(plan, [vendor], true)).toBeUndefined()
    expect(checkForeignTriggers(plan, [{ ...vendor, timing: 'BEFORE' }], false)).toBeUndefined()
    expect(checkForeignTriggers(plan, [{ ...vendor, owned: true }], false)).toBeUndefined()
  })
})
