import type { ProductInfo } from './catalog.js'
import type { WriterContext } from './context.js'
import type { CustomerInfo } from './customers.js'
import { units, type Units } from './money.js'
import type { PhpValue } from './php-serialize.js'
import type { Rng } from './prng.js'
import { address, GIFT_MESSAGES, longNote, person, type AddressData, type Person } from './sample-data.js'
import type { StoreInfo } from './store-data.js'
import { collectTotals, type Totals } from './totals.js'

export interface ShippingMethod {
  carrier: string
  carrierTitle: string
  method: string
  methodTitle: string
  perItem: Units
}

export const SHIPPING_METHODS: readonly ShippingMethod[] = [
  { carrier: 'flatrate', carrierTitle: 'Flat Rate', method: 'flatrate', methodTitle: 'Fixed', perItem: units(5) },
  { carrier: 'freeshipping', carrierTitle: 'Free Shipping', method: 'freeshipping', methodTitle: 'Free', perItem: 0 },
  { carrier: 'tablerate', carrierTitle: 'Best Way', method: 'bestway', methodTitle: 'Table Rate', perItem: units(7.5) },
]

export interface PaymentPlan {
  method: string
  ccType: string | null
  ccLast4: string | null
  ccOwner: string | null
  ccExpMonth: number
  ccExpYear: number
  ccNumberEnc: string | null
  poNumber: string | null
  additional: PhpValue
}

export interface CustomOption {
  optionId: number
  label: string
  value: string
}

export interface PlannedItem {
  product: ProductInfo
  qty: Units
  option: CustomOption | null
}

/** Everything a checkout will write, decided up front so a retried transaction writes the same. */
export interface CheckoutPlan {
  store: StoreInfo
  customer: CustomerInfo | null
  buyer: Person
  dob: string | null
  gender: number | null
  billing: AddressData
  shipping: AddressData
  sameAsBilling: boolean
  items: PlannedItem[]
  shippingMethod: ShippingMethod
  payment: PaymentPlan
  taxPercent: Units
  discountPercent: Units
  couponCode: string | null
  totals: Totals
  gift: { sender: string; recipient: string; message: string } | null
  customerNote: string | null
  remoteIp: string
  protectCode: string
  uenc: string
}

function paymentPlan(rng: Rng, buyer: Person): PaymentPlan {
  const kind = rng.weighted({ checkmo: 5, ccsave: 3, purchaseorder: 1, banktransfer: 1 })
  const base: PaymentPlan = {
    method: kind,
    ccType: null,
    ccLast4: null,
    ccOwner: null,
    ccExpMonth: 0,
    ccExpYear: 0,
    ccNumberEnc: null,
    poNumber: null,
    additional: [],
  }
  if (kind === 'ccsave') {
    const last4 = rng.digits(4)
    return {
      ...base,
      ccType: rng.pick(['VI', 'MC', 'AE']),
      ccLast4: last4,
      ccOwner: `${buyer.firstname} ${buyer.lastname}`,
      ccExpMonth: rng.int(1, 12),
      ccExpYear: rng.int(2016, 2030),
      // Looks like Magento 1's mcrypt output (base64); encrypted with a key nobody has.
      ccNumberEnc: Buffer.from(`fake-enc-${rng.hex(24)}-${last4}`).toString('base64'),
      additional: { cc_owner_note: `${buyer.firstname} ✓`, fraud_score: 0.25 },
    }
  }
  if (kind === 'purchaseorder')
    return { ...base, poNumber: `PO-${rng.digits(6)}`, additional: { po_note: 'Bestellung für Zoë' } }
  if (kind === 'banktransfer') return { ...base, additional: { instructions: 'IBAN DK50 0040 0440 1162 43 — Ørsted' } }
  return {
    ...base,
    additional: rng.chance(0.5) ? [] : { payable_to: 'Zoë Ørsted 東京', mailing_address: 'Østergade 12\nKøbenhavn' },
  }
}

export function planCheckout(ctx: WriterContext, rng: Rng, registered: boolean): CheckoutPlan {
  const n = ++ctx.seq.n
  const customer = registered && ctx.customers.length > 0 ? rng.pick(ctx.customers) : null
  const buyer: Person = customer
    ? {
        prefix: null,
        firstname: customer.firstname,
        middlename: null,
        lastname: customer.lastname,
        email: customer.email,
      }
    : person(rng, ctx.seed * 1_000_000 + n)
  const billing = address(rng, buyer)
  const sameAsBilling = rng.chance(0.7)
  const shipping = sameAsBilling ? { ...billing } : address(rng, { ...person(rng, n), email: buyer.email })
  const items: PlannedItem[] = []
  const lineCount = rng.int(1, Math.min(4, ctx.products.length + 1))
  for (let i = 0; i < lineCount; i++) {
    const product = rng.pick(ctx.products)
    if (items.some((it) => it.product === product)) continue
    items.push({
      product,
      qty: units(rng.int(1, 3)),
      option: rng.chance(0.25)
        ? { optionId: rng.int(1, 50), label: 'Gravur / 刻印', value: `${buyer.firstname} 🎁 ${rng.hex(4)}` }
        : null,
    })
  }
  const shippingMethod = rng.pick(SHIPPING_METHODS)
  const taxPercent = rng.pick([0, units(8.25), units(25), units(19)])
  const couponCode = rng.chance(0.15) ? `ZOË-${rng.hex(4).toUpperCase()}` : null
  const discountPercent = couponCode ? units(10) : 0
  return {
    store: rng.pick(ctx.stores),
    customer,
    buyer,
    dob: rng.chance(0.6)
      ? null
      : rng.chance(0.5)
        ? '0000-00-00 00:00:00'
        : `19${rng.int(50, 99)}-0${rng.int(1, 9)}-1${rng.int(0, 9)} 00:00:00`,
    gender: rng.chance(0.5) ? null : rng.int(1, 2),
    billing,
    shipping,
    sameAsBilling,
    items,
    shippingMethod,
    payment: paymentPlan(rng, buyer),
    taxPercent,
    discountPercent,
    couponCode,
    totals: collectTotals(items, taxPercent, shippingMethod.perItem, discountPercent),
    gift: rng.chance(0.2)
      ? { sender: buyer.firstname, recipient: rng.pick(['Ana', 'Søren', '美咲']), message: rng.pick(GIFT_MESSAGES) }
      : null,
    customerNote: rng.chance(0.05) ? longNote(rng) : rng.chance(0.2) ? 'Bitte nicht klingeln — 请勿按门铃 🙏' : null,
    remoteIp: rng.chance(0.8)
      ? `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`
      : `2001:db8::${rng.hex(4)}`,
    protectCode: rng.hex(6),
    uenc: Buffer.from(`http://shop.example.com/catalog/product/view/id/${rng.int(1, 999)}/`)
      .toString('base64')
      .replace(/=+$/, ''),
  }
}

/** info_buyRequest as Magento 1 stores it (quote_item_option.value, order_item.product_options). */
export function buyRequest(
  uenc: string,
  item: { product: ProductInfo; qty: Units; option: CustomOption | null },
): PhpValue {
  const req: Record<string, PhpValue> = {
    uenc,
    product: item.product.id ?? '0',
    form_key: 'Xk3yZ9aBcD1eF2gH',
    related_product: '',
    qty: String(item.qty / 10000),
  }
  if (item.option) req.options = new Map<number, PhpValue>([[item.option.optionId, item.option.value]])
  return req
}
