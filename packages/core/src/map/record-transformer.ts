import { formatLocation } from '../config/source-location.js'
import type { SqlValue } from '../db/sql-value.js'
import { UsageError } from '../errors/mig-error.js'
import type { FieldTransform, MapRules } from '../interfaces/map.js'
import { DocumentMapper, type MappingSchemas, type TableMapping } from './document-mapping.js'
import {
  FieldHandlerError,
  FieldValueLost,
  reading,
  type FieldHandler,
  type FieldHandlerRegistry,
} from './handlers/index.js'
import { utf8StoredAsLatin1 } from './latin1-utf8.js'
import type { ValueNote } from './value-note.js'
import { columnFit, type ColumnFit } from './column-fit.js'
import { columnOf } from '../db/table-schema.js'
import type { MapRuleIndex } from './map-rule-index.js'

/** The Magento 2 row, with notes of values repaired or lost on the way; or why the row is set aside. */
export type TransformResult =
  { readonly row: Record<string, SqlValue>; readonly notes?: readonly ValueNote[] } | { readonly rejected: string }

export interface RecordTransformerOptions extends MappingSchemas {
  readonly rules: MapRules | MapRuleIndex
  /** Unprefixed Magento 1 table name. */
  readonly sourceTable: string
  readonly registry: FieldHandlerRegistry
}

/**
 * How a full copy may share a table's rows between the source server and mig: columns copied as
 * they are, which the server can format, and columns a handler computes from declared inputs.
 */
export interface LineSplit {
  readonly plain: readonly { readonly to: string; readonly from: string }[]
  /** Destination columns computed by source handlers, in destination order. */
  readonly handled: readonly string[]
  /** Source columns those handlers need: their fields and what they declare they read. */
  readonly reads: readonly string[]
}

interface CopyStep {
  /** Destination column. */
  readonly to: string
  /** Source column, or undefined when only a destination transform writes `to`. */
  readonly from: string | undefined
  readonly sourceHandler: BoundHandler | undefined
}

interface BoundHandler {
  readonly handler: FieldHandler
  readonly table: string
  readonly field: string
}

interface DestinationStep extends BoundHandler {
  /** The column also gets a source value (the handler then sees it), as opposed to being filled by the handler alone. */
  readonly fromSource: boolean
}

/**
 * Turns one Magento 1 row into its Magento 2 row. Built once per table (rules, schemas and
 * handlers are resolved up front) and then called for every row of the bulk copy and of delta.
 *
 * Values are copied as the driver handed them over (strings for dates, DECIMAL and BIGINT,
 * Buffers for binary): no conversion happens unless a handler is configured for the column.
 */
export class RecordTransformer {
  readonly mapping: TableMapping
  /** Destination columns this transformer writes, in destination table order. */
  readonly destinationColumns: readonly string[]
  private readonly steps: readonly CopyStep[]
  private readonly destinationHandlers: readonly DestinationStep[]
  /** Destination columns some Magento 1 values may not fit (see column-fit.ts), checked per row. */
  private readonly fits: readonly { readonly column: string; readonly fit: ColumnFit }[]

  /** Resolves the table's mapping; a table that is ignored, absent or has no destination table is a UsageError. */
  static create(options: RecordTransformerOptions): RecordTransformer {
    const mapper = new DocumentMapper(options.rules, options)
    const resolution = mapper.resolve(options.sourceTable)
    if (resolution.kind === 'ignored') {
      throw new UsageError(
        `${options.sourceTable} is ignored by map.xml at ${formatLocation(resolution.rule.location)}; nothing to transform`,
      )
    }
    if (resolution.kind === 'absent') {
      throw new UsageError(
        `source table ${resolution.sourcePhysicalTable} does not exist; check source_prefix and the table name`,
      )
    }
    return new RecordTransformer(resolution.mapping, options.registry)
  }

