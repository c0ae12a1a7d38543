import { readFileSync } from 'node:fs'
import path from 'node:path'
import { loadConfig, migSectionOf, silentLogger, type PluginManifest } from '@mig/core/engine'
import { schemaSubsetPath } from '@mig/demo'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEdge, isEmulated, isGuarded } from '../packages/core/src/cascade/cascade-edge.js'
import { planCascadeEdges, type CascadePlan } from '../packages/core/src/cascade/plan-cascade-edges.js'
import { openRunContext, type RunContext } from '../packages/core/src/modes/run-context.js'
import { writeConfigXml } from './support/config-file.js'
import { describeWithFixtures, fixturePath, MAGENTO1_DUMP, MAGENTO2_DUMP, repoRoot } from './support/fixtures.js'
import { loadDump } from './support/load-dump.js'
import { useTestDatabases } from './support/test-database.js'

/** The three first-party plugins, described as the CLI describes installed plugins. */
function firstPartyPlugins(): PluginManifest[] {
  return ['plugin-catalog', 'plugin-customer', 'plugin-sales'].map((folder) => {
    const root = path.join(repoRoot(), 'packages', folder)
    const pjson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string }
    const mig = migSectionOf(pjson)
    return { name: pjson.name, version: pjson.version, root, ...(mig ? { mig } : {}) }
  })
}

/**
 * The cascades Magento 2 does not keep by itself, as the fact sheet measured them on the two dumps:
 * computed here from the live schemas, not from a list in mig.
 */
const NOT_KEPT_BY_MAGENTO2 = [
  'catalog_product_entity_media_gallery.entity_id → catalog_product_entity (CASCADE)',
  'sales_flat_creditmemo_grid.entity_id → sales_flat_creditmemo (CASCADE)',
  'sales_flat_invoice_grid.entity_id → sales_flat_invoice (CASCADE)',
  'sales_flat_order_grid.customer_id → customer_entity (SET NULL)',
  'sales_flat_order_grid.entity_id → sales_flat_order (CASCADE)',
  'sales_flat_quote_item.product_id → catalog_product_entity (CASCADE)',
  'sales_flat_shipment_grid.entity_id → sales_flat_shipment (CASCADE)',
]

for (const variant of [
  {
    name: 'real dumps',
    magento1: fixturePath(MAGENTO1_DUMP),
    magento2: fixturePath(MAGENTO2_DUMP),
    prefix: '',
    destPrefix: '',
  },
  {
    name: 'real dumps, prefixed',
    magento1: fixturePath(MAGENTO1_DUMP),
    magento2: fixturePath(MAGENTO2_DUMP),
    prefix: 'magev1_',
    destPrefix: 'm2p_',
  },
  {
    name: "mig's schema subset",
    magento1: schemaSubsetPath('magento1'),
    magento2: schemaSubsetPath('magento2'),
    prefix: '',
    destPrefix: '',
  },
]) {
  describeWithFixtures(
    `Magento 1's cascades between the migrated tables, read from the live schemas (${variant.name})`,
    () => {
      const dbs = useTestDatabases()
      let context: RunContext
      let plan: CascadePlan

      beforeAll(async () => {
        const m1 = await dbs.create('plan_m1')
        const m2 = await dbs.create('plan_m2')
        await Promise.all([
          loadDump(m1, variant.magento1, { tablePrefix: variant.prefix }),
          loadDump(m2, variant.magento2, { tablePrefix: variant.destPrefix }),
        ])
        const file = writeConfigXml({
          source: m1,
          destination: m2,
          options: { source_prefix: variant.prefix, dest_prefix: variant.destPrefix },
        })
        const config = await loadConfig(file, { cwd: path.dirname(file), env: {} })
        context = await openRunContext(config, firstPartyPlugins(), silentLogger)
        for (const step of context.steps) await step.prepare(context.environment)
        plan = planCascadeEdges(context.environment, context.owners)
      })

      afterAll(async () => {
        await context?.close()
      })

      it('finds every edge, each with where Magento 2 keeps both ends; none it cannot place', () => {
        expect(plan.unresolved).toEqual([])
        const enforced = plan.edges.filter((edge) => !isEmulated(edge))
        console.info(
          `cascades (${variant.name}): ${plan.edges.length} edges, ${enforced.length} kept by Magento 2's own keys, ${plan.edges.length - enforced.length} repeated by mig`,
        )
        expect(enforced.length).toBeGreaterThan(80)
        for (const edge of enforced) expect(edge.magento2Rule, describeEdge(edge)).toBe(edge.rule)
      })

      it("repeats exactly the cascades Magento 2 has no key for, and holds back a child whose parent it lacks where Magento 2's table would not", () => {
        expect(plan.edges.filter(isEmulated).map(describeEdge).sort()).toEqual(NOT_KEPT_BY_MAGENTO2)
        expect(plan.edges.filter(isGuarded).map(describeEdge).sort()).toEqual(NOT_KEPT_BY_MAGENTO2)
        const gallery = plan.edges.find((edge) => edge.child === 'catalog_product_entity_media_gallery')
        expect(gallery?.owner).toEqual({ columns: ['value_id'], childKey: ['value_id'] })
        expect(gallery?.referenceTable).toBe(
          `${variant.destPrefix}catalog_product_entity_media_gallery_value_to_entity`,
        )
        const cartItem = plan.edges.find(
          (edge) => edge.child === 'sales_flat_quote_item' && edge.parent === 'catalog_product_entity',
        )
        expect(cartItem).toMatchObject({
          childTable: `${variant.destPrefix}quote_item`,
          referenceColumns: ['product_id'],
          parentTable: `${variant.destPrefix}catalog_product_entity`,
          parentKey: ['entity_id'],
        })
      })
    },
  )
}
