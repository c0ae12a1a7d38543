import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { cosmiconfig } from 'cosmiconfig'
import { UsageError } from '../errors/mig-error.js'
import type { SourceLocation, StepClassReference } from '../interfaces/config.js'
import type { ConfigProblems } from './config-problems.js'
import type { LocatedValue, RawConfig, RawDatabase, RawStep, RawSteps } from './raw-config.js'
import { STEP_STAGES } from './upstream-format.js'
import { lineColumnAt } from './xml-document.js'

/**
 * The same content as config.xml, from cosmiconfig: a `mig` key in package.json, `.migrc`,
 * `.migrc.json|yaml|yml|js|mjs|cjs`, `mig.config.js|mjs|json|…`. Shape:
 * `{ source: { database: {host, port, name, user, password} }, destination: {…},
 *    options: { bulk_size: 100, … }, steps: [{ mode: 'delta', step: [{ title, delta, volume }] }] }`.
 * Locations carry the file and a dotted path, since these formats have no positions we can trust.
 */
export const MODULE_NAME = 'mig'

export interface FoundConfigFile {
  /** Absolute path. */
  readonly file: string
  readonly content: unknown
  readonly isEmpty: boolean
}

function explorer() {
  // No cache: a long-running process (and the tests) must see edits. 'project' stops at the
  // nearest package.json, so a config of an unrelated parent folder is never picked up.
  return cosmiconfig(MODULE_NAME, { cache: false, searchStrategy: 'project' })
}

/** Looks for a configuration from `cwd` up to the project root; undefined when there is none. */
export async function searchCosmiconfig(
  cwd: string,
  displayName: (file: string) => string,
): Promise<FoundConfigFile | undefined> {
  try {
    const result = await explorer().search(cwd)
    return result === null
      ? undefined
      : { file: result.filepath, content: result.config as unknown, isEmpty: result.isEmpty === true }
  } catch (error) {
    throw await loadError(error, displayName)
  }
}

export async function loadCosmiconfigFile(
  file: string,
  displayName: (file: string) => string,
): Promise<FoundConfigFile> {
  try {
    const result = await explorer().load(file)
    if (result === null) return { file, content: undefined, isEmpty: true }
    return { file: result.filepath, content: result.config as unknown, isEmpty: result.isEmpty === true }
  } catch (error) {
    throw await loadError(error, displayName, file)
  }
}

/**
 * The loaders' own messages quote the file's lines (code frames), which may hold a password,
 * so only the error kind and position are kept.
 */
