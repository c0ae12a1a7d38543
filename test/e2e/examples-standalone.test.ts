/**
 * Each example plugin is a vendor's starting point: copied out of this repository alone and installed
 * against a published @mig/core (a loopback registry here), its own `npm test` must pass. This is
 * what keeps the examples from reaching into the repository (../../packages, test/support).
 */
import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../support/fixtures.js'
import { startLocalRegistry, type LocalRegistry } from '../support/local-registry.js'

const run = promisify(execFile)
const examples = readdirSync(path.join(repoRoot(), 'examples'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)

describe('the example plugins, copied out alone', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'mig-examples-'))
  const npmrc = path.join(home, '.npmrc')
  let registry: LocalRegistry | undefined

  beforeAll(async () => {
    registry = await startLocalRegistry()
    const host = registry.url.replace(/^http:/, '')
    // Only @mig comes from the loopback registry; typescript, vitest and mysql2 from the ordinary one.
    writeFileSync(npmrc, `@mig:registry=${registry.url}/\n${host}/:_authToken=mig-test\n`)
    // Asynchronously: the registry answers from this very process.
    await run('npm', ['publish', '--ignore-scripts', '--access', 'public', '--userconfig', npmrc], {
      cwd: path.join(repoRoot(), 'packages', 'core'),
    })
    expect(registry.packages()).toEqual(['@mig/core'])
  }, 300_000)

  afterAll(async () => {
    await registry?.close()
    rmSync(home, { recursive: true, force: true })
  })

  it('there is more than one example, and one extends AbstractDelta directly', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2)
  })

  for (const example of examples) {
    it(`${example}: npm install, npm run build and npm test pass outside the repository`, async () => {
      const folder = path.join(home, example)
      const skipped = new Set(['node_modules', 'dist'])
      cpSync(path.join(repoRoot(), 'examples', example), folder, {
        recursive: true,
        filter: (source) => !skipped.has(path.basename(source)) && !source.endsWith('.tsbuildinfo'),
      })
      const env = { ...process.env, npm_config_userconfig: npmrc, NO_COLOR: '1', FORCE_COLOR: '0' }
      const npm = (args: readonly string[]) => run('npm', [...args], { cwd: folder, env, maxBuffer: 64 * 1024 * 1024 })
      await npm(['install', '--no-audit', '--no-fund'])
      await npm(['run', 'build'])
      const summary = (await npm(['test'])).stdout.replace(/\x1b\[[0-9;]*m/g, '')
      // vitest's summary: every test passed, none failed (npm test exits non-zero otherwise).
      expect(summary).toMatch(/Tests\s+\d+ passed/)
      expect(summary).not.toMatch(/failed/)
    }, 600_000)
  }
})
