import { open, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { UsageError } from '../errors/mig-error.js'
import type { MigrationConfig } from '../interfaces/config.js'
import { ConfigProblems } from './config-problems.js'
import { readConfigXmlFile } from './config-xml-reader.js'
import { loadCosmiconfigFile, readConfigObject, searchCosmiconfig } from './cosmiconfig-loader.js'
import { cryptKeyFromEnv, passwordFromEnv, redactSecrets } from './env-secrets.js'
import type { RawConfig } from './raw-config.js'
import { displayPath } from './source-location.js'
import { validateConfig } from './validate-config.js'
import { describeFsError } from './xml-document.js'

export interface LoadConfigOptions {
  /** Folder relative paths and the cosmiconfig search start from; default process.cwd(). */
  readonly cwd?: string
  /** Where MIG_SOURCE_PASSWORD and friends are read; default process.env. */
  readonly env?: NodeJS.ProcessEnv
}

/**
 * Reads and validates the configuration: an upstream config.xml, any other file through
 * cosmiconfig, or (no path) the cosmiconfig search from `cwd`. All problems of the file are
 * reported together in one UsageError (exit code 2); no message ever contains a password.
 */
export async function loadConfig(path: string | undefined, options: LoadConfigOptions = {}): Promise<MigrationConfig> {
  const cwd = options.cwd ?? process.cwd()
  const env = options.env ?? process.env
  const display = (file: string): string => displayPath(file, cwd)
  const problems = new ConfigProblems()
  let raw: RawConfig
  if (path === undefined) {
    const found = await searchCosmiconfig(cwd, display)
    if (found === undefined) {
      throw new UsageError(
        `no mig configuration found in ${cwd}; pass the path of your config.xml (or add .migrc.json or a "mig" key in package.json)`,
      )
    }
    raw = readConfigObject(found, display(found.file), problems)
  } else {
    const file = resolve(cwd, path)
    await assertReadableFile(file, path)
    raw = (await looksLikeXml(file))
      ? await readConfigXmlFile(file, display(file), problems)
      : readConfigObject(await loadCosmiconfigFile(file, display), display(file), problems)
  }
  const config = validateConfig(raw, problems, env)
  const secrets = secretsOf(raw, env)
  const redact = (line: string): string => redactSecrets(line, secrets)
  if (problems.errors.length > 0) {
    const count = problems.errors.length
    throw new UsageError(
      `${display(raw.file)}: ${count} problem${count === 1 ? '' : 's'}; fix them and run again`,
      problems.errors.map(redact),
    )
  }
  return { ...config, warnings: problems.warnings.map(redact) }
}

async function assertReadableFile(file: string, asGiven: string): Promise<void> {
  try {
    const info = await stat(file)
    if (info.isDirectory())
      throw new UsageError(`${asGiven}: is a directory, not a configuration file; pass the path of config.xml`)
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`${asGiven}: cannot read the configuration file (${describeFsError(error)}); check the path`)
  }
}

/** `.xml` files, and upstream copies such as `config.xml.dist`, whose first character is `<`. */
async function looksLikeXml(file: string): Promise<boolean> {
  if (file.toLowerCase().endsWith('.xml')) return true
  const handle = await open(file, 'r').catch((error: unknown) => {
    throw new UsageError(`${file}: cannot read the configuration file (${describeFsError(error)}); check the path`)
  })
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(256), 0, 256, 0)
    return buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart()
      .startsWith('<')
  } finally {
    await handle.close()
  }
}

/** Every secret the configuration could echo, for the last-line redaction of messages. */
function secretsOf(raw: RawConfig, env: NodeJS.ProcessEnv): string[] {
  const candidates = [
    raw.source?.fields.get('password')?.value,
    raw.destination?.fields.get('password')?.value,
    raw.options.get('crypt_key')?.value,
    passwordFromEnv('source', env),
    passwordFromEnv('destination', env),
    cryptKeyFromEnv(env),
  ]
  return candidates.filter((secret): secret is string => secret !== undefined && secret !== '')
}
