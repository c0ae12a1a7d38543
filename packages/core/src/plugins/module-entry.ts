import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

/** The file a package's ES module entry points at: its `mig.main`, else `exports["."]`, else `main`. */
export function packageEntry(packageRoot: string): string {
  const manifest = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
    mig?: { main?: unknown }
    exports?: unknown
    main?: unknown
  }
  const fromExports = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value
    if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>
      return fromExports(record['.']) ?? fromExports(record['import']) ?? fromExports(record['default'])
    }
    return undefined
  }
  const entry =
    (typeof manifest.mig?.main === 'string' ? manifest.mig.main : undefined) ??
    fromExports(manifest.exports) ??
    (typeof manifest.main === 'string' ? manifest.main : 'index.js')
  return path.resolve(packageRoot, entry)
}

/** Finds `node_modules/<name>` walking up from each start folder, the way Node resolves packages. */
export function findPackageRoot(name: string, startFolders: readonly string[]): string | undefined {
  for (const start of startFolders) {
    for (let folder = path.resolve(start); ; folder = path.dirname(folder)) {
      const candidate = path.join(folder, 'node_modules', ...name.split('/'))
      if (existsSync(path.join(candidate, 'package.json'))) return candidate
      if (path.dirname(folder) === folder) break
    }
  }
  return undefined
}
