/**
 * DECIMAL(12,4) arithmetic in integer ten-thousandths ("units"), never floats.
 * mysql2 returns DECIMAL as a string; the writer writes them back as "123.4500".
 */
export type Units = number

const SCALE = 10000

export function parseUnits(v: string | number | null | undefined): Units {
  if (v === null || v === undefined || v === '') return 0
  const s = typeof v === 'number' ? v.toFixed(4) : v.trim()
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(s)
  if (!m) throw new Error(`not a decimal: ${s}`)
  const int = Number(m[2] || '0')
  const frac = Number(((m[3] ?? '') + '0000').slice(0, 4))
  const u = int * SCALE + frac
  return m[1] === '-' ? -u : u
}

/** "123.4500" (always four decimals, as Magento 1 stores them). */
export function dec(u: Units): string {
  if (!Number.isSafeInteger(u)) throw new Error(`amount out of range: ${u}`)
  const neg = u < 0
  const a = Math.abs(u)
  const s = `${Math.floor(a / SCALE)}.${String(a % SCALE).padStart(4, '0')}`
  return neg ? `-${s}` : s
}

/** Whole units from a plain number of currency (e.g. 5 → 5.0000). */
export const units = (amount: number): Units => Math.round(amount * SCALE)

/** Round to cents, half away from zero (PHP round()). */
export function roundCents(u: Units): Units {
  const sign = u < 0 ? -1 : 1
  return sign * Math.round(Math.abs(u) / 100) * 100
}

/** price × qty, both in units. */
export const times = (price: Units, qty: Units): Units => roundCents(Math.round((price * qty) / SCALE))

/** amount × percent/100, percent in units (8.25% → 82500). */
export const percentOf = (amount: Units, percent: Units): Units =>
  roundCents(Math.round((amount * percent) / (100 * SCALE)))

export const sum = (xs: readonly Units[]): Units => xs.reduce((a, b) => a + b, 0)

/** A DECIMAL column of a row read from the database, in units (NULL → 0). */
export function unitsOf(row: Record<string, unknown>, column: string): Units {
  const v = row[column]
  if (v === null || v === undefined) return 0
  if (typeof v === 'string' || typeof v === 'number') return parseUnits(v)
  throw new Error(`${column} is not a decimal`)
}

/** Share of `amount` for `part` of `whole` (e.g. tax of 1 of 3 ordered), rounded to cents. */
export const share = (amount: Units, part: Units, whole: Units): Units =>
  whole === 0 ? 0 : roundCents(Math.round((amount * part) / whole))

/** The fixed product tax amounts of an order or quote item without any (Magento 1 writes them as zeros). */
export const NO_WEEE_AMOUNTS: Readonly<Record<string, string>> = {
  weee_tax_applied_amount: dec(0),
  weee_tax_applied_row_amount: dec(0),
  base_weee_tax_applied_amount: dec(0),
  base_weee_tax_applied_row_amnt: dec(0),
  weee_tax_disposition: dec(0),
  weee_tax_row_disposition: dec(0),
  base_weee_tax_disposition: dec(0),
  base_weee_tax_row_disposition: dec(0),
}
