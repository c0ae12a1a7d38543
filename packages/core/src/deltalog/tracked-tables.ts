import { isPlainIdentifier } from '../db/identifier.js'
import { UsageError } from '../errors/mig-error.js'
import type { SourceLocation } from '../interfaces/config.js'
import type { DeltalogSource, TrackedTable } from '../interfaces/deltalog.js'

/** Key lists are equal when they name the same columns in the same order (column names ignore case). */
export function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((column, i) => column.toLowerCase() === b[i]?.toLowerCase())
}

interface Claim {
  readonly origin: string
  readonly keys: readonly string[]
  readonly location: SourceLocation
}

interface Entry {
  readonly table: string
  readonly group: string
  readonly order: number
  /** Explicit key lists as first claimed, each distinct list once. */
  readonly explicit: Claim[]
  readonly origins: string[]
}

/**
 * Merges deltalog.xml sources (plugins' files and the user's own) into one list of tracked tables.
 *
 * - The same table with the same keys from several sources is tracked once; its origins accumulate.
 * - No key (the table's primary key) and an explicit key agree; the explicit key is taken.
 * - Two different explicit key lists for one table are a conflict. Every conflict is collected and
 *   thrown as one UsageError naming the origins and key lists.
 *
 * Order: groups in order of first appearance, then tables in order of first appearance; a table belongs
 * to the group it first appeared in.
 */
export function mergeTrackedTables(sources: readonly DeltalogSource[]): TrackedTable[] {
  const groupOrder = new Map<string, number>()
  const entries = new Map<string, Entry>()
  const invalid: string[] = []

  for (const source of sources) {
    for (const group of source.groups) {
      if (!groupOrder.has(group.name)) groupOrder.set(group.name, groupOrder.size)
      for (const document of group.documents) {
        const where = `${formatLocation(document.location)} (${source.origin})`
        if (!isPlainIdentifier(document.table)) {
          invalid.push(`${where}: table ${JSON.stringify(document.table)} is not a plain MySQL name; fix the name`)
          continue
        }
        const badKey = document.keys.find((column) => !isPlainIdentifier(column))
        if (badKey !== undefined) {
          invalid.push(
            `${where}: key column ${JSON.stringify(badKey)} of table "${document.table}" is not a plain MySQL name; fix the name`,
          )
          continue
        }

        let entry = entries.get(document.table)
        if (entry === undefined) {
          entry = { table: document.table, group: group.name, order: entries.size, explicit: [], origins: [] }
          entries.set(document.table, entry)
        }
        if (!entry.origins.includes(source.origin)) entry.origins.push(source.origin)
        if (document.keys.length > 0 && !entry.explicit.some((claim) => sameKeys(claim.keys, document.keys))) {
          entry.explicit.push({ origin: source.origin, keys: document.keys, location: document.location })
        }
      }
    }
  }

  const conflicts: string[] = []
  for (const entry of entries.values()) {
    if (entry.explicit.length > 1) {
      const claims = entry.explicit.map(
        (claim) => `${claim.origin} (${formatLocation(claim.location)}) has key (${claim.keys.join(',')})`,
      )
      conflicts.push(
        `table "${entry.table}" is tracked with different keys: ${claims.join(' but ')}; make the keys agree or remove one document`,
      )
    }
  }

  const problems = [...invalid, ...conflicts]
  if (problems.length === 1) {
    throw new UsageError(`deltalog: ${problems[0] ?? ''}`)
  }
  if (problems.length > 1) {
    const what =
      conflicts.length > 0
        ? `${conflicts.length} of them tables tracked with different keys by different sources`
        : 'bad names'
    throw new UsageError(`deltalog: ${problems.length} problems merging deltalog files (${what})`, problems)
  }

  return [...entries.values()]
    .sort((a, b) => (groupOrder.get(a.group) ?? 0) - (groupOrder.get(b.group) ?? 0) || a.order - b.order)
    .map((entry) => ({
      table: entry.table,
      keys: entry.explicit[0]?.keys ?? [],
      group: entry.group,
      origins: entry.origins,
    }))
}

function formatLocation(location: SourceLocation): string {
  if (location.line === undefined)
    return location.path === undefined ? location.file : `${location.file}: ${location.path}`
  return `${location.file}:${location.line}:${location.column ?? 1}`
}
