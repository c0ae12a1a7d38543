import type { Rng } from './prng.js'

/** A virtual, seeded clock: the same seed gives the same created_at/updated_at values. */
export class Clock {
  private ms: number
  constructor(seed: number, start = Date.UTC(2015, 2, 1)) {
    this.ms = start + (Math.abs(seed) % 97) * 3_600_000
  }
  /** Advance by 1 s … maxSeconds and return the new time. */
  tick(rng: Rng, maxSeconds = 900): string {
    this.ms += rng.int(1, maxSeconds) * 1000
    return this.now()
  }
  /** 'YYYY-MM-DD HH:MM:SS' in UTC (the session runs with time_zone '+00:00'). */
  now(offsetSeconds = 0): string {
    return new Date(this.ms + offsetSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ')
  }
}

/** Magento 1's "no date" value, allowed because the writer's session runs with sql_mode ''. */
export const ZERO_DATE = '0000-00-00 00:00:00'

/**
 * The later of two 'YYYY-MM-DD HH:MM:SS' values plus one second when `other` is later: a writer
 * acting on a row another writer touched "in its future" keeps the row's timeline in order.
 */
export function notBefore(at: string, other: unknown): string {
  if (typeof other !== 'string' || !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(other) || other.slice(0, 19) < at) return at
  const ms = Date.parse(`${other.slice(0, 19).replace(' ', 'T')}Z`)
  return Number.isNaN(ms) ? at : new Date(ms + 1000).toISOString().slice(0, 19).replace('T', ' ')
}
