import { dirname, resolve } from 'node:path'
import type {
  DatabaseConfig,
  DeferIndexes,
  MigrationConfig,
  MigrationMode,
  MigrationOptions,
  StepConfig,
  StepsConfig,
} from '../interfaces/config.js'
import type { ConfigProblems } from './config-problems.js'
import { readDatabaseSettings } from './database-settings.js'
import { cryptKeyFromEnv, passwordFromEnv } from './env-secrets.js'
import type { LocatedValue, RawConfig, RawSteps } from './raw-config.js'
import { splitSqlStatements, UnterminatedSqlError } from './sql-statement-splitter.js'
import { isMigrationMode, MIG_OPTIONS, MIGRATION_MODES, UPSTREAM_ONLY_OPTIONS } from './upstream-format.js'

/** Table prefixes end up in SQL names, so they follow the identifier rule (and may be empty). */
const TABLE_PREFIX = /^[A-Za-z0-9_$]{0,32}$/
/** A step class: upstream `Migration\Step\Map\Data` or a mig plugin `@vendor/package#Export`; no blanks or controls. */
const CLASS_REFERENCE = /^[^\s\u0000-\u001f\u007f]+$/

const NO_DATABASE: DatabaseConfig = { host: '', port: 3306, name: '', user: '', password: '' }

/**
 * Applies mig's rules to what a reader found. Every problem goes to `problems`; the result is
 * only meaningful when none was found (the caller checks and throws one UsageError).
 */
export function validateConfig(raw: RawConfig, problems: ConfigProblems, env: NodeJS.ProcessEnv): MigrationConfig {
  const source =
    raw.source === undefined
      ? NO_DATABASE
      : readDatabaseSettings(raw.source, 'source', problems, passwordFromEnv('source', env))
  const destination =
    raw.destination === undefined
      ? NO_DATABASE
      : readDatabaseSettings(raw.destination, 'destination', problems, passwordFromEnv('destination', env))
  return {
    file: raw.file,
    source,
    destination,
    options: readOptions(raw, problems, env),
    steps: readSteps(raw.steps, problems),
    warnings: problems.warnings,
  }
}

function readOptions(raw: RawConfig, problems: ConfigProblems, env: NodeJS.ProcessEnv): MigrationOptions {
  const rawOptions: Record<string, string> = {}
  for (const [name, option] of raw.options) {
    rawOptions[name] = option.value.trim()
    if (!(name in MIG_OPTIONS) && !UPSTREAM_ONLY_OPTIONS.has(name)) {
      problems.warn(
        option.location,
        `unknown option "${name}" is ignored`,
        'check its spelling against the upstream config.xml.dist',
      )
    }
  }
  const text = (name: string): LocatedValue | undefined => {
    const option = raw.options.get(name)
    return option === undefined ? undefined : { value: option.value.trim(), location: option.location }
  }
  // Relative paths are meant relative to the config file, not to wherever mig was started.
  const configFolder = dirname(raw.file)
  const file = (name: string): { [key: string]: string } => {
    const value = text(name)?.value
    return value === undefined || value === '' ? {} : { [name]: resolve(configFolder, value) }
  }
  const files = { ...file('map_file'), ...file('delta_document_groups_file'), ...file('log_file') }
  const cryptKey = cryptKeyFromEnv(env) ?? text('crypt_key')?.value ?? ''
  return {
    sourcePrefix: tablePrefix(text('source_prefix'), problems),
    destPrefix: tablePrefix(text('dest_prefix'), problems),
    bulkSize: bulkSize(text('bulk_size'), problems),
    sourceFormattedCopy: onOff('source_formatted_copy', text('source_formatted_copy'), true, problems),
    deferIndexes: deferIndexes(text('defer_indexes'), problems),
    ...(files.map_file !== undefined && { mapFile: files.map_file }),
    ...(files.delta_document_groups_file !== undefined && {
      deltaDocumentGroupsFile: files.delta_document_groups_file,
    }),
    ...(files.log_file !== undefined && { logFile: files.log_file }),
    ...(cryptKey !== '' && { cryptKey }),
    initStatementsSource: statements(text('init_statements_source'), problems),
    initStatementsDestination: statements(text('init_statements_destination'), problems),
    raw: rawOptions,
  }
}

function tablePrefix(option: LocatedValue | undefined, problems: ConfigProblems): string {
  if (option === undefined) return ''
  if (!TABLE_PREFIX.test(option.value)) {
    problems.error(
      option.location,
      `table prefix ${JSON.stringify(option.value)} is not allowed`,
      'use letters, digits, _ or $ only (at most 32), or leave it empty',
    )
    return ''
  }
  return option.value
}

