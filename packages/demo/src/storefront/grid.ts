import type { WriterContext } from './context.js'
import { exec, q } from './sql.js'
import type { Conn, Id } from './types.js'

export type GridKind = 'order' | 'invoice' | 'shipment' | 'creditmemo'

interface GridSpec {
  grid: string
  main: string
  /** grid column → [SQL expression over main/o/a, tables the expression needs] */
  virtual: Record<string, [string, string[]]>
  /** address join column on main (billing_address_id / shipping_address_id) */
  addressVia: string | null
}

const fullName = "CONCAT(IFNULL(a.firstname, ''), ' ', IFNULL(a.lastname, ''))"
const nameVia = (col: string): [string, string[]] => [fullName.replace(/a\./g, `${col}.`), ['sales_flat_order_address']]

const SPECS: Record<GridKind, GridSpec> = {
  order: {
    grid: 'sales_flat_order_grid',
    main: 'sales_flat_order',
    virtual: { billing_name: nameVia('ba'), shipping_name: nameVia('sa') },
    addressVia: null,
  },
  invoice: {
    grid: 'sales_flat_invoice_grid',
    main: 'sales_flat_invoice',
    virtual: {
      order_increment_id: ['o.increment_id', []],
      order_created_at: ['o.created_at', []],
      billing_name: nameVia('a'),
    },
    addressVia: 'billing_address_id',
  },
  shipment: {
    grid: 'sales_flat_shipment_grid',
    main: 'sales_flat_shipment',
    virtual: {
      order_increment_id: ['o.increment_id', []],
      order_created_at: ['o.created_at', []],
      shipping_name: nameVia('a'),
    },
    addressVia: 'shipping_address_id',
  },
  creditmemo: {
    grid: 'sales_flat_creditmemo_grid',
    main: 'sales_flat_creditmemo',
    virtual: {
      order_increment_id: ['o.increment_id', []],
      order_created_at: ['o.created_at', []],
      billing_name: nameVia('a'),
    },
    addressVia: 'billing_address_id',
  },
}

/**
 * Magento 1's grid refresh (Mage_Sales_Model_Resource_Order_Abstract::updateGridRecords):
 * INSERT INTO grid SELECT main columns + joined "virtual" columns … ON DUPLICATE KEY UPDATE.
 */
export async function refreshGrid(conn: Conn, ctx: WriterContext, kind: GridKind, id: Id): Promise<void> {
  const spec = SPECS[kind]
  const s = ctx.schema
  if (!s.has(spec.grid)) return
  const cols: string[] = []
  const exprs: string[] = []
  for (const c of s.columns(spec.grid)) {
    const v = spec.virtual[c]
    if (v) {
      if (v[1].every((t) => s.has(t))) {
        cols.push(c)
        exprs.push(v[0])
      }
    } else if (s.hasColumn(spec.main, c)) {
      cols.push(c)
      exprs.push(`main.${q(c)}`)
    }
  }
  const addr = s.has('sales_flat_order_address') ? s.t('sales_flat_order_address') : null
  const joins: string[] = []
  if (kind === 'order') {
    if (addr) {
      joins.push(`LEFT JOIN ${addr} ba ON ba.entity_id = main.billing_address_id`)
      joins.push(`LEFT JOIN ${addr} sa ON sa.entity_id = main.shipping_address_id`)
    }
  } else {
    joins.push(`LEFT JOIN ${s.t('sales_flat_order')} o ON o.entity_id = main.order_id`)
    if (addr && spec.addressVia) joins.push(`LEFT JOIN ${addr} a ON a.entity_id = main.${q(spec.addressVia)}`)
  }
  const sql =
    `INSERT INTO ${s.t(spec.grid)} (${cols.map(q).join(', ')}) ` +
    `SELECT ${exprs.join(', ')} FROM ${s.t(spec.main)} main ${joins.join(' ')} WHERE main.entity_id = ? ` +
    `ON DUPLICATE KEY UPDATE ${cols
      .filter((c) => c !== 'entity_id')
      .map((c) => `${q(c)} = VALUES(${q(c)})`)
      .join(', ')}`
  await exec(conn, sql, [id])
}
