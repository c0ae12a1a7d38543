import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { declaredCoreRange } from '../plugins/core-compatibility.js'
import { migSectionOf, type PluginManifest } from '../plugins/plugin-manifest.js'

/** The plugin in `root` as the CLI describes an installed plugin to core (mig loads `mig.main`, built). */
export function pluginUnderTest(root: string): PluginManifest {
  const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    name: string
    version: string
  }
  const coreRange = declaredCoreRange(packageJson)
  return {
    name: packageJson.name,
    version: packageJson.version,
    root,
    mig: migSectionOf(packageJson),
    ...(coreRange ? { coreRange } : {}),
  }
}

/** Builds the plugin as its vendor would (`tsc -b`, its own TypeScript) when dist/ is missing or older than src/. */
export function buildPlugin(root: string): void {
  const built = path.join(root, 'dist', 'index.js')
  const sources = (readdirSync(path.join(root, 'src'), { recursive: true }) as string[]).map((file) =>
    path.join(root, 'src', file),
  )
  if (existsSync(built) && sources.every((source) => statSync(source).mtimeMs <= statSync(built).mtimeMs)) return
  const tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc')
  execFileSync(process.execPath, [tsc, '-b', root], { stdio: 'inherit' })
}
