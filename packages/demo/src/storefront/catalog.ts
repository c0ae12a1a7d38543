import { loadAttributes, loadAttributeValues } from './eav.js'
import { parseUnits, type Units } from './money.js'
import type { Schema } from './schema.js'
import { idOf, rows, str } from './sql.js'
import type { Conn, Id } from './types.js'

export interface ProductInfo {
  /** null when the catalog is empty and the writer sells synthetic products (product_id NULL). */
  id: Id | null
  sku: string
  name: string
  price: Units
  weight: Units
  typeId: string
}

const SYNTHETIC: readonly ProductInfo[] = [
  { id: null, sku: 'SYN-MUG-001', name: 'Mug „Zoë“ 東京', price: 129_900, weight: 4_000, typeId: 'simple' },
  { id: null, sku: 'SYN-TEE-002', name: 'T-shirt Ørsted', price: 249_500, weight: 2_000, typeId: 'simple' },
  { id: null, sku: 'SYN-BOOK-003', name: 'Book: Ελληνικά', price: 99_000, weight: 8_000, typeId: 'simple' },
]

/** Sellable products with name, price and weight (store-0 EAV values; synthesized when absent). */
export async function loadProducts(conn: Conn, schema: Schema): Promise<ProductInfo[]> {
  if (!schema.has('catalog_product_entity')) return [...SYNTHETIC]
  const list = await rows(
    conn,
    `SELECT entity_id, sku, type_id FROM ${schema.t('catalog_product_entity')}
      WHERE type_id IN ('simple', 'virtual', 'downloadable') ORDER BY entity_id`,
  )
  if (list.length === 0) return [...SYNTHETIC]
  const attrs = await loadAttributes(conn, schema, 'catalog_product', ['name', 'price', 'weight'])
  const names = await loadAttributeValues(conn, schema, 'catalog_product_entity', attrs.get('name'))
  const prices = await loadAttributeValues(conn, schema, 'catalog_product_entity', attrs.get('price'))
  const weights = await loadAttributeValues(conn, schema, 'catalog_product_entity', attrs.get('weight'))
  return list.map((r, i) => {
    const id = idOf(r.entity_id) ?? '0'
    const sku = str(r.sku) || `SKU-${id}`
    let price = 0
    try {
      price = parseUnits(prices.get(id))
    } catch {
      price = 0
    }
    return {
      id,
      sku,
      name: names.get(id) ?? `Product ${sku}`,
      price: price > 0 ? price : 100_000 + i * 12_500,
      weight: (() => {
        try {
          return parseUnits(weights.get(id))
        } catch {
          return 0
        }
      })(),
      typeId: str(r.type_id) ?? 'simple',
    }
  })
}
