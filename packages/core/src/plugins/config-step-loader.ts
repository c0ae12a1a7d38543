import { readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { formatLocation } from '../config/source-location.js'
import { UsageError } from '../errors/mig-error.js'
import type { MigrationConfig, StepClassReference } from '../interfaces/config.js'
import type { Logger } from '../log/logger.js'
import { findPackageRoot, packageEntry } from './module-entry.js'
import type { PluginManifest } from './plugin-manifest.js'
import { asDeltaStep, assertStepApi, type ContributedStep } from './step-loader.js'
import { assertCompatibleCore, declaredCoreRange } from './core-compatibility.js'

/**
 * The upstream way of adding a step: `<steps mode="delta"><step title="Blog"><delta>@vendor/delta-blog#BlogDelta</delta>`.
 * `module#Export` names an installed package (or a loaded mig plugin, or a path relative to
 * config.xml) and the exported class. Upstream's own PHP class names (`Migration\Step\…`) are
 * what mig's plugins replace: they are skipped with one warning.
 */
export async function loadConfigSteps(
  config: MigrationConfig,
  plugins: readonly PluginManifest[],
  log: Logger,
): Promise<ContributedStep[]> {
  const references = config.steps
    .filter((steps) => steps.mode === 'delta')
    .flatMap((steps) => steps.steps.flatMap((step) => step.classes.filter((item) => item.stage === 'delta')))
  const steps: ContributedStep[] = []
  const upstream: string[] = []
  for (const reference of references) {
    if (!reference.reference.includes('#')) {
      upstream.push(reference.reference)
      continue
    }
    steps.push({ step: await loadReference(reference, config, plugins), origin: reference.reference })
  }
  if (upstream.length > 0) {
    log.warn(
      `config.xml names ${upstream.length} upstream step classes (e.g. ${upstream[0]}); mig's plugins do their work, so they are skipped`,
    )
  }
  return steps
}

async function loadReference(
  reference: StepClassReference,
  config: MigrationConfig,
  plugins: readonly PluginManifest[],
): Promise<ContributedStep['step']> {
  const where = formatLocation(reference.location)
  const [specifier = '', exportName = ''] = reference.reference.split('#')
  const file = resolveModule(specifier, config, plugins, where)
  let exports: Record<string, unknown>
  try {
    exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>
  } catch (error) {
    throw new UsageError(
      `${where}: cannot load ${specifier} (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); install it with \`mig plugins install ${specifier}\``,
    )
  }
  const step = asDeltaStep(exports[exportName])
  if (!step)
    throw new UsageError(
      `${where}: ${specifier} exports no delta step named ${exportName}; name a class that extends AbstractDelta`,
    )
  assertStepApi(step, `${where}: ${reference.reference}`)
  return step
}

function resolveModule(
  specifier: string,
  config: MigrationConfig,
  plugins: readonly PluginManifest[],
  where: string,
): string {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) return path.resolve(path.dirname(config.file), specifier)
  const plugin = plugins.find((candidate) => candidate.name === specifier)
  const root = plugin?.root ?? findPackageRoot(specifier, [path.dirname(config.file), process.cwd()])
  if (!root)
    throw new UsageError(`${where}: package ${specifier} is not installed; run \`mig plugins install ${specifier}\``)
  if (!plugin)
    assertCompatibleCore(
      specifier,
      declaredCoreRange(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as unknown),
    )
  return packageEntry(root)
}
