import type { SourceLocation, StepClassReference } from '../interfaces/config.js'

/**
 * What a reader (config.xml or cosmiconfig) found, before validation: every value is still the
 * string as written, with where it was written. One validator then turns it into MigrationConfig,
 * so both formats obey exactly the same rules and messages.
 */
export interface LocatedValue {
  readonly value: string
  readonly location: SourceLocation
}

export interface RawDatabase {
  /** The `<database>` element (or `source.database` object). */
  readonly location: SourceLocation
  /** Attributes by name: host, port, name, user, password, and anything else written there. */
  readonly fields: ReadonlyMap<string, LocatedValue>
}

export interface RawStep {
  readonly title?: LocatedValue
  readonly location: SourceLocation
  readonly classes: readonly StepClassReference[]
}

export interface RawSteps {
  readonly mode?: LocatedValue
  readonly location: SourceLocation
  readonly steps: readonly RawStep[]
}

export interface RawConfig {
  /** Absolute path of the file. */
  readonly file: string
  /** The document as a whole, for problems with no better place (e.g. a missing `<source>`). */
  readonly location: SourceLocation
  readonly source?: RawDatabase
  readonly destination?: RawDatabase
  /** Options by name, first occurrence; readers report repeats. */
  readonly options: ReadonlyMap<string, LocatedValue>
  readonly steps: readonly RawSteps[]
}
