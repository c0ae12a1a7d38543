/**
 * Pairs Magento 2 rows with Magento 1 rows of the same parent. `parent` is in Magento 1's id space
 * (a Magento 2 row's parent already translated through its own pairing); undefined means the row
 * takes no part (its parent is Magento 2-only, or a Magento 1 parent that is not written).
 */
export interface MatchSide<R> {
  readonly rows: readonly R[]
  id(row: R): number
  parent(row: R): string | undefined
  /** Natural key within the parent (already normalised, e.g. by collationKey). */
  key(row: R): string
}

export interface MatchOptions {
  /**
   * Pair rows with the same id and parent before natural keys. Only sound once Magento 2 is aligned:
   * then equal ids mean the same row, and a name changed in Magento 1 since (a renamed option label
   * or attribute set) must not turn the aligned row into a Magento 2-only one that gets re-keyed,
   * dragging the migrated values with it. Before the first alignment equal ids are coincidence.
   */
  readonly byIdFirst: boolean
}

/** Magento 2 id → Magento 1 id; every row is paired at most once. */
export function matchRows<A, B>(
  magento1: MatchSide<A>,
  magento2: MatchSide<B>,
  options: MatchOptions,
): Map<number, number> {
  const pairs = new Map<number, number>()
  const used = new Set<number>()
  const m1ById = new Map<number, A>()
  const m1ByKey = new Map<string, A[]>()
  for (const row of magento1.rows) {
    const parent = magento1.parent(row)
    if (parent === undefined) continue
    m1ById.set(magento1.id(row), row)
    const key = `${parent}\u0000${magento1.key(row)}`
    const list = m1ByKey.get(key)
    if (list) list.push(row)
    else m1ByKey.set(key, [row])
  }
  const candidates = magento2.rows.filter((row) => magento2.parent(row) !== undefined)
  if (options.byIdFirst) {
    for (const row of candidates) {
      const id = magento2.id(row)
      const twin = m1ById.get(id)
      if (twin !== undefined && magento1.parent(twin) === magento2.parent(row)) {
        pairs.set(id, id)
        used.add(id)
      }
    }
  }
  for (const row of candidates) {
    const id = magento2.id(row)
    if (pairs.has(id)) continue
    const list = m1ByKey.get(`${magento2.parent(row) ?? ''}\u0000${magento2.key(row)}`) ?? []
    // the same id first keeps an already aligned pair stable when names repeat
    const pick =
      list.find((m1) => magento1.id(m1) === id && !used.has(id)) ?? list.find((m1) => !used.has(magento1.id(m1)))
    if (pick === undefined) continue
    pairs.set(id, magento1.id(pick))
    used.add(magento1.id(pick))
  }
  return pairs
}
