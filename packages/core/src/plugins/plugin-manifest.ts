/** What a plugin's package.json `mig` section may name (paths relative to the package root). */
export interface MigPackageSection {
  /** deltalog.xml with the tables whose changes the plugin captures. */
  readonly deltalog?: string
  /** map.xml with the plugin's mapping rules. */
  readonly map?: string
  /** ES module whose exports are the plugin's steps (e.g. a class extending AbstractDelta). */
  readonly main?: string
}

/** A loaded plugin as the host (the oclif CLI, or a test) describes it to core. */
export interface PluginManifest {
  readonly name: string
  readonly version: string
  /** Absolute path of the package root. */
  readonly root: string
  readonly mig?: MigPackageSection
  /** The @mig/core range the plugin declares (peer dependency), checked before its code is loaded. */
  readonly coreRange?: string
}

/** Reads the `mig` section from a package.json object without trusting its shape. */
export function migSectionOf(packageJson: unknown): MigPackageSection | undefined {
  if (typeof packageJson !== 'object' || packageJson === null) return undefined
  const section = (packageJson as Record<string, unknown>)['mig']
  if (typeof section !== 'object' || section === null) return undefined
  const record = section as Record<string, unknown>
  const text = (key: string): string | undefined =>
    typeof record[key] === 'string' ? (record[key] as string) : undefined
  const result: { deltalog?: string; map?: string; main?: string } = {}
  const deltalog = text('deltalog')
  const map = text('map')
  const main = text('main')
  if (deltalog) result.deltalog = deltalog
  if (map) result.map = map
  if (main) result.main = main
  return result
}
