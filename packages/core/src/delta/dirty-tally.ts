import type { NotedValue } from '../steps/delta-step.js'
import type { DirtyValueCount } from './dirty-value-store.js'
import { describeKey } from './row-key.js'

/** Keys kept per table, column and kind: the reports show a few, not thousands. */
const KEPT_KEYS = 3

/** Repaired and lost values counted per table, column and kind, with the first few keys (a cycle's, a copy's). */
export class DirtyTally {
  private readonly counts = new Map<
    string,
    { table: string; column: string; kind: 'repaired' | 'lost'; count: number; keys: string[]; reason: string }
  >()

  add(table: string, keyColumns: readonly string[], notes: readonly NotedValue[]): void {
    for (const { change, note } of notes) {
      const id = `${table}\u0000${note.column}\u0000${note.kind}`
      const entry = this.counts.get(id) ?? {
        table,
        column: note.column,
        kind: note.kind,
        count: 0,
        keys: [],
        reason: note.reason,
      }
      entry.count++
      if (entry.keys.length < KEPT_KEYS) entry.keys.push(describeKey(keyColumns, change.key))
      this.counts.set(id, entry)
    }
  }

  merge(other: DirtyTally): void {
    for (const item of other.list()) {
      const id = `${item.table}\u0000${item.column}\u0000${item.kind}`
      const entry = this.counts.get(id)
      if (!entry) this.counts.set(id, { ...item, keys: [...item.keys] })
      else {
        entry.count += item.count
        entry.keys.push(...item.keys.slice(0, KEPT_KEYS - entry.keys.length))
      }
    }
  }

  list(): DirtyValueCount[] {
    return [...this.counts.values()].map((entry) => ({ ...entry, keys: [...entry.keys] }))
  }

  total(kind: 'repaired' | 'lost'): number {
    let sum = 0
    for (const entry of this.counts.values()) if (entry.kind === kind) sum += entry.count
    return sum
  }
}