async function loadError(
  error: unknown,
  displayName: (file: string) => string,
  requested?: string,
): Promise<UsageError> {
  const details = isRecord(error) ? error : {}
  const file = typeof details.filepath === 'string' ? details.filepath : requested
  const where = file === undefined ? 'configuration' : displayName(file)
  if (isRecord(details.mark) && typeof details.mark.line === 'number' && typeof details.mark.column === 'number') {
    const reason = typeof details.reason === 'string' ? details.reason : 'syntax error'
    return new UsageError(
      `${where}:${details.mark.line + 1}:${details.mark.column + 1}: invalid YAML: ${reason} (fix the YAML syntax and run again)`,
    )
  }
  if (details.name === 'JSONError') {
    const position = /at position (\d+)/.exec(String(details.message))?.[1]
    const text =
      position === undefined || file === undefined ? undefined : await readFile(file, 'utf8').catch(() => undefined)
    const at =
      text === undefined || position === undefined
        ? ''
        : `:${Object.values(lineColumnAt(text, Number(position))).join(':')}`
    return new UsageError(`${where}${at}: invalid JSON (fix the JSON syntax and run again)`)
  }
  if (isRecord(error) && (error.code === 'ENOENT' || error.code === 'EACCES' || error.code === 'EISDIR')) {
    return new UsageError(`${where}: cannot read the file (${String(error.code)}); check the path`)
  }
  const name = error instanceof Error ? error.name : 'Error'
  const firstLine =
    (error instanceof Error ? error.message : String(error))
      .split('\n')
      .find((line) => line.trim() !== '' && !line.includes(' Error in ')) ?? ''
  return new UsageError(
    `${where}: cannot load the configuration: ${name}: ${firstLine.slice(0, 200)} (fix the file and run again)`,
  )
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Converts the loaded object into the shared raw form; paths in package.json start with `mig`. */
export function readConfigObject(found: FoundConfigFile, displayFile: string, problems: ConfigProblems): RawConfig {
  const prefix = basename(found.file) === 'package.json' ? MODULE_NAME : ''
  const reader = new ObjectReader(displayFile, problems)
  const location: SourceLocation = { file: displayFile, ...(prefix !== '' && { path: prefix }) }
  const empty: RawConfig = { file: found.file, location, options: new Map(), steps: [] }
  if (found.isEmpty || found.content === undefined || found.content === null) {
    problems.error(location, 'the configuration is empty', 'add source, destination and options, or pass a config.xml')
    return empty
  }
  const root = reader.object(found.content, prefix)
  if (root === undefined) return empty
  let source: RawDatabase | undefined
  let destination: RawDatabase | undefined
  let options = new Map<string, LocatedValue>()
  let steps: RawSteps[] = []
  for (const [key, value] of Object.entries(root)) {
    const path = join(prefix, key)
    switch (key) {
      case 'source':
        source = reader.endpoint(value, path)
        break
      case 'destination':
        destination = reader.endpoint(value, path)
        break
      case 'options':
        options = reader.options(value, path)
        break
      case 'steps':
        steps = reader.stepsList(value, path)
        break
      default:
        problems.error(reader.at(path), `unknown key "${key}"`, 'expected source, destination, options or steps')
    }
  }
  for (const endpoint of ['source', 'destination']) {
    if (!(endpoint in root)) {
      problems.error(
        location,
        `no ${endpoint}`,
        `add ${join(prefix, endpoint)}: { database: { host, name, user, password } }`,
      )
    }
  }
  return { file: found.file, location, ...(source && { source }), ...(destination && { destination }), options, steps }
}

function join(prefix: string, key: string | number): string {
  return typeof key === 'number' ? `${prefix}[${key}]` : prefix === '' ? key : `${prefix}.${key}`
}

class ObjectReader {
  constructor(
    private readonly file: string,
    private readonly problems: ConfigProblems,
  ) {}

  at(path: string): SourceLocation {
    return { file: this.file, path }
  }

  object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (isRecord(value)) return value
    this.problems.error(
      this.at(path),
      `expected an object, found ${typeName(value)}`,
      'see the documented shape: { source, destination, options, steps }',
    )
    return undefined
  }

  /** Scalars become the string config.xml would hold: numbers as written, booleans as 1/0, null as empty. */
  scalar(value: unknown, path: string): LocatedValue | undefined {
    const location = this.at(path)
    if (typeof value === 'string') return { value, location }
    if (typeof value === 'number' && Number.isFinite(value)) return { value: String(value), location }
    if (typeof value === 'boolean') return { value: value ? '1' : '0', location }
    if (value === null) return { value: '', location }
    this.problems.error(location, `expected a string or number, found ${typeName(value)}`, 'write a plain value')
    return undefined
  }

  endpoint(value: unknown, path: string): RawDatabase | undefined {
    const endpoint = this.object(value, path)
    if (endpoint === undefined) return undefined
    for (const key of Object.keys(endpoint)) {
      // `type` and `version` mirror the attributes of old upstream files and are ignored like there.
      if (key !== 'database' && key !== 'type' && key !== 'version') {
        this.problems.error(
          this.at(join(path, key)),
          `unknown key "${key}"`,
          'put the connection under database: { host, port, name, user, password }',
        )
      }
    }
    const databasePath = join(path, 'database')
    if (endpoint.database === undefined) {
      this.problems.error(this.at(path), 'no database', `add ${databasePath}: { host, name, user, password }`)
      return undefined
    }
    const database = this.object(endpoint.database, databasePath)
    if (database === undefined) return undefined
    const fields = new Map<string, LocatedValue>()
    for (const [key, field] of Object.entries(database)) {
      const located = this.scalar(field, join(databasePath, key))
      if (located !== undefined) fields.set(key, located)
    }
    return { location: this.at(databasePath), fields }
  }

  options(value: unknown, path: string): Map<string, LocatedValue> {
    const options = new Map<string, LocatedValue>()
    for (const [key, option] of Object.entries(this.object(value, path) ?? {})) {
      const located = this.scalar(option, join(path, key))
      if (located !== undefined) options.set(key, located)
    }
    return options
  }

  stepsList(value: unknown, path: string): RawSteps[] {
    if (!Array.isArray(value)) {
      this.problems.error(
        this.at(path),
        `expected a list, found ${typeName(value)}`,
        'write steps: [{ mode: "delta", step: [{ title, delta }] }]',
      )
      return []
    }
    const list: RawSteps[] = []
    value.forEach((entry, index) => {
      const entryPath = join(path, index)
      const steps = this.object(entry, entryPath)
      if (steps === undefined) return
      let mode: LocatedValue | undefined
      let stepList: RawStep[] = []
      for (const [key, field] of Object.entries(steps)) {
        if (key === 'mode') mode = this.scalar(field, join(entryPath, key))
        else if (key === 'step') stepList = this.stepList(field, join(entryPath, key))
        else
          this.problems.error(this.at(join(entryPath, key)), `unknown key "${key}"`, 'a steps entry has mode and step')
      }
      list.push({ ...(mode && { mode }), location: this.at(entryPath), steps: stepList })
    })
    return list
  }

  private stepList(value: unknown, path: string): RawStep[] {
    if (!Array.isArray(value)) {
      this.problems.error(
        this.at(path),
        `expected a list, found ${typeName(value)}`,
        'write step: [{ title: "…", delta: "…" }]',
      )
      return []
    }
    const steps: RawStep[] = []
    value.forEach((entry, index) => {
      const stepPath = join(path, index)
      const step = this.object(entry, stepPath)
      if (step === undefined) return
      let title: LocatedValue | undefined
      const classes: StepClassReference[] = []
      for (const [key, field] of Object.entries(step)) {
        const fieldPath = join(stepPath, key)
        if (key === 'title') {
          title = this.scalar(field, fieldPath)
        } else if (STEP_STAGES.includes(key)) {
          // Upstream allows a stage element to repeat, so a list is accepted too.
          const references = Array.isArray(field)
            ? field.map((item, i) => [item, join(fieldPath, i)] as const)
            : [[field, fieldPath] as const]
          for (const [reference, referencePath] of references) {
            const located = this.scalar(reference, referencePath)
            if (located !== undefined)
              classes.push({ stage: key, reference: located.value.trim(), location: located.location })
          }
        } else {
          this.problems.error(this.at(fieldPath), `unknown stage "${key}"`, `use title, ${STEP_STAGES.join(', ')}`)
        }
      }
      steps.push({ ...(title && { title }), location: this.at(stepPath), classes })
    })
    return steps
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}
