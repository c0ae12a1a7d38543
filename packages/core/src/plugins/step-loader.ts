import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { MigError } from '../errors/mig-error.js'
import { DELTA_STEP_API, DELTA_STEP_BRAND, isDeltaStep, type DeltaStep } from '../steps/delta-step.js'
import type { PluginManifest } from './plugin-manifest.js'
import { assertCompatibleCore } from './core-compatibility.js'

/** A delta step and who contributed it, for messages. */
export interface ContributedStep {
  readonly step: DeltaStep
  readonly origin: string
}

/**
 * Imports each plugin's `mig.main` module and collects its delta steps: exported instances, or
 * exported classes whose instances carry the brand (constructed without arguments). A step built
 * for another contract version is refused with a clear message.
 */
export async function loadPluginSteps(plugins: readonly PluginManifest[]): Promise<ContributedStep[]> {
  const steps: ContributedStep[] = []
  for (const plugin of plugins) {
    const main = plugin.mig?.main
    if (!main) continue
    assertCompatibleCore(plugin.name, plugin.coreRange)
    const file = path.resolve(plugin.root, main)
    let exports: Record<string, unknown>
    try {
      exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>
    } catch (error) {
      throw new MigError(
        `plugin ${plugin.name}: cannot load ${file} (${error instanceof Error ? error.message : String(error)}); reinstall the plugin`,
        {
          cause: error,
        },
      )
    }
    for (const [name, value] of Object.entries(exports)) {
      const step = asDeltaStep(value)
      if (!step) continue
      assertStepApi(step, `plugin ${plugin.name}@${plugin.version}: step ${name}`)
      steps.push({ step, origin: `${plugin.name}#${name}` })
    }
  }
  return steps
}

/** An exported step instance, or an instance of an exported step class (constructed without arguments). */
export function asDeltaStep(value: unknown): DeltaStep | undefined {
  if (isDeltaStep(value)) return value
  if (typeof value === 'function' && isDeltaStep((value as { prototype?: unknown }).prototype ?? null)) {
    // Abstract classes carry the brand too, but cannot be used: only concrete ones with a title.
    try {
      const instance: unknown = new (value as new () => unknown)()
      return isDeltaStep(instance) && typeof instance.title === 'string' ? instance : undefined
    } catch {
      return undefined
    }
  }
  return undefined
}

/** A step built against another contract version is refused, naming it. */
export function assertStepApi(step: DeltaStep, what: string): void {
  const api = step[DELTA_STEP_BRAND]
  if (api !== DELTA_STEP_API)
    throw new MigError(
      `${what} was built for mig step API ${api}, this mig speaks ${DELTA_STEP_API}; install a matching plugin version`,
    )
}
