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
  /**
   * Notes that the value was damaged and repaired (e.g. serialized data whose string lengths lied),
   * or that part of it could not be converted and was left out ('lost'); the row is written with the
   * returned value, and the note is counted and kept with the original value.
   */
  readonly note?: (kind: 'repaired' | 'lost', reason: string) => void
}

/**
 * Turns a field's value into the value to write. Throws {@link FieldValueLost} when this row's value
 * cannot be converted but the row can be written with an empty value instead (the original is kept),
 * {@link FieldHandlerError} when the row itself must be set aside. Any other error is a bug or a
 * configuration problem and stops the run.
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

/**
 * This row's value cannot be converted (cut short, not the data the column holds): the row is
 * written with `replacement`, what Magento 2 reads as empty for the column, and the original value
 * is kept in Magento 2 with `reason` where the merchant can get it back. A value must never cost
 * its row.
 */
export class FieldValueLost extends Error {
  override readonly name = 'FieldValueLost'

  constructor(
    readonly reason: string,
    readonly replacement: SqlValue,
    options: { readonly cause?: unknown } = {},
  ) {
    super(reason, options.cause === undefined ? undefined : { cause: options.cause })
  }
}