/** 0 (or no value) means sized automatically, as upstream. */
function bulkSize(option: LocatedValue | undefined, problems: ConfigProblems): number {
  if (option === undefined || option.value === '') return 0
  const size = /^[0-9]{1,9}$/.test(option.value) ? Number(option.value) : Number.NaN
  if (Number.isNaN(size)) {
    problems.error(
      option.location,
      `bulk_size ${JSON.stringify(option.value)} is not a whole number`,
      'use 0 (automatic) or a positive number of rows, e.g. 100',
    )
    return 0
  }
  return size
}

/** 1 or 0; no value keeps the default. */
function onOff(name: string, option: LocatedValue | undefined, byDefault: boolean, problems: ConfigProblems): boolean {
  if (option === undefined || option.value === '') return byDefault
  if (option.value === '1' || option.value === '0') return option.value === '1'
  problems.error(
    option.location,
    `${name} ${JSON.stringify(option.value)} is neither 1 nor 0`,
    'write 1 to turn the option on or 0 to turn it off',
  )
  return byDefault
}

/** auto (or no value): large tables only; 1: every table; 0: never. */
function deferIndexes(option: LocatedValue | undefined, problems: ConfigProblems): DeferIndexes {
  if (option === undefined || option.value === '' || option.value === 'auto') return 'auto'
  if (option.value === '1' || option.value === '0') return option.value === '1' ? 'always' : 'never'
  problems.error(
    option.location,
    `defer_indexes ${JSON.stringify(option.value)} is not auto, 1 or 0`,
    'write auto (build the indexes of large tables after their copy), 1 (of every table) or 0 (never)',
  )
  return 'auto'
}

function statements(option: LocatedValue | undefined, problems: ConfigProblems): string[] {
  if (option === undefined) return []
  try {
    return splitSqlStatements(option.value)
  } catch (error) {
    if (!(error instanceof UnterminatedSqlError)) throw error
    problems.error(option.location, `SQL statements end inside an ${error.what}`, 'close the quote or comment')
    return []
  }
}

function readSteps(list: readonly RawSteps[], problems: ConfigProblems): StepsConfig[] {
  const result: StepsConfig[] = []
  const modes = new Set<string>()
  for (const steps of list) {
    const mode = readMode(steps, modes, problems)
    // The steps are checked even under a bad mode, so one run reports everything.
    const stepConfigs = readStepList(steps, mode ?? steps.mode?.value.trim() ?? '', problems)
    if (mode !== undefined) result.push({ mode, steps: stepConfigs })
  }
  return result
}

function readMode(steps: RawSteps, seen: Set<string>, problems: ConfigProblems): MigrationMode | undefined {
  const mode = steps.mode
  const name = mode?.value.trim() ?? ''
  if (mode === undefined || name === '') {
    problems.error(steps.location, 'steps without a mode', `set mode to ${MIGRATION_MODES.join(', ')}`)
    return undefined
  }
  if (!isMigrationMode(name)) {
    problems.error(
      mode.location,
      `unknown steps mode ${JSON.stringify(mode.value)}`,
      `use ${MIGRATION_MODES.join(', ')}`,
    )
    return undefined
  }
  if (seen.has(name)) {
    problems.error(mode.location, `steps for mode "${name}" are listed twice`, 'merge them into one steps list')
    return undefined
  }
  seen.add(name)
  return name
}

function readStepList(steps: RawSteps, mode: string, problems: ConfigProblems): StepConfig[] {
  const titles = new Set<string>()
  const stepConfigs: StepConfig[] = []
  for (const step of steps.steps) {
    const title = step.title?.value.trim() ?? ''
    if (title === '') {
      problems.error(step.location, 'step without a title', 'give every step a title, e.g. title="Blog"')
    } else if (titles.has(title)) {
      problems.error(
        step.title?.location ?? step.location,
        `step title ${JSON.stringify(title)} is used twice in mode "${mode}"`,
        'titles name the progress of a step, so each must be unique',
      )
    }
    titles.add(title)
    for (const reference of step.classes) {
      if (!CLASS_REFERENCE.test(reference.reference)) {
        problems.error(
          reference.location,
          `${reference.stage} class ${JSON.stringify(reference.reference)} is not a class name`,
          'write e.g. @vendor/delta-blog#BlogDelta or Migration\\Step\\Map\\Data',
        )
      }
    }
    stepConfigs.push({ title, classes: step.classes })
  }
  return stepConfigs
}
