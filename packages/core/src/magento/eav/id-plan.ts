import { MigError } from '../../errors/mig-error.js'

export interface IdPlanInput {
  /** `eav_attribute.attribute_id`, for messages. */
  readonly label: string
  /** Every Magento 2 id as read. */
  readonly m2Ids: readonly number[]
  /** Magento 2 id → Magento 1 id. */
  readonly pairs: ReadonlyMap<number, number>
  /** Magento 2 ids deleted before re-keying. */
  readonly replaced: ReadonlySet<number>
  /** Ids Magento 1 rows are written with. */
  readonly reserved: ReadonlySet<number>
  /** Every Magento 1 id, written or not, and its AUTO_INCREMENT: where Magento 1's next rows will land. */
  readonly m1Ids: readonly number[]
  readonly m1AutoIncrement: number | undefined
  /** The largest value the id column and every column referring to it can hold. */
  readonly limit: number
  /** The column that sets `limit`, for the message. */
  readonly limitedBy: string
}

export interface IdPlan {
  /** Current Magento 2 id → final id, only for rows whose id changes. */
  readonly moves: ReadonlyMap<number, number>
  /** Paired rows whose id changed to their Magento 1 id. */
  readonly moved: number
  readonly magento2Only: number
  /** Magento 2-only rows given a fresh id. */
  readonly rekeyed: number
}

/**
 * Room left between Magento 1's next id and Magento 2-only rows: Magento 1 keeps creating attributes
 * and options while delta runs for weeks, and a Magento 1 row landing on a Magento 2-only row's id
 * would have its values copied onto the wrong attribute or option until the next alignment.
 */
export function headroomFor(limit: number): number {
  return limit <= 65_535 ? 1_000 : 1_000_000
}

/**
 * Final ids of one table. A paired row takes its Magento 1 id. A Magento 2-only row keeps its id when
 * Magento 1 will never hand it out (below Magento 1's next id and unused, or far enough above it);
 * otherwise it takes a fresh id above every Magento 2 id and `headroomFor` above Magento 1's next id
 * (less when the column is too narrow for that). Keeping ids that are safe makes a second run a no-op.
 */
export function planIds(input: IdPlanInput): IdPlan {
  const m1Next = Math.max(maxOf(input.m1Ids) + 1, input.m1AutoIncrement ?? 1)
  const headroom = headroomFor(input.limit)
  const safeFrom = m1Next + Math.floor(headroom / 2)
  const moves = new Map<number, number>()
  const fresh: number[] = []
  let moved = 0
  let magento2Only = 0
  let highestKept = 0
  for (const id of [...input.m2Ids].sort((a, b) => a - b)) {
    if (input.replaced.has(id)) continue
    const paired = input.pairs.get(id)
    if (paired !== undefined) {
      if (paired !== id) {
        moves.set(id, paired)
        moved++
      }
      continue
    }
    magento2Only++
    if (input.reserved.has(id) || (id >= m1Next && id < safeFrom)) fresh.push(id)
    else highestKept = Math.max(highestKept, id)
  }
  if (fresh.length > 0) {
    const floor = Math.max(highestKept, maxOf([...input.reserved])) + 1
    let next = Math.max(m1Next + headroom, floor)
    if (next + fresh.length - 1 > input.limit) next = Math.max(m1Next, floor, maxOf(input.m2Ids) + 1)
    assertIdsFit(input, next + fresh.length - 1)
    for (const id of fresh) moves.set(id, next++)
  }
  return { moves, moved, magento2Only, rekeyed: fresh.length }
}

/** Fails with the column that is too narrow, before anything is written. */
export function assertIdsFit(input: Pick<IdPlanInput, 'label' | 'limit' | 'limitedBy'>, highest: number): void {
  if (highest <= input.limit) return
  throw new MigError(
    `${input.label}: aligning Magento 2 with Magento 1 needs ids up to ${highest}, but ${input.limitedBy} holds at most ${input.limit}; ` +
      `free ids in Magento 2 (delete unused rows) or widen the column, then run again`,
  )
}

function maxOf(ids: readonly number[]): number {
  let max = 0
  for (const id of ids) if (id > max) max = id
  return max
}
