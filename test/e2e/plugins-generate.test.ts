import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeConfigXml } from '../support/config-file.js'
import { repoRoot } from '../support/fixtures.js'
import { runMig } from '../support/run-mig.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'

describe('mig plugins generate, link and uninstall', () => {
  const dbs = useTestDatabases()
  const work = mkdtempSync(path.join(os.tmpdir(), 'mig-generate-'))
  const folder = path.join(work, 'delta-faq')
  // A fresh oclif data folder: the plugins a merchant installs or links live there.
  const env = {
    MIG_DATA_DIR: path.join(work, 'data'),
    MIG_CACHE_DIR: path.join(work, 'cache'),
    MIG_CONFIG_DIR: path.join(work, 'config'),
  }
  let config: string

  beforeAll(async () => {
    const m1 = await dbs.create('gen_m1')
    const m2 = await dbs.create('gen_m2')
    const db = await openConnection(m1)
    await db.query('CREATE TABLE faq_item (entity_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, question TEXT)')
    await db.end()
    config = writeConfigXml({ source: m1, destination: m2 })
  })

  afterAll(async () => {
    await runMig(['plugins', 'uninstall', '@vendor/delta-faq'], { env })
  })

  for (const [kind, base, tests] of [
    ['map', 'MapDelta', 2],
    ['transform', 'AbstractDelta', 3],
  ] as const) {
    it(`creates a plugin skeleton (--kind ${kind}: a ${base}) whose own test passes`, () => {
      const target = kind === 'map' ? folder : path.join(work, 'delta-brand')
      const name = kind === 'map' ? '@vendor/delta-faq' : '@vendor/delta-brand'
      execFileSync(
        process.execPath,
        [
          path.join(repoRoot(), 'packages', 'cli', 'bin', 'run.js'),
          'plugins',
          'generate',
          name,
          '--table',
          'faq_item',
          '--kind',
          kind,
          '--dir',
          target,
        ],
        { env: { ...process.env, ...env } },
      )
      const manifest = JSON.parse(readFileSync(path.join(target, 'package.json'), 'utf8')) as {
        name: string
        mig: Record<string, string>
        peerDependencies: Record<string, string>
      }
      const map = kind === 'map' ? { map: './etc/map.xml' } : {}
      expect(manifest).toMatchObject({ name, mig: { deltalog: './etc/deltalog.xml', ...map, main: './dist/index.js' } })
      expect('map' in manifest.mig).toBe(kind === 'map')
      expect(manifest.peerDependencies['@mig/core']).toMatch(/^\^0\.1\./)
      const source = readFileSync(path.join(target, 'src', 'index.ts'), 'utf8')
      expect(source).toContain(`extends ${base}`)
      expect(source).toMatch(/from '@mig\/core'\n/) // the plugin surface, not the engine
      // Stand-in for `npm install`: the workspace's own packages (@mig/core, typescript, vitest);
      // test/e2e/examples-standalone.test.ts installs from a registry for real.
      symlinkSync(path.join(repoRoot(), 'node_modules'), path.join(target, 'node_modules'), 'dir')
      execFileSync(
        process.execPath,
        [path.join(repoRoot(), 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
        { cwd: target },
      )
      const output = execFileSync(
        process.execPath,
        [path.join(repoRoot(), 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', target],
        { cwd: target, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
      )
      expect(output).toMatch(new RegExp(`Tests\\s+${tests} passed`))
    })
  }

  it('is refused when the folder is not empty, or the name is not a package name', async () => {
    const again = await runMig(['plugins', 'generate', '@vendor/delta-faq', '--dir', folder], { env })
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('is not empty')
    const bad = await runMig(['plugins', 'generate', 'Not A Name', '--dir', path.join(work, 'x')], { env })
    expect(bad.code).toBe(2)
  })

  it('once linked, mig lists it and captures its table; uninstalled, the core plugins still work', async () => {
    const link = await runMig(['plugins', 'link', folder, '--no-install'], { env })
    expect(link.code, link.stderr).toBe(0)
    expect((await runMig(['plugins'], { env })).stdout).toContain('@vendor/delta-faq')
    const setup = await runMig(['delta', 'setup', config], { env })
    expect(setup.code, setup.stderr).toBe(0)
    const status = JSON.parse((await runMig(['delta', 'status', '--json', config], { env })).stdout) as {
      tables: { table: string; state: string }[]
    }
    expect(status.tables.find((table) => table.table === 'faq_item')?.state).toBe('installed')

    const uninstall = await runMig(['plugins', 'uninstall', '@vendor/delta-faq'], { env })
    expect(uninstall.code, uninstall.stderr).toBe(0)
    const after = await runMig(['delta', 'status', '--json', config], { env })
    expect(after.code, after.stderr).toBe(0)
    const tables = (JSON.parse(after.stdout) as { tables: { table: string }[] }).tables.map((table) => table.table)
    expect(tables).not.toContain('faq_item')
    expect(tables).toContain('sales_flat_order')
  })
})
