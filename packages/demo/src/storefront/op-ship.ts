import { serializeFor, statusFor, tbl, type WriterContext } from './context.js'
import { notBefore } from './clock.js'
import { refreshGrid } from './grid.js'
import { allocateIncrementId } from './increment.js'
import { dec, sum, times, unitsOf } from './money.js'
import { lockOrderItems, pickAndLockOrder } from './order-pick.js'
import { orderStateAfter } from './order-state.js'
import type { PhpValue } from './php-serialize.js'
import type { Rng } from './prng.js'
import { idOf, str } from './sql.js'
import type { OpOutcome } from './types.js'

const CARRIERS = [
  { code: 'ups', title: 'United Parcel Service' },
  { code: 'fedex', title: 'Federal Express' },
  { code: 'custom', title: 'PostNord — Pakke 📦' },
] as const

/** Admin "Ship": shipment + items + track + comment + grid, packages serialized, order items qty_shipped. */
export async function ship(ctx: WriterContext, rng: Rng): Promise<OpOutcome> {
  const at0 = ctx.clock.tick(rng)
  return ctx.tx.run(rng.uint32(), async (conn, r) => {
    const s = ctx.schema
    const items = tbl(ctx, 'sales_flat_order_item')
    const order = await pickAndLockOrder(
      conn,
      ctx,
      r,
      `o.state IN ('new', 'processing') AND EXISTS (SELECT 1 FROM ${items} i WHERE i.order_id = o.entity_id
         AND IFNULL(i.is_virtual, 0) = 0 AND i.qty_ordered > i.qty_shipped + i.qty_canceled + IFNULL(i.qty_refunded, 0))`,
    )
    if (!order) return 'skipped'
    const orderId = idOf(order.entity_id)!
    const at = notBefore(at0, order.updated_at)
    const orderItems = await lockOrderItems(conn, ctx, orderId)
    const partial = r.chance(0.2)
    const lines = orderItems
      .filter((it) => Number(it.is_virtual ?? 0) !== 1)
      .map((it) => {
        const open =
          unitsOf(it, 'qty_ordered') -
          unitsOf(it, 'qty_shipped') -
          unitsOf(it, 'qty_canceled') -
          unitsOf(it, 'qty_refunded')
        return { it, qty: partial ? Math.min(open, 10000) : open }
      })
      .filter((l) => l.qty > 0)
      .slice(0, partial ? 1 : undefined)
    if (lines.length === 0) return 'skipped'
    const storeId = idOf(order.store_id) ?? ctx.stores[0]!.storeId
    const incrementId = await allocateIncrementId(conn, s, ctx.types.shipment, storeId)
    const totalQty = sum(lines.map((l) => l.qty))
    const totalWeight = sum(lines.map((l) => times(unitsOf(l.it, 'weight'), l.qty)))

    let packages: string | null = null
    if (r.chance(0.5)) {
      const pkgItems = new Map<number, PhpValue>()
      for (const l of lines) {
        pkgItems.set(Number(l.it.item_id), {
          qty: String(l.qty / 10000),
          customs_value: dec(unitsOf(l.it, 'price')),
          price: dec(unitsOf(l.it, 'price')),
          name: str(l.it.name) ?? '',
          weight: dec(unitsOf(l.it, 'weight')),
          product_id: str(l.it.product_id) ?? '',
          order_item_id: String(l.it.item_id),
        })
      }
      packages = serializeFor(
        ctx,
        'sales_flat_shipment',
        'packages',
        new Map<number, PhpValue>([
          [
            1,
            {
              params: {
                container: 'YOUR_PACKAGING',
                weight: totalWeight / 10000,
                customs_value: 12.5,
                length: '',
                width: '',
                height: '',
                weight_units: 'KILOGRAM',
                dimension_units: 'CENTIMETER',
                content_type: '',
                content_type_other: 'Gaver / 礼物 🎁',
              },
              items: pkgItems,
            },
          ],
        ]),
      )
    }

    const shipmentId = await s.insert(conn, 'sales_flat_shipment', {
      store_id: storeId,
      total_weight: totalWeight > 0 ? dec(totalWeight) : null,
      total_qty: dec(totalQty),
      email_sent: r.chance(0.5) ? 1 : null,
      order_id: orderId,
      customer_id: idOf(order.customer_id),
      shipping_address_id: idOf(order.shipping_address_id),
      billing_address_id: idOf(order.billing_address_id),
      shipment_status: null,
      increment_id: incrementId,
      created_at: at,
      updated_at: at,
      packages,
      shipping_label: null,
    })
    for (const l of lines) {
      await s.insert(conn, 'sales_flat_shipment_item', {
        parent_id: shipmentId,
        row_total: null,
        price: str(l.it.price),
        weight: str(l.it.weight),
        qty: dec(l.qty),
        product_id: idOf(l.it.product_id),
        order_item_id: idOf(l.it.item_id),
        additional_data: null,
        description: null,
        name: str(l.it.name),
        sku: str(l.it.sku),
      })
      const shipped = unitsOf(l.it, 'qty_shipped') + l.qty
      await s.update(conn, 'sales_flat_order_item', { updated_at: at, qty_shipped: dec(shipped) }, 'item_id = ?', [
        idOf(l.it.item_id)!,
      ])
      l.it.qty_shipped = dec(shipped)
    }
    if (r.chance(0.8) && s.has('sales_flat_shipment_track')) {
      const carrier = r.pick(CARRIERS)
      // Magento 1.6+ calls the column track_number; older schemas had `number`.
      const numberColumn = s.hasColumn('sales_flat_shipment_track', 'track_number') ? 'track_number' : 'number'
      await s.insert(conn, 'sales_flat_shipment_track', {
        parent_id: shipmentId,
        weight: totalWeight > 0 ? dec(totalWeight) : null,
        qty: dec(totalQty),
        order_id: orderId,
        [numberColumn]: `1Z${r.hex(16).toUpperCase()}`,
        description: null,
        title: carrier.title,
        carrier_code: carrier.code,
        created_at: at,
        updated_at: at,
      })
    }
    if (r.chance(0.5) && s.has('sales_flat_shipment_comment')) {
      await s.insert(conn, 'sales_flat_shipment_comment', {
        parent_id: shipmentId,
        is_customer_notified: r.chance(0.5) ? 1 : 0,
        is_visible_on_front: 1,
        comment: r.pick([
          'Sendt med PostNord 📦',
          'Leave at the door — ドアの前に置いてください',
          'Fragile: "glass" \\ handle with care',
        ]),
        created_at: at,
      })
    }
    await refreshGrid(conn, ctx, 'shipment', shipmentId)

    const state = orderStateAfter(String(order.state), orderItems)
    await s.update(
      conn,
      'sales_flat_order',
      { state, status: state === String(order.state) ? str(order.status) : statusFor(ctx, state), updated_at: at },
      'entity_id = ?',
      [orderId],
    )
    await refreshGrid(conn, ctx, 'order', orderId)
    return 'done'
  })
}
