import semver from 'semver'
import { UsageError } from '../errors/mig-error.js'
import { CORE_VERSION } from './core-version.js'

/** The @mig/core range a plugin's package.json declares (peer dependency first). */
export function declaredCoreRange(packageJson: unknown): string | undefined {
  if (typeof packageJson !== 'object' || packageJson === null) return undefined
  for (const field of ['peerDependencies', 'dependencies'] as const) {
    const dependencies = (packageJson as Record<string, unknown>)[field]
    if (typeof dependencies === 'object' && dependencies !== null) {
      const range = (dependencies as Record<string, unknown>)['@mig/core']
      if (typeof range === 'string') return range
    }
  }
  return undefined
}

/**
 * A plugin built for another @mig/core major (semver's caret rules: for 0.x, another minor) is
 * refused before any of its code runs. Ranges that are not versions (workspace:, file:, git) are
 * trusted: they come from a developer's own checkout.
 */
export function assertCompatibleCore(plugin: string, range: string | undefined, coreVersion = CORE_VERSION): void {
  if (range === undefined || semver.validRange(range) === null) return
  if (semver.satisfies(coreVersion, range, { includePrerelease: true })) return
  throw new UsageError(
    `plugin ${plugin} needs @mig/core ${range}, but this mig has ${coreVersion}; install a version of the plugin built for @mig/core ${semver.major(coreVersion)}.x`,
  )
}
