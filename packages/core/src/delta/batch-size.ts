/** How many deltalog rows a round reads per table. */
export interface BatchSize {
  current(): number
  /** Called after each round with how long its destination write took. */
  observe(rows: number, seconds: number): void
}

/** bulk_size > 0: exactly that, always. */
export function fixedBatchSize(size: number): BatchSize {
  return { current: () => size, observe: () => undefined }
}

const AUTO_MIN = 200
const AUTO_MAX = 2_000
/**
 * Pages of source-formatted lines hold a few hundred bytes per row and no values: they may grow
 * much larger, which saves a commit and a round trip per page.
 */
export const AUTO_MAX_LINES = 5_000
const AUTO_START = 1_000
const TARGET_SECONDS = { low: 0.3, high: 1.5 }

/**
 * bulk_size = 0: pages grow while rounds are quick and shrink when one is slow (wide rows, a busy
 * server), so a round's transaction stays short and its memory bounded.
 */
export function autoBatchSize(max = AUTO_MAX): BatchSize {
  let size = Math.min(AUTO_START, max)
  return {
    current: () => size,
    observe(rows, seconds) {
      if (rows < size / 2) return
      if (seconds < TARGET_SECONDS.low) size = Math.min(max, size * 2)
      else if (seconds > TARGET_SECONDS.high) size = Math.max(AUTO_MIN, Math.floor(size / 2))
    },
  }
}
