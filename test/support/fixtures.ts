import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { schemaSubsetPath, type SchemaSide } from '@mig/demo'
import { describe } from 'vitest'

/** The real dumps described in ../shared/fixtures/README.md. */
export const MAGENTO1_DUMP = 'magento1-ce-1.7.sql'
export const MAGENTO2_DUMP = 'magento2-ce-2.4.8.sql'
export const ALL_DUMPS: readonly string[] = [MAGENTO1_DUMP, MAGENTO2_DUMP]

let cachedRepoRoot: string | undefined

/**
 * The monorepo root: the nearest ancestor of this file (source or compiled) whose package.json declares
 * workspaces. Independent of the current working directory.
 */
export function repoRoot(): string {
  if (cachedRepoRoot !== undefined) return cachedRepoRoot
  const start = path.dirname(fileURLToPath(import.meta.url))
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json')
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown }
      if (parsed.workspaces !== undefined) {
        cachedRepoRoot = dir
        return dir
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`no workspace root (package.json with "workspaces") above ${start}`)
  }
}

/** MIG_FIXTURES_DIR, or `<repo root>/../shared/fixtures`. */
export function fixturesDir(): string {
  const fromEnv = process.env['MIG_FIXTURES_DIR']
  if (fromEnv !== undefined && fromEnv !== '') return path.resolve(fromEnv)
  return path.resolve(repoRoot(), '..', 'shared', 'fixtures')
}

/** The half of mig's own schema subset (packages/demo/schema) that stands in for each real dump. */
const SUBSET_SIDE: Readonly<Record<string, SchemaSide>> = { [MAGENTO1_DUMP]: 'magento1', [MAGENTO2_DUMP]: 'magento2' }

function realDumpPath(name: string): string {
  return path.join(fixturesDir(), name)
}

/**
 * Where a fixture dump is: the real one in fixturesDir(); when it is absent (and MIG_REQUIRE_FIXTURES is not 1), mig's
 * schema subset of that side, which loads like a dump (loadDump) but holds no rows besides metadata.
 */
export function fixturePath(name: string): string {
  const side = SUBSET_SIDE[name]
  if (side !== undefined && !fixturesRequired() && missingFixtures([name]).length > 0) return schemaSubsetPath(side)
  return realDumpPath(name)
}

function missingFixtures(names: readonly string[]): string[] {
  return names.filter((name) => {
    try {
      return !statSync(realDumpPath(name)).isFile()
    } catch {
      return true
    }
  })
}

/** True when fixturePath() gives the schema subset for at least one of the named dumps (both by default). */
export function usingSchemaSubset(names: readonly string[] = ALL_DUMPS): boolean {
  return !fixturesRequired() && missingFixtures(names).some((name) => SUBSET_SIDE[name] !== undefined)
}

/** True when every named fixture file (both dumps by default) exists. */
export function fixturesAvailable(names: readonly string[] = ALL_DUMPS): boolean {
  return missingFixtures(names).length === 0
}

export function fixturesRequired(): boolean {
  return process.env['MIG_REQUIRE_FIXTURES'] === '1'
}

/**
 * undefined when the fixtures are there; otherwise a human-readable reason to skip. Throws instead when
 * MIG_REQUIRE_FIXTURES=1, so CI cannot silently skip the suites that need real dumps.
 */
export function fixtureSkipReason(names: readonly string[] = ALL_DUMPS): string | undefined {
  const missing = missingFixtures(names)
  if (missing.length === 0) return undefined
  const reason = `fixture dump(s) ${missing.join(', ')} not found in ${fixturesDir()} (set MIG_FIXTURES_DIR)`
  if (fixturesRequired()) throw new Error(`MIG_REQUIRE_FIXTURES=1 but ${reason}`)
  return reason
}

/**
 * describe() on the fixture dumps: the real ones when present, else mig's schema subset (fixturePath gives it; the
 * suite's name says so). Skipped, with the reason in its name, only when a named fixture has no subset to stand in;
 * under MIG_REQUIRE_FIXTURES=1 a missing real dump fails instead (see fixtureSkipReason).
 */
export function describeWithFixtures(name: string, fn: () => void, names: readonly string[] = ALL_DUMPS): void {
  const missing = missingFixtures(names)
  if (missing.length === 0) {
    describe(name, fn)
  } else if (!fixturesRequired() && missing.every((dump) => SUBSET_SIDE[dump] !== undefined)) {
    describe(`${name} [on the schema subset: no ${missing.join(' or ')}]`, fn)
  } else {
    describeWithRealDumps(name, fn, names)
  }
}

/**
 * describe() for suites that need the real dumps themselves (their rows, their size), not only a Magento schema:
 * skipped, with the reason in its name, when they are absent; fails under MIG_REQUIRE_FIXTURES=1.
 */
export function describeWithRealDumps(name: string, fn: () => void, names: readonly string[] = ALL_DUMPS): void {
  const reason = fixtureSkipReason(names)
  if (reason === undefined) {
    describe(name, fn)
  } else {
    console.warn(`skipping "${name}": ${reason}`)
    describe.skip(`${name} [skipped: ${reason}]`, fn)
  }
}