  constructor(mapping: TableMapping, registry: FieldHandlerRegistry) {
    if (mapping.destination === undefined) {
      throw new UsageError(
        `${mapping.sourcePhysicalTable} maps to ${mapping.destinationPhysicalTable}, which does not exist in the destination database; run the integrity check for details`,
      )
    }
    this.mapping = mapping
    const bind = (transform: FieldTransform, table: string, field: string): BoundHandler => ({
      handler: registry.resolve(
        transform.handler.name,
        transform.handler.params,
        formatLocation(transform.handler.location),
      ),
      table,
      field,
    })
    const sourceByDestination = new Map<string, { from: string; transform: FieldTransform | undefined }>()
    for (const fate of mapping.sourceColumns) {
      if (fate.kind === 'copied' || fate.kind === 'moved')
        sourceByDestination.set(fate.to, { from: fate.column, transform: fate.transform })
    }
    const steps: CopyStep[] = []
    const destinationHandlers: DestinationStep[] = []
    for (const fate of mapping.destinationColumns) {
      if (fate.kind === 'filled') {
        const source = sourceByDestination.get(fate.column)
        const from = source?.from ?? fate.from
        const transform = source?.transform
        const implicit = transform === undefined ? implicitHandler(mapping, from, fate.column) : undefined
        steps.push({
          to: fate.column,
          from,
          sourceHandler: transform === undefined ? implicit : bind(transform, mapping.sourceTable, from),
        })
      } else if (fate.kind === 'transformed') {
        steps.push({ to: fate.column, from: undefined, sourceHandler: undefined })
      } else {
        continue
      }
      if (fate.transform !== undefined) {
        destinationHandlers.push({
          ...bind(fate.transform, mapping.destinationTable, fate.column),
          fromSource: fate.kind === 'filled',
        })
      }
    }
    this.steps = steps
    this.destinationHandlers = destinationHandlers
    this.destinationColumns = steps.map((step) => step.to)
    const destination = mapping.destination
    this.fits = steps.flatMap((step) => {
      const target = columnOf(destination, step.to)
      // A handler may write anything: its column is checked whatever the source column was.
      const fromColumn =
        step.from === undefined || step.sourceHandler || destinationHandlers.some((bound) => bound.field === step.to)
          ? undefined
          : columnOf(mapping.source, step.from)
      const fit = target && !target.generated ? columnFit(fromColumn, target) : undefined
      return fit ? [{ column: step.to, fit }] : []
    })
  }

  get sourceTable(): string {
    return this.mapping.sourceTable
  }

  /** Whether a destination column is its source column as read, with no handler (explicit or implicit) in between. */
  copiesAsIs(destinationColumn: string): boolean {
    const step = this.steps.find((candidate) => candidate.to === destinationColumn)
    return (
      step !== undefined &&
      step.from !== undefined &&
      step.sourceHandler === undefined &&
      !this.destinationHandlers.some((bound) => bound.field === destinationColumn)
    )
  }

  get destinationTable(): string {
    return this.mapping.destinationTable
  }

  /**
   * The Magento 2 row for a Magento 1 row, or why the row is set aside (a handler refused its value).
   * A source column missing from `row` is left out of the result rather than written as NULL.
   */
  transform(row: Readonly<Record<string, SqlValue>>): TransformResult {
    // No prototype: a column called `__proto__` is then an ordinary key, and plain assignment
    // stays fast (defineProperty on every column was the transformer's main cost).
    const out = Object.create(null) as Record<string, SqlValue>
    const notes: ValueNote[] = []
    try {
      for (const step of this.steps) {
        if (step.from === undefined) {
          // Placeholder keeps the destination column order; the destination transform fills it below.
          out[step.to] = null
          continue
        }
        if (!Object.hasOwn(row, step.from)) continue
        let value = row[step.from] as SqlValue
        if (step.sourceHandler !== undefined) value = call(step.sourceHandler, value, row, notes)
        out[step.to] = value
      }
      for (const bound of this.destinationHandlers) {
        // A filled column whose source value was not given stays out: no handler runs on a made-up NULL.
        if (bound.fromSource && !Object.hasOwn(out, bound.field)) continue
        out[bound.field] = call(bound, out[bound.field] ?? null, out, notes)
      }
      for (const { column, fit } of this.fits) {
        if (!Object.hasOwn(out, column)) continue
        const original = out[column] as SqlValue
        const fitted = fit(original)
        if (!fitted) continue
        out[column] = fitted.value
        notes.push({ column, kind: 'lost', reason: fitted.reason, original })
      }
    } catch (error) {
      if (isLocatedHandlerError(error)) return { rejected: `${error.table}.${error.field}: ${error.reason}` }
      throw error
    }
    return notes.length > 0 ? { row: out, notes } : { row: out }
  }

  /**
   * This table's line split, or undefined where a row must be transformed whole: a destination
   * handler (it sees the whole Magento 2 row), a column filled by a handler alone, or a handler
   * that does not declare what it reads.
   */
  lineSplit(): LineSplit | undefined {
    if (this.destinationHandlers.length > 0) return undefined
    const plain: { to: string; from: string }[] = []
    const handled: string[] = []
    const reads = new Set<string>()
    for (const step of this.steps) {
      if (step.from === undefined) return undefined
      if (step.sourceHandler === undefined) {
        plain.push({ to: step.to, from: step.from })
        continue
      }
      const declared = step.sourceHandler.handler.reads
      if (declared === undefined) return undefined
      handled.push(step.to)
      for (const column of [step.from, ...declared]) reads.add(column)
    }
    return { plain, handled, reads: [...reads] }
  }

