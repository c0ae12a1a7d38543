/** mulberry32: tiny, fast, seedable 32-bit PRNG. Same seed, same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export class Rng {
  private readonly gen: () => number
  constructor(readonly seed: number) {
    this.gen = mulberry32(seed)
  }
  /** [0, 1) */
  next(): number {
    return this.gen()
  }
  uint32(): number {
    return Math.floor(this.gen() * 4294967296) >>> 0
  }
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.gen() * (max - min + 1))
  }
  chance(p: number): boolean {
    return this.gen() < p
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick on an empty list')
    return items[Math.floor(this.gen() * items.length)] as T
  }
  /** Pick a key by weight; keys with weight <= 0 are never picked. */
  weighted<K extends string>(weights: Readonly<Partial<Record<K, number>>>): K {
    const entries = (Object.entries(weights) as [K, number | undefined][]).filter(
      (e): e is [K, number] => typeof e[1] === 'number' && e[1] > 0,
    )
    const total = entries.reduce((s, [, w]) => s + w, 0)
    if (total <= 0) throw new Error('Rng.weighted: no positive weight')
    let r = this.gen() * total
    for (const [k, w] of entries) {
      r -= w
      if (r < 0) return k
    }
    return (entries[entries.length - 1] as [K, number])[0]
  }
  digits(n: number): string {
    let s = ''
    for (let i = 0; i < n; i++) s += String(this.int(0, 9))
    return s
  }
  hex(n: number): string {
    let s = ''
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(0, 15)]
    return s
  }
  /** A child generator with an independent, reproducible stream. */
  fork(): Rng {
    return new Rng(this.uint32())
  }
}
