/**
 * @vendor/delta-brand: a mig plugin for a Magento 1 brand extension whose Magento 2 version splits
 * one table in two. No map.xml can say that, so the step extends `AbstractDelta` directly and
 * answers three questions; core does everything else with the answers.
 *
 *   tables     which Magento 1 tables the step applies (those etc/deltalog.xml names)
 *   targets    where a table's rows go in Magento 2, and which columns there hold the Magento 1 key
 *   transform  one Magento 1 row → its Magento 2 rows, per target
 *
 * From these the base class re-reads changed rows, deletes the rows of deleted ones from every
 * target, upserts the rest in the round's one transaction, copies the tables in `mig data run`,
 * reconciles them in `--reset` and compares them in `mig verify`.
 *
 * This module is `mig.main`: core imports it and takes every export that carries the delta-step
 * brand (a class is constructed without arguments). Export no other class that extends a step.
 */
import {
  AbstractDelta,
  type DeltaEnvironment,
  type SqlRow,
  type SqlValue,
  type StepTarget,
  type TargetRows,
} from '@mig/core'

/** The npm name, as it appears in TrackedTable.origins for the tables of etc/deltalog.xml. */
export const pluginName = '@vendor/delta-brand'

/**
 * Magento 2 tables per Magento 1 table, parents first: upserts go in this order, deletes in the
 * reverse one. `keyColumns` are the target's columns holding the Magento 1 key (the deltalog key's
 * values, in its order). On a primary or unique key a row is updated in place — here every target:
 * `vendor_brand_content` keeps the `content_id` Magento 2 gave it, as it is unique on `brand_id`;
 * on a key that is not unique the Magento 1 row's rows would be deleted and inserted again.
 */
const TARGETS: Readonly<Record<string, readonly StepTarget[]>> = {
  brand: [
    { table: 'vendor_brand', keyColumns: ['brand_id'] },
    { table: 'vendor_brand_content', keyColumns: ['brand_id'] },
  ],
  brand_store: [{ table: 'vendor_brand_store', keyColumns: ['brand_id', 'store_id'] }],
}

/**
 * Brands and their store links. A brand row becomes a `vendor_brand` row (name, status, order,
 * dates) and a `vendor_brand_content` row (url key, description, logo); a store link stays a link.
 *
 * Deletes need no code: a Magento 1 row that is gone when mig re-reads it loses its rows in every
 * target. Nor do cascades: Magento 1 deletes a brand's store links through its foreign key, which
 * fires no trigger; core reads that key from Magento 1's schema and finds the links in Magento 2
 * through `targets('brand_store')` (the key columns hold `brand_id`), so they go with their brand —
 * by Magento 2's own foreign key where it has one, by mig's delete where it has none.
 */
export class BrandDelta extends AbstractDelta {
  /** The step's name in messages and in config.xml's `<step title="…">`. */
  readonly title = 'Brands'

  /** Claim exactly the tables this package's etc/deltalog.xml names: two steps claiming one table stop the run. */
  override tables(environment: DeltaEnvironment): readonly string[] {
    return environment.tracked.filter((table) => table.origins.includes(pluginName)).map((table) => table.table)
  }

  override targets(table: string): readonly StepTarget[] {
    const targets = TARGETS[table]
    if (!targets) {
      throw new Error(`${this.title}: no Magento 2 table is known for ${table}; add it to TARGETS in src/index.ts`)
    }
    return targets
  }

  /**
   * Values stay exactly as the driver read them (strings for DATETIME, numbers for INT): written
   * back unchanged, they compare equal in `mig verify`. Only what Magento 2 stores differently is
   * computed. This runs for every changed row, in delta and in the full copy alike: keep it pure
   * and fast (no queries; read what you need in `load` or a hook instead). To set a row aside
   * with a reason instead of writing it, throw `FieldHandlerError` from `@mig/core`.
   */
  override transform(table: string, row: SqlRow): TargetRows {
    if (table === 'brand_store') {
      return { vendor_brand_store: [{ brand_id: value(row, 'brand_id'), store_id: value(row, 'store_id') }] }
    }
    if (table !== 'brand') throw new Error(`${this.title}: cannot transform ${table}`)
    const brandId = value(row, 'brand_id')
    return {
      vendor_brand: [
        {
          brand_id: brandId,
          name: value(row, 'name'),
          is_active: value(row, 'is_active'),
          sort_order: value(row, 'sort_order'),
          created_at: value(row, 'created_at'),
          updated_at: value(row, 'updated_at'),
        },
      ],
      vendor_brand_content: [
        {
          brand_id: brandId,
          url_key: urlKeyOf(row),
          description: value(row, 'description'),
          logo_path: logoPathOf(value(row, 'logo')),
          // content_id is left out: Magento 2 assigns it on insert and an update keeps it.
        },
      ],
    }
  }
}

/** Magento 1's url_key, or one derived from the name where it is empty (Magento 2 requires one). */
export function urlKeyOf(row: SqlRow): string {
  const given = text(row['url_key'] ?? null)
  if (given !== null && given.trim() !== '') return given
  const slug = (text(row['name'] ?? null) ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug !== '' ? slug : `brand-${String(row['brand_id'])}`
}

/** Magento 1 keeps the logo relative to media/brand/, Magento 2 relative to media/: `a/c/acme.png` → `brand/a/c/acme.png`. */
export function logoPathOf(logo: SqlValue): string | null {
  const path = text(logo)?.replace(/^\/+/, '')
  return path ? `brand/${path}` : null
}

/** A column of the row as read; a missing column is a mistake in this file, not in the data. */
function value(row: SqlRow, column: string): SqlValue {
  const found = row[column]
  if (found === undefined) throw new Error(`Brands: the Magento 1 row has no column ${column}`)
  return found
}

function text(value: SqlValue): string | null {
  if (value === null) return null
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value)
}