  /**
   * The values of `lineSplit().handled`, in that order, for a row given as the source columns they
   * read (`lineSplit().reads`); or why the row is set aside. Only the handled columns are visited.
   */
  handledValues(
    row: Readonly<Record<string, SqlValue>>,
  ): { readonly values: SqlValue[]; readonly notes?: readonly ValueNote[] } | { readonly rejected: string } {
    const values: SqlValue[] = []
    const notes: ValueNote[] = []
    try {
      for (const step of this.steps) {
        if (step.sourceHandler === undefined || step.from === undefined) continue
        values.push(
          call(step.sourceHandler, Object.hasOwn(row, step.from) ? (row[step.from] as SqlValue) : null, row, notes),
        )
      }
    } catch (error) {
      if (isLocatedHandlerError(error)) return { rejected: `${error.table}.${error.field}: ${error.reason}` }
      throw error
    }
    return notes.length > 0 ? { values, notes } : { values }
  }

  /** The destination columns that hold the given source key columns (following moves). */
  keyMapping(sourceKeys: readonly string[]): string[] {
    return sourceKeys.map((key) => {
      const fate = this.mapping.sourceColumns.find((candidate) => candidate.column.toLowerCase() === key.toLowerCase())
      if (fate === undefined) {
        throw new UsageError(
          `key column ${key} does not exist in ${this.mapping.sourcePhysicalTable}; fix the key in deltalog.xml`,
        )
      }
      if (fate.kind === 'copied' || fate.kind === 'moved') return fate.to
      const why = fate.kind === 'ignored' ? `it is ignored at ${formatLocation(fate.rule.location)}` : fate.reason
      throw new UsageError(
        `key column ${this.mapping.sourceTable}.${fate.column} has no destination column (${why}); a key must reach Magento 2, fix map.xml`,
      )
    })
  }
}

/**
 * A handler the mapping does not name but the schemas call for: text of a latin1 Magento 1 column
 * going to a Magento 2 column of another character set is checked for UTF-8 stored as latin1.
 */
function implicitHandler(mapping: TableMapping, from: string, to: string): BoundHandler | undefined {
  const source = columnOf(mapping.source, from)
  const target = mapping.destination ? columnOf(mapping.destination, to) : undefined
  if (
    !source?.characterSet?.toLowerCase().startsWith('latin1') ||
    !target?.characterSet ||
    target.characterSet.toLowerCase().startsWith('latin1')
  )
    return undefined
  return { handler: LATIN1_UTF8, table: mapping.sourceTable, field: from }
}

const LATIN1_UTF8: FieldHandler = reading([], ({ value, note }) => {
  const text = utf8StoredAsLatin1(value)
  if (text === undefined) return value
  note?.('repaired', 'UTF-8 text stored in a latin1 column: read as UTF-8')
  return text
})

/** Carries where the handler failed, so the rejection names `table.field`. */
class LocatedHandlerError extends Error {
  constructor(
    readonly table: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${table}.${field}: ${reason}`)
  }
}

/** Runs a handler; a repaired or lost value is noted in `notes` (a lost one written as its replacement). */
function call(
  bound: BoundHandler,
  value: SqlValue,
  row: Readonly<Record<string, SqlValue>>,
  notes: ValueNote[],
): SqlValue {
  let result: SqlValue
  const note = (kind: 'repaired' | 'lost', reason: string): void => {
    notes.push({ column: bound.field, kind, reason: oneLine(reason), original: value })
  }
  try {
    result = bound.handler({ value, row, table: bound.table, field: bound.field, note })
  } catch (error) {
    // Recognised by shape too: a plugin may bring its own copy of @mig/core.
    if (error instanceof FieldValueLost || isLost(error)) {
      notes.push({ column: bound.field, kind: 'lost', reason: oneLine(error.reason), original: value })
      return error.replacement
    }
    if (error instanceof FieldHandlerError || hasReason(error))
      throw new LocatedHandlerError(bound.table, bound.field, oneLine(error.reason))
    throw error
  }
  if (result === undefined)
    throw new Error(
      `field handler for ${bound.table}.${bound.field} returned undefined; a handler must return a value or null`,
    )
  return result
}

function isLocatedHandlerError(error: unknown): error is LocatedHandlerError {
  return error instanceof LocatedHandlerError
}

function isLost(error: unknown): error is { reason: string; replacement: SqlValue } {
  return (
    error instanceof Error &&
    error.name === 'FieldValueLost' &&
    typeof (error as { reason?: unknown }).reason === 'string' &&
    'replacement' in error
  )
}

function hasReason(error: unknown): error is { reason: string } {
  return (
    error instanceof Error &&
    error.name === 'FieldHandlerError' &&
    typeof (error as { reason?: unknown }).reason === 'string'
  )
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim()
}
