import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseClient } from '../../../src/db/database-client.js'
import type { LogRecord } from '../../../src/log/logger.js'
import { alignEav, checkEavAlignment, EAV_TABLES, type EavAlignmentReport } from '../../../src/magento/eav/index.js'
import {
  describeWithFixtures,
  fixturePath,
  loadDump,
  MAGENTO1_DUMP,
  MAGENTO2_DUMP,
  openConnection,
  useTestDatabases,
} from '../../../../../test/support/index.js'
import {
  addCollidingMultiselect,
  addMerchantData,
  attributeIds,
  capturingLogger,
  checksums,
  connect,
  foreignKeysTo,
  rows,
  multiselectLabels,
  valueRowsByCode,
  type MerchantData,
} from './helpers.js'

const REKEYED_TABLES = Object.values(EAV_TABLES).map((kind) => kind.table)
const CHECKED_TABLES = [
  ...REKEYED_TABLES,
  'catalog_eav_attribute',
  'customer_eav_attribute',
  'customer_eav_attribute_website',
  'customer_form_attribute',
  'eav_attribute_option_swatch',
  'catalog_product_entity',
  'catalog_category_entity',
  'catalog_product_super_attribute',
  'catalog_product_index_eav',
  ...['datetime', 'decimal', 'int', 'text', 'varchar'].flatMap((type) => [
    `catalog_product_entity_${type}`,
    `catalog_category_entity_${type}`,
  ]),
]

interface Placement {
  readonly code: string
  readonly set: string
  readonly group: string
}

