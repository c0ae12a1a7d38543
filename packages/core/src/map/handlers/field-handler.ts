import type { SqlValue } from '../../db/sql-value.js'

/** What a handler sees for one field of one row. */
export interface FieldHandlerContext {
  /** The field's value as read (or as left by an earlier step). */
  readonly value: SqlValue
  /** The whole row, for handlers whose result depends on another column (e.g. `code`). */
  readonly row: Readonly<Record<string, SqlValue>>
  /** Unprefixed table name. */
  readonly table: string
  readonly field: string
}

/**
 * Turns a field's value into the value to write. Throws {@link FieldHandlerError} when this row's
 * value cannot be converted: the row is then set aside and reported, the migration goes on. Any
 * other error is a bug or a configuration problem and stops the run.
 */
export type FieldHandler = ((context: FieldHandlerContext) => SqlValue) & {
  /**
   * The other columns of `row` the handler looks at (`[]`: its value only). Declared, a full copy
   * reads only these and the field into mig and has the source server format the rest of the row;
   * undeclared, the handler's tables are copied as whole rows.
   */
  readonly reads?: readonly string[]
}

/** `handler`, declared to look at `reads` besides its value (see `FieldHandler.reads`). */
export function reading(reads: readonly string[], handler: (context: FieldHandlerContext) => SqlValue): FieldHandler {
  return Object.assign(handler, { reads })
}

/** Builds a handler from the `<param name value>` pairs of map.xml; throws UsageError for bad params. */
export type FieldHandlerFactory = (params: Readonly<Record<string, string>>) => FieldHandler

/** This row's value cannot be converted; `reason` is one short line (the caller adds table.field). */
export class FieldHandlerError extends Error {
  override readonly name = 'FieldHandlerError'

  constructor(
    readonly reason: string,
    options: { readonly cause?: unknown } = {},
  ) {
    super(reason, options.cause === undefined ? undefined : { cause: options.cause })
  }
}
