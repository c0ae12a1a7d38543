import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { writeConfigXml } from '../support/config-file.js'
import { describeWithFixtures, fixturePath, MAGENTO1_DUMP, MAGENTO2_DUMP } from '../support/fixtures.js'
import { loadDump } from '../support/load-dump.js'
import { runMig } from '../support/run-mig.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'
import { runWriter } from '../support/writer/index.js'

/**
 * Delta before the full copy: sales apply at once, while catalog and customer rows (which carry EAV
 * attribute and set ids) wait, captured, until `mig data run` has aligned Magento 2's EAV ids with
 * Magento 1's; applied earlier, a value would land on whichever Magento 2 attribute has its id.
 */
describeWithFixtures('EAV rows wait for the data run', () => {
  const dbs = useTestDatabases()
  let config: string
  let m1db: Connection
  let m2db: Connection
  const count = async (db: Connection, sql: string): Promise<number> =>
    Number(((await db.query(sql))[0] as Record<string, unknown>[])[0]?.['n'])
  const newProducts = (db: Connection): Promise<number> =>
    count(db, "SELECT COUNT(*) AS n FROM catalog_product_entity WHERE sku LIKE 'W41-%'")

  beforeAll(async () => {
    const m1 = await dbs.create('ready_m1')
    const m2 = await dbs.create('ready_m2')
    await Promise.all([loadDump(m1, fixturePath(MAGENTO1_DUMP)), loadDump(m2, fixturePath(MAGENTO2_DUMP))])
    config = writeConfigXml({ source: m1, destination: m2 })
    m1db = await openConnection(m1)
    m2db = await openConnection(m2)
  })

  afterAll(async () => {
    await m1db?.end()
    await m2db?.end()
  })

  it('holds catalog and customer changes with one line saying why, applies sales, and applies the held ones after the data run', async () => {
    expect((await runMig(['delta', 'setup', config])).code).toBe(0)
    await runWriter({
      connection: m1db,
      seed: 41,
      operations: 12,
      mix: { adminCreateProduct: 3, registerCustomer: 1, guestCheckout: 2 },
    })
    expect(await newProducts(m1db)).toBeGreaterThan(0)

    const early = await runMig(['delta', 'run', '--once', config])
    expect(early.code, early.stderr).toBe(0)
    expect(early.stderr).toMatch(
      /^warning: catalog delta, customer delta: Magento 1's EAV ids are not Magento 2's yet \(attribute .+ of \d+\); run `mig data run`, which aligns them/m,
    )
    expect(await newProducts(m2db)).toBe(0)
    expect(await count(m2db, 'SELECT COUNT(*) AS n FROM sales_order')).toBeGreaterThan(0)
    const status = JSON.parse((await runMig(['delta', 'status', '--json', config])).stdout) as {
      tables: { table: string; pending: number }[]
    }
    expect(status.tables.find((table) => table.table === 'catalog_product_entity')?.pending).toBeGreaterThan(0)
    const verify = await runMig(['verify', config])
    expect(verify.stdout).toMatch(
      /tables of catalog delta: waiting for `mig data run` to align Magento 1's EAV ids in Magento 2/,
    )

    const data = await runMig(['data', 'run', config])
    expect(data.code, data.stderr).toBe(0)
    expect(await newProducts(m2db)).toBe(await newProducts(m1db))
    const later = await runMig(['delta', 'run', '--once', config])
    expect(later.code, later.stderr).toBe(0)
    expect(later.stderr).not.toContain("EAV ids are not Magento 2's")
    // Customers' and addresses' column values hand their entity to its own deltalog (applied the cycle after).
    const handed = JSON.parse((await runMig(['delta', 'status', '--json', config])).stdout) as {
      tables: { table: string; pending: number }[]
    }
    expect(
      handed.tables
        .filter((table) => table.pending > 0)
        .map((table) => table.table)
        .sort(),
    ).toEqual(['customer_address_entity', 'customer_entity'])
    expect((await runMig(['delta', 'run', '--once', config])).code).toBe(0)
    const after = JSON.parse((await runMig(['delta', 'status', '--json', config])).stdout) as {
      pending: number
      setAside: unknown[]
    }
    expect(after).toMatchObject({ pending: 0, setAside: [] })
  })

  it('refuses, in one line, to apply the gallery to a Magento 2 without its gallery-to-product table (exit 3); --auto leaves the gallery pending', async () => {
    await m2db.query('DROP TABLE catalog_product_entity_media_gallery_value_to_entity')
    await m1db.query(
      "INSERT INTO catalog_product_entity_media_gallery (attribute_id, entity_id, value) SELECT attribute_id, (SELECT MIN(entity_id) FROM catalog_product_entity), '/n/o/nowhere.jpg' FROM eav_attribute WHERE attribute_code = 'media_gallery' AND entity_type_id = 4",
    )
    const refused = await runMig(['delta', 'run', '--once', config])
    expect(refused.code).toBe(3)
    expect(refused.stderr).toContain(
      'Magento 2 has no catalog_product_entity_media_gallery_value_to_entity, where a gallery entry',
    )
    const auto = await runMig(['delta', 'run', '--once', '--auto', config])
    expect(auto.code, auto.stderr).toBe(0)
    const status = JSON.parse((await runMig(['delta', 'status', '--json', config])).stdout) as {
      tables: { table: string; pending: number }[]
    }
    expect(status.tables.find((table) => table.table === 'catalog_product_entity_media_gallery')?.pending).toBe(1)
    expect(
      await count(
        m2db,
        "SELECT COUNT(*) AS n FROM catalog_product_entity_media_gallery WHERE value = '/n/o/nowhere.jpg'",
      ),
    ).toBe(0)
  })
})