for (const { sourcePrefix, destPrefix } of [
  { sourcePrefix: '', destPrefix: '' },
  { sourcePrefix: 'magev1_', destPrefix: 'm2p_' },
]) {
  describeWithFixtures(`alignEav${sourcePrefix === '' ? '' : ` (prefixes ${sourcePrefix} → ${destPrefix})`}`, () => {
    const dbs = useTestDatabases()
    let m1Name: string
    let m2Name: string
    let m1: Connection
    let m2: Connection
    let source: DatabaseClient
    let destination: DatabaseClient
    let merchant: MerchantData
    let report: EavAlignmentReport
    let records: LogRecord[]
    const s = (table: string): string => `\`${sourcePrefix}${table}\``
    const d = (table: string): string => `\`${destPrefix}${table}\``
    // state of Magento 2 before alignment
    let m1Attributes: Map<string, number>
    let m2AttributesBefore: Map<string, number>
    let valuesBefore: Map<string, number>
    let m2OnlyPlacementsBefore: Placement[]
    let m2OnlyExtrasBefore: string[]
    let colorByProductBefore: Array<{ entity_id: number; label: string }>
    let countersBefore: Map<string, number>
    let misplacedBefore: readonly string[]

    const m2OnlyCodes = (): string[] => [...m2AttributesBefore.keys()].filter((code) => !m1Attributes.has(code)).sort()
    const placementsOf = async (codes: readonly string[]): Promise<Placement[]> =>
      (
        await rows<Placement>(
          m2,
          `SELECT CONCAT(t.entity_type_code, '/', a.attribute_code) AS code, s.attribute_set_name AS \`set\`, g.attribute_group_name AS \`group\`
             FROM ${d('eav_entity_attribute')} ea JOIN ${d('eav_attribute')} a ON a.attribute_id = ea.attribute_id
             JOIN ${d('eav_entity_type')} t ON t.entity_type_id = a.entity_type_id
             JOIN ${d('eav_attribute_set')} s ON s.attribute_set_id = ea.attribute_set_id
             JOIN ${d('eav_attribute_group')} g ON g.attribute_group_id = ea.attribute_group_id AND g.attribute_set_id = ea.attribute_set_id
            ORDER BY code, \`set\`, \`group\``,
        )
      ).filter((row) => codes.includes(row.code))
    const extrasOf = async (codes: readonly string[]): Promise<string[]> => {
      const list = await rows<{ code: string; extra: string }>(
        m2,
        `SELECT CONCAT(t.entity_type_code, '/', a.attribute_code) AS code, CONCAT_WS(',', IF(c.attribute_id IS NULL, NULL, 'catalog'), IF(u.attribute_id IS NULL, NULL, 'customer')) AS extra
           FROM ${d('eav_attribute')} a JOIN ${d('eav_entity_type')} t ON t.entity_type_id = a.entity_type_id
           LEFT JOIN ${d('catalog_eav_attribute')} c ON c.attribute_id = a.attribute_id LEFT JOIN ${d('customer_eav_attribute')} u ON u.attribute_id = a.attribute_id`,
      )
      return list
        .filter((row) => codes.includes(row.code))
        .map((row) => `${row.code}:${row.extra}`)
        .sort()
    }
    /** Which option label each Magento 2 sample product has for `color` (its option ids move). */
    const colorByProduct = (): Promise<Array<{ entity_id: number; label: string }>> =>
      rows(
        m2,
        `SELECT v.entity_id, ov.value AS label FROM ${d('catalog_product_entity_int')} v
           JOIN ${d('eav_attribute')} a ON a.attribute_id = v.attribute_id AND a.attribute_code = 'color' AND a.entity_type_id = 4
           JOIN ${d('eav_attribute_option_value')} ov ON ov.option_id = v.value AND ov.store_id = 0
          WHERE v.store_id = 0 ORDER BY v.entity_id`,
      )
    const counters = async (): Promise<Map<string, number>> => {
      const list = await rows<{ name: string; counter: number }>(
        m2,
        `SELECT TABLE_NAME AS name, AUTO_INCREMENT AS counter FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?)`,
        [m2Name, REKEYED_TABLES.map((table) => `${destPrefix}${table}`)],
      )
      return new Map(list.map((row) => [row.name, Number(row.counter)]))
    }
    const runAlignment = async (): Promise<EavAlignmentReport> => {
      const captured = capturingLogger()
      records = captured.records
      return alignEav({ source, destination, sourcePrefix, destPrefix, log: captured.log })
    }

    beforeAll(async () => {
      m1Name = await dbs.create('eav_m1')
      m2Name = await dbs.create('eav_m2')
      await Promise.all([
        loadDump(m1Name, fixturePath(MAGENTO1_DUMP), sourcePrefix === '' ? {} : { tablePrefix: sourcePrefix }),
        loadDump(m2Name, fixturePath(MAGENTO2_DUMP), destPrefix === '' ? {} : { tablePrefix: destPrefix }),
      ])
      m1 = await openConnection(m1Name)
      m2 = await openConnection(m2Name)
      merchant = await addMerchantData(m1, sourcePrefix)
      await addCollidingMultiselect(m1, sourcePrefix, merchant.vendorMaterials, m2, destPrefix)
      source = await connect(m1Name, 'source')
      destination = await connect(m2Name, 'destination')

      m1Attributes = await attributeIds(m1, sourcePrefix)
      m2AttributesBefore = await attributeIds(m2, destPrefix)
      valuesBefore = await valueRowsByCode(m2, destPrefix)
      m2OnlyPlacementsBefore = await placementsOf(m2OnlyCodes())
      m2OnlyExtrasBefore = await extrasOf(m2OnlyCodes())
      colorByProductBefore = await colorByProduct()
      countersBefore = await counters()
      misplacedBefore = (await checkEavAlignment(source, destination, { sourcePrefix, destPrefix })).misplaced
      report = await runAlignment()
    })

    afterAll(async () => {
      await Promise.all([m1?.end(), m2?.end(), source?.close(), destination?.close()])
    })

    it('starts from Magento 2 ids that differ from Magento 1 and has Magento 2-only attributes', () => {
      expect(m2AttributesBefore.get('catalog_product/color')).not.toBe(m1Attributes.get('catalog_product/color'))
      expect(m2OnlyCodes()).toEqual(
        expect.arrayContaining([
          'catalog_product/quantity_and_stock_status',
          'catalog_product/swatch_image',
          'customer/updated_at',
        ]),
      )
      // the three virtual sample products have a colour (options 4–6, ids Magento 1's merchant options take)
      expect(colorByProductBefore.map((row) => row.label)).toEqual(['azul', 'preto', 'branco'])
    })

    it('tells delta whether EAV rows may be applied: Magento 1 ids misplaced before, none after, a later Magento 1 attribute named', async () => {
      expect(misplacedBefore.length).toBeGreaterThan(10)
      expect(misplacedBefore).toContain(`attribute set catalog_product/Clothing #${merchant.clothingSet}`)
      expect(misplacedBefore.some((entry) => entry.startsWith('attribute catalog_product/vendor_color #'))).toBe(true)
      const after = await checkEavAlignment(source, destination, { sourcePrefix, destPrefix })
      expect(after.misplaced).toEqual([])
      expect(after.checked).toBeGreaterThan(100)
      // A merchant creates an attribute in Magento 1 after the data run: delta's check names it.
      await m1.query(
        `INSERT INTO ${s('eav_attribute')} (entity_type_id, attribute_code, backend_type, frontend_input) SELECT entity_type_id, 'late_arrival', 'varchar', 'text' FROM ${s('eav_entity_type')} WHERE entity_type_code = 'catalog_product'`,
      )
      const [late] = await rows<{ id: number }>(
        m1,
        `SELECT attribute_id AS id FROM ${s('eav_attribute')} WHERE attribute_code = 'late_arrival'`,
      )
      try {
        expect((await checkEavAlignment(source, destination, { sourcePrefix, destPrefix })).misplaced).toEqual([
          `attribute catalog_product/late_arrival #${late?.id}`,
        ])
      } finally {
        await m1.query(`DELETE FROM ${s('eav_attribute')} WHERE attribute_code = 'late_arrival'`)
      }
    })

    it('gives every Magento 1 attribute its Magento 1 id, code and entity type in Magento 2', async () => {
      const after = await attributeIds(m2, destPrefix)
      for (const [code, id] of m1Attributes) expect([code, after.get(code)]).toEqual([code, id])
      expect(report.skippedEntityTypes).toEqual([])
      expect(report.counts.attribute.created).toBeGreaterThanOrEqual(2)
    })

    it('keeps every Magento 2-only attribute under an id Magento 1 does not use, with its extras and placements', async () => {
      const after = await attributeIds(m2, destPrefix)
      const m1Ids = new Set(m1Attributes.values())
      for (const code of m2OnlyCodes()) {
        const id = after.get(code)
        expect(id, code).toBeDefined()
        expect(m1Ids.has(id ?? 0), `${code} has id ${id}`).toBe(false)
      }
      // with headroom above Magento 1's next attribute id, for the attributes Magento 1 creates while delta runs
      expect(after.get('catalog_product/swatch_image')).toBeGreaterThan(Math.max(...m1Ids) + 500)
      expect(await extrasOf(m2OnlyCodes())).toEqual(m2OnlyExtrasBefore)
      expect(await placementsOf(m2OnlyCodes())).toEqual(m2OnlyPlacementsBefore)
      expect(
        m2OnlyPlacementsBefore.some(
          (row) => row.code === 'catalog_product/quantity_and_stock_status' && row.set === 'Default',
        ),
      ).toBe(true)
    })

    it('keeps every value row of the Magento 2 sample catalog with its attribute (counted per attribute code)', async () => {
      expect(valuesBefore.get('catalog_product_entity_varchar/catalog_product/swatch_image')).toBe(22)
      expect(await valueRowsByCode(m2, destPrefix)).toEqual(valuesBefore)
      const [superAttribute] = await rows<{ code: string }>(
        m2,
        `SELECT a.attribute_code AS code FROM ${d('catalog_product_super_attribute')} sa JOIN ${d('eav_attribute')} a ON a.attribute_id = sa.attribute_id`,
      )
      expect(superAttribute?.code).toBe('color')
    })

    it('moves option ids inside select and multiselect values and default values with their options', async () => {
      expect(await colorByProduct()).toEqual(colorByProductBefore)
      expect(await multiselectLabels(m2, destPrefix, 'm2_features')).toEqual({
        value: ['Wifi', 'Bluetooth'],
        defaultValue: ['Wifi'],
      })
      expect(report.optionValueCells).toBeGreaterThanOrEqual(5)
    })

    it('leaves no dangling reference to any re-keyed table', async () => {
      const keys = await foreignKeysTo(
        m2,
        m2Name,
        REKEYED_TABLES.map((table) => `${destPrefix}${table}`),
      )
      expect(keys.length).toBeGreaterThan(40)
      for (const key of keys) {
        const [orphans] = await rows<{ n: number }>(
          m2,
          `SELECT COUNT(*) AS n FROM \`${key.table}\` c LEFT JOIN \`${key.parent}\` p ON p.\`${key.parentColumn}\` = c.\`${key.column}\` WHERE c.\`${key.column}\` IS NOT NULL AND p.\`${key.parentColumn}\` IS NULL`,
        )
        expect([`${key.table}.${key.column}`, Number(orphans?.n)]).toEqual([`${key.table}.${key.column}`, 0])
      }
      const [misplaced] = await rows<{ n: number }>(
        m2,
        `SELECT COUNT(*) AS n FROM ${d('eav_entity_attribute')} ea JOIN ${d('eav_attribute_group')} g ON g.attribute_group_id = ea.attribute_group_id WHERE g.attribute_set_id <> ea.attribute_set_id`,
      )
      expect(Number(misplaced?.n)).toBe(0)
    })

    it('writes Magento 1 sets, groups, placements, options, option values and labels with their Magento 1 ids', async () => {
      const same = async (table: string, id: string, columns: readonly string[]): Promise<void> => {
        const list = `${id}, ${columns.join(', ')}`
        const expected = await rows(m1, `SELECT ${list} FROM ${s(table)} ORDER BY ${id}`)
        const actual = await rows<Record<string, unknown>>(
          m2,
          `SELECT ${list} FROM ${d(table)} WHERE ${id} IN (?) ORDER BY ${id}`,
          [expected.map((row) => (row as Record<string, unknown>)[id])],
        )
        expect(actual, table).toEqual(expected)
      }
      await same('eav_attribute_set', 'attribute_set_id', ['entity_type_id', 'attribute_set_name'])
      await same('eav_attribute_group', 'attribute_group_id', [
        'attribute_set_id',
        'attribute_group_name',
        'sort_order',
      ])
      await same('eav_entity_attribute', 'entity_attribute_id', [
        'entity_type_id',
        'attribute_set_id',
        'attribute_group_id',
        'attribute_id',
        'sort_order',
      ])
      await same('eav_attribute_option', 'option_id', ['attribute_id', 'sort_order'])
      await same('eav_attribute_option_value', 'value_id', ['option_id', 'store_id', 'value'])
      await same('eav_attribute_label', 'attribute_label_id', ['attribute_id', 'store_id', 'value'])
      // Magento 2's own store labels of an option Magento 1 also has are Magento 1's
      const gender = await rows(
        m2,
        `SELECT ov.value FROM ${d('eav_attribute_option_value')} ov JOIN ${d('eav_attribute_option')} o ON o.option_id = ov.option_id WHERE o.attribute_id = ? AND ov.store_id = 0 ORDER BY ov.value`,
        [m1Attributes.get('customer/gender')],
      )
      expect(gender).toEqual([{ value: 'Female' }, { value: 'Male' }, { value: 'Not Specified' }])
    })

    it('creates the merchant attribute with its id, options, placement, extras and a translated source model', async () => {
      const [attribute] = await rows(
        m2,
        `SELECT attribute_code, entity_type_id, backend_type, frontend_input, source_model, is_user_defined, frontend_label FROM ${d('eav_attribute')} WHERE attribute_id = ?`,
        [merchant.vendorColor],
      )
      expect(attribute).toEqual({
        attribute_code: 'vendor_color',
        entity_type_id: 4,
        backend_type: 'int',
        frontend_input: 'select',
        source_model: 'Magento\\Eav\\Model\\Entity\\Attribute\\Source\\Table',
        is_user_defined: 1,
        frontend_label: 'Vendor Color',
      })
      const [materials] = await rows(m2, `SELECT backend_model FROM ${d('eav_attribute')} WHERE attribute_id = ?`, [
        merchant.vendorMaterials,
      ])
      expect(materials).toEqual({ backend_model: 'Magento\\Eav\\Model\\Entity\\Attribute\\Backend\\ArrayBackend' })
      const [extra] = await rows(
        m2,
        `SELECT is_filterable, apply_to, is_pagebuilder_enabled FROM ${d('catalog_eav_attribute')} WHERE attribute_id = ?`,
        [merchant.vendorColor],
      )
      // Magento 1's is_configurable (default 1) lives on in apply_to, which Magento 2 checks instead
      expect(extra).toEqual({ is_filterable: 1, apply_to: 'simple,configurable,virtual', is_pagebuilder_enabled: 0 })
      const [color] = await rows(m2, `SELECT apply_to FROM ${d('catalog_eav_attribute')} WHERE attribute_id = ?`, [
        m1Attributes.get('catalog_product/color'),
      ])
      expect(color).toEqual({ apply_to: 'simple,virtual,configurable' })
      const options = await rows(
        m2,
        `SELECT o.option_id, ov.store_id, ov.value FROM ${d('eav_attribute_option')} o JOIN ${d('eav_attribute_option_value')} ov ON ov.option_id = o.option_id WHERE o.attribute_id = ? ORDER BY o.option_id, ov.store_id`,
        [merchant.vendorColor],
      )
      expect(options).toEqual([
        { option_id: merchant.red, store_id: 0, value: 'Red' },
        { option_id: merchant.red, store_id: 1, value: 'Rot' },
        { option_id: merchant.blue, store_id: 0, value: 'Blue' },
      ])
      const placements = await rows(
        m2,
        `SELECT ea.attribute_set_id, g.attribute_group_id, g.attribute_group_name, g.attribute_group_code FROM ${d('eav_entity_attribute')} ea JOIN ${d('eav_attribute_group')} g ON g.attribute_group_id = ea.attribute_group_id WHERE ea.attribute_id = ? ORDER BY ea.attribute_set_id`,
        [merchant.vendorColor],
      )
      expect(placements).toEqual([
        {
          attribute_set_id: 4,
          attribute_group_id: 7,
          attribute_group_name: 'General',
          attribute_group_code: 'general',
        },
        {
          attribute_set_id: merchant.clothingSet,
          attribute_group_id: merchant.clothingGroups[1],
          attribute_group_name: 'Size & Fit',
          attribute_group_code: 'size-fit',
        },
      ])
      const [label] = await rows(m2, `SELECT store_id, value FROM ${d('eav_attribute_label')} WHERE attribute_id = ?`, [
        merchant.vendorColor,
      ])
      expect(label).toEqual({ store_id: 1, value: 'Farbe' })
    })

    it('keeps Magento 2 models of matched attributes and lists the Magento 1 models it could not translate', async () => {
      const [media] = await rows(
        m2,
        `SELECT backend_model, backend_type FROM ${d('eav_attribute')} WHERE attribute_id = ?`,
        [m1Attributes.get('catalog_product/media_gallery')],
      )
      expect(media).toEqual({ backend_model: null, backend_type: 'static' })
      const [status] = await rows(
        m2,
        `SELECT source_model, default_value FROM ${d('eav_attribute')} WHERE attribute_id = ?`,
        [m1Attributes.get('catalog_product/status')],
      )
      expect(status).toEqual({
        source_model: 'Magento\\Catalog\\Model\\Product\\Attribute\\Source\\Status',
        default_value: '1',
      })
      expect(report.untranslatedModels).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            attributeCode: 'group_price',
            column: 'backend_model',
            value: 'catalog/product_attribute_backend_groupprice',
          }),
        ]),
      )
      const [groupPrice] = await rows(m2, `SELECT backend_model FROM ${d('eav_attribute')} WHERE attribute_id = ?`, [
        m1Attributes.get('catalog_product/group_price'),
      ])
      expect(groupPrice).toEqual({ backend_model: null })
      expect(
        report.warnings.some(
          (warning) => warning.kind === 'magento1-only-system-attribute' && warning.message.includes('group_price'),
        ),
      ).toBe(true)
    })

    it('leaves AUTO_INCREMENT counters where they were, or just above the highest id', async () => {
      for (const [table, counter] of await counters()) {
        const id = Object.values(EAV_TABLES).find((kind) => `${destPrefix}${kind.table}` === table)?.idColumn ?? ''
        const [top] = await rows<{ n: number }>(m2, `SELECT COALESCE(MAX(\`${id}\`), 0) AS n FROM \`${table}\``)
        expect([table, counter]).toEqual([table, Math.max(countersBefore.get(table) ?? 0, Number(top?.n) + 1)])
      }
    })

    it('reports counts per kind and logs one line per kind', () => {
      expect(report.alreadyAligned).toBe(false)
      expect(report.counts.attribute.moved).toBeGreaterThan(50)
      expect(report.counts.attribute.rekeyed).toBeGreaterThan(0)
      expect(report.counts.option.rekeyed).toBe(6)
      expect(report.counts.attributeSet.created).toBe(1)
      expect(report.references.attribute).toEqual(
        expect.arrayContaining([
          { table: `${destPrefix}catalog_product_super_attribute`, column: 'attribute_id', via: 'known' },
        ]),
      )
      expect(records.filter((record) => record.level === 'info' && record.message.startsWith('eav '))).toHaveLength(8)
    })

    it('changes nothing when run again', async () => {
      const tables = CHECKED_TABLES.map((table) => `${destPrefix}${table}`)
      const before = await checksums(m2, m2Name, tables)
      const second = await runAlignment()
      expect(await checksums(m2, m2Name, tables)).toEqual(before)
      expect(second.alreadyAligned).toBe(true)
      for (const counts of Object.values(second.counts))
        expect(counts).toMatchObject({ created: 0, moved: 0, rekeyed: 0, replaced: 0 })
    })

    if (sourcePrefix === '') {
      it('keeps an aligned option, set and group on its id when Magento 1 renames it', async () => {
        // a Magento 1 value already copied into Magento 2 points at the option
        await m2.query(
          `INSERT INTO ${d('catalog_product_entity_int')} (attribute_id, store_id, entity_id, value) VALUES (?, 0, 2, ?)`,
          [merchant.vendorColor, merchant.red],
        )
        await m1.query(
          `UPDATE ${s('eav_attribute_option_value')} SET value = 'Crimson' WHERE option_id = ? AND store_id = 0`,
          [merchant.red],
        )
        await m1.query(
          `UPDATE ${s('eav_attribute_set')} SET attribute_set_name = 'Apparel' WHERE attribute_set_id = ?`,
          [merchant.clothingSet],
        )
        await m1.query(
          `UPDATE ${s('eav_attribute_group')} SET attribute_group_name = 'Fit' WHERE attribute_group_id = ?`,
          [merchant.clothingGroups[1]],
        )
        // and a label for a store view Magento 2 does not have (yet)
        await m1.query(
          `INSERT INTO ${s('core_store')} (store_id, code, website_id, group_id, name, sort_order, is_active) VALUES (7, 'french', 1, 1, 'French', 1, 1)`,
        )
        await m1.query(
          `INSERT INTO ${s('eav_attribute_label')} (attribute_id, store_id, value) VALUES (?, 7, 'Couleur')`,
          [merchant.vendorColor],
        )
        const third = await runAlignment()
        expect(third.warnings).toContainEqual({
          kind: 'missing-store',
          message: expect.stringMatching(/eav_attribute_label: 1 Magento 1 row\(s\) for store_id 7/),
        })
        expect(
          await rows(m2, `SELECT value FROM ${d('eav_attribute_label')} WHERE attribute_id = ? ORDER BY store_id`, [
            merchant.vendorColor,
          ]),
        ).toEqual([{ value: 'Farbe' }])
        expect(third.counts.option).toMatchObject({ created: 0, rekeyed: 0 })
        expect(
          await rows(m2, `SELECT value FROM ${d('eav_attribute_option_value')} WHERE option_id = ? AND store_id = 0`, [
            merchant.red,
          ]),
        ).toEqual([{ value: 'Crimson' }])
        expect(
          await rows(
            m2,
            `SELECT value FROM ${d('catalog_product_entity_int')} WHERE attribute_id = ? AND entity_id = 2`,
            [merchant.vendorColor],
          ),
        ).toEqual([{ value: merchant.red }])
        expect(
          await rows(m2, `SELECT attribute_set_name FROM ${d('eav_attribute_set')} WHERE attribute_set_id = ?`, [
            merchant.clothingSet,
          ]),
        ).toEqual([{ attribute_set_name: 'Apparel' }])
        expect(
          await rows(
            m2,
            `SELECT attribute_group_name, attribute_group_code FROM ${d('eav_attribute_group')} WHERE attribute_group_id = ?`,
            [merchant.clothingGroups[1]],
          ),
        ).toEqual([{ attribute_group_name: 'Fit', attribute_group_code: 'size-fit' }])
      })
    }
  })
}

describe('alignEav module', () => {
  it('exports the entry point', () => {
    expect(typeof alignEav).toBe('function')
  })
})
