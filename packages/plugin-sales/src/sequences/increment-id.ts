/**
 * Increment id arithmetic of both versions.
 *
 * Magento 1 (Mage_Eav_Model_Entity_Increment_Numeric): the last id of a store is kept in
 * eav_entity_store.increment_last_id, e.g. '100000042' with increment_prefix '1'; the next id strips
 * the prefix (when the last id starts with it), casts the rest to int (42) and formats
 * prefix . str_pad(43, 8, '0', STR_PAD_LEFT).
 *
 * Magento 2 (Magento\SalesSequence\Model\Sequence): inserting into sequence_<type>_<store> yields
 * the auto-increment value v; the increment id is sprintf("%s%'.09d%s", prefix, calc(v), suffix)
 * with calc(v) = (v - start_value) * step + start_value, prefix/suffix/start_value/step from the
 * store's active sales_sequence_profile row.
 */

/** What Magento 2 formats an increment id with (sales_sequence_profile, active row). */
export interface SequenceProfile {
  readonly prefix: string
  readonly suffix: string
  readonly startValue: bigint
  readonly step: bigint
}

/** A store without a profile row behaves like Magento 2's defaults. */
export const DEFAULT_SEQUENCE_PROFILE: SequenceProfile = { prefix: '', suffix: '', startValue: 1n, step: 1n }

/** PHP's (int) cast of a string: optional sign and leading digits, else 0. */
export function phpIntCast(text: string): bigint {
  const match = /^\s*([+-]?)(\d+)/.exec(text)
  if (match === null) return 0n
  const value = BigInt(match[2] as string)
  return match[1] === '-' ? -value : value
}

/** The number Magento 1 continues from: the last id without its increment_prefix, as an integer. */
export function magento1IncrementNumber(lastIncrementId: string, incrementPrefix: string | null | undefined): bigint {
  const prefix = incrementPrefix ?? ''
  const rest =
    prefix !== '' && lastIncrementId.startsWith(prefix) ? lastIncrementId.slice(prefix.length) : lastIncrementId
  return phpIntCast(rest)
}

/** calc(v) of Magento 2's Sequence. */
export function sequenceNumber(profile: SequenceProfile, sequenceValue: bigint): bigint {
  return (sequenceValue - profile.startValue) * profile.step + profile.startValue
}

/** The increment id Magento 2 makes of a sequence value. */
export function formatMagento2IncrementId(profile: SequenceProfile, sequenceValue: bigint): string {
  const number = sequenceNumber(profile, sequenceValue)
  const digits = number < 0n ? `-${(-number).toString().padStart(8, '0')}` : number.toString().padStart(9, '0')
  return `${profile.prefix}${digits}${profile.suffix}`
}

/** The smallest sequence value v ≥ 1 with calc(v) > threshold. */
export function smallestSequenceValueAbove(profile: SequenceProfile, threshold: bigint): bigint {
  const step = profile.step > 0n ? profile.step : 1n
  const value = profile.startValue + floorDiv(threshold - profile.startValue, step) + 1n
  return value < 1n ? 1n : value
}

export interface SequenceTarget {
  /** The sequence value Magento 2 must hand out next. */
  readonly nextValue: bigint
  /** calc(nextValue) must exceed this Magento 1 number (its own prefix stripped). */
  readonly magento1Number: bigint
  /**
   * When the Magento 1 id reads as a Magento 2 id of this profile (same prefix and suffix, digits
   * between): that number. The next Magento 2 id is then also numerically above the Magento 1 one,
   * e.g. '100000042' and a profile without prefix → the next Magento 2 id is '100000043'.
   */
  readonly asMagento2Number?: bigint
}

/**
 * The sequence value Magento 2 must hand out next so that its next increment id continues after the
 * last Magento 1 id: above the Magento 1 number (what upstream does) and, when the Magento 1 id fits
 * the Magento 2 profile's pattern, above it read as a Magento 2 number too. `limit` is the largest
 * value the sequence column holds; the second rule is dropped when it would exceed it.
 */
export function sequenceTarget(
  profile: SequenceProfile,
  lastIncrementId: string,
  incrementPrefix: string | null | undefined,
  limit: bigint,
): SequenceTarget & { readonly droppedAsMagento2Number?: bigint } {
  const magento1Number = magento1IncrementNumber(lastIncrementId, incrementPrefix)
  const byMagento1 = smallestSequenceValueAbove(profile, magento1Number)
  const asMagento2Number = readAsMagento2Number(profile, lastIncrementId)
  if (asMagento2Number === undefined) return { nextValue: byMagento1, magento1Number }
  const byMagento2 = smallestSequenceValueAbove(profile, asMagento2Number)
  if (byMagento2 - 1n > limit)
    return { nextValue: byMagento1, magento1Number, droppedAsMagento2Number: asMagento2Number }
  return { nextValue: byMagento2 > byMagento1 ? byMagento2 : byMagento1, magento1Number, asMagento2Number }
}

function readAsMagento2Number(profile: SequenceProfile, id: string): bigint | undefined {
  if (id.length <= profile.prefix.length + profile.suffix.length) return undefined
  if (!id.startsWith(profile.prefix) || !id.endsWith(profile.suffix)) return undefined
  const middle = id.slice(profile.prefix.length, id.length - profile.suffix.length)
  return /^\d+$/.test(middle) ? BigInt(middle) : undefined
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q
}
