/** Where a value came from, for messages: `config.xml:12:5` or `.migrc.json: options.bulk_size`. */
export interface SourceLocation {
  readonly file: string
  /** 1-based; absent for formats without positions (JSON/YAML/JS from cosmiconfig). */
  readonly line?: number
  readonly column?: number
  /** Dotted path inside the document, e.g. `options.bulk_size`. */
  readonly path?: string
}

export interface DatabaseConfig {
  readonly host: string
  readonly port: number
  readonly name: string
  readonly user: string
  /** Never printed or logged; see `redactDatabase`. */
  readonly password: string
}

export type DeferIndexes = 'auto' | 'always' | 'never'

/** Known `<options>` of the upstream Data Migration Tool that mig reads. */
export interface MigrationOptions {
  readonly sourcePrefix: string
  readonly destPrefix: string
  /** Rows per batch; 0 means sized automatically. */
  readonly bulkSize: number
  /**
   * Data run: the source server formats the rows of plainly mapped tables as LOAD DATA lines, which
   * mig passes on without reading their values (option source_formatted_copy, default 1; 0 reads
   * every row's values into mig).
   */
  readonly sourceFormattedCopy: boolean
  /**
   * Data run: which Magento 2 tables a bulk fill builds its plain and FULLTEXT indexes for afterwards,
   * in one sorted pass each, instead of row by row (option defer_indexes: auto = tables of at least
   * DEFER_INDEXES_MIN_ROWS rows, 1 = every table, 0 = none).
   */
  readonly deferIndexes: DeferIndexes
  /** Absolute paths; relative ones in the file are resolved against the config file's folder. */
  readonly deltaDocumentGroupsFile?: string
  readonly mapFile?: string
  readonly logFile?: string
  readonly cryptKey?: string
  /** SQL run on every new source/destination connection, split into single statements. */
  readonly initStatementsSource: readonly string[]
  readonly initStatementsDestination: readonly string[]
  /** Every option as written (after trimming), including upstream ones mig does not use. */
  readonly raw: Readonly<Record<string, string>>
}

/** One class reference inside a `<step>`: `<delta>@vendor/delta-blog#BlogDelta</delta>`. */
export interface StepClassReference {
  /** The stage element name: integrity, data, delta, volume. */
  readonly stage: string
  readonly reference: string
  readonly location: SourceLocation
}

export interface StepConfig {
  readonly title: string
  readonly classes: readonly StepClassReference[]
}

export type MigrationMode = 'settings' | 'data' | 'delta'

export interface StepsConfig {
  readonly mode: MigrationMode
  readonly steps: readonly StepConfig[]
}

/** config.xml (or its cosmiconfig twin) after validation. */
export interface MigrationConfig {
  /** Absolute path of the file it was read from. */
  readonly file: string
  readonly source: DatabaseConfig
  readonly destination: DatabaseConfig
  readonly options: MigrationOptions
  readonly steps: readonly StepsConfig[]
  /** Non-fatal findings (unknown options, …), each one line with its location. */
  readonly warnings: readonly string[]
}
