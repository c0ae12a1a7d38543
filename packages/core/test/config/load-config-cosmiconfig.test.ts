import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/index.js'
import { isMigError, type MigError } from '../../src/errors/mig-error.js'
import { tempFolder } from './temp-folder.js'

const CONFIG = {
  source: { database: { host: '10.0.0.5', port: 3307, name: 'magento1', user: 'm1', password: 'p4ssw0rd-src' } },
  destination: { database: { host: 'localhost', name: 'magento2', user: 'm2' } },
  options: { bulk_size: 100, source_prefix: 'magev1_', map_file: 'etc/map.xml', edition_number: '1.9.4.5' },
  steps: [
    {
      mode: 'delta',
      step: [
        {
          title: 'Blog',
          delta: '@vendor/delta-blog#BlogDelta',
          volume: ['@vendor/delta-blog#V1', '@vendor/delta-blog#V2'],
        },
      ],
    },
  ],
}

async function loadError(path: string | undefined, cwd: string): Promise<MigError> {
  try {
    await loadConfig(path, { cwd, env: {} })
  } catch (error) {
    if (isMigError(error)) return error
    throw error
  }
  throw new Error('expected loadConfig to fail')
}

describe('loadConfig with cosmiconfig', () => {
  it('finds .migrc.json from a subfolder and resolves files against its folder', async () => {
    const folder = tempFolder({
      'package.json': '{"name":"shop"}',
      '.migrc.json': JSON.stringify(CONFIG),
      'sub/keep': '',
    })
    const config = await loadConfig(undefined, { cwd: join(folder, 'sub'), env: {} })
    expect(config.file).toBe(join(folder, '.migrc.json'))
    expect(config.source).toEqual({
      host: '10.0.0.5',
      port: 3307,
      name: 'magento1',
      user: 'm1',
      password: 'p4ssw0rd-src',
    })
    expect(config.destination).toEqual({ host: 'localhost', port: 3306, name: 'magento2', user: 'm2', password: '' })
    expect(config.options.bulkSize).toBe(100)
    expect(config.options.sourcePrefix).toBe('magev1_')
    expect(config.options.mapFile).toBe(join(folder, 'etc', 'map.xml'))
    expect(config.options.raw).toEqual({
      bulk_size: '100',
      source_prefix: 'magev1_',
      map_file: 'etc/map.xml',
      edition_number: '1.9.4.5',
    })
    expect(config.steps).toEqual([
      {
        mode: 'delta',
        steps: [
          {
            title: 'Blog',
            classes: [
              {
                stage: 'delta',
                reference: '@vendor/delta-blog#BlogDelta',
                location: { file: join(folder, '.migrc.json'), path: 'steps[0].step[0].delta' },
              },
              {
                stage: 'volume',
                reference: '@vendor/delta-blog#V1',
                location: { file: join(folder, '.migrc.json'), path: 'steps[0].step[0].volume[0]' },
              },
              {
                stage: 'volume',
                reference: '@vendor/delta-blog#V2',
                location: { file: join(folder, '.migrc.json'), path: 'steps[0].step[0].volume[1]' },
              },
            ],
          },
        ],
      },
    ])
  })

  it('reads the mig key of package.json and locates problems by dotted path', async () => {
    const mig = {
      ...CONFIG,
      source: { database: { ...CONFIG.source.database, port: 70000, name: 'm1`; DROP TABLE x' } },
      options: { bulk_size: -5, turbo: 1 },
    }
    const folder = tempFolder({ 'package.json': JSON.stringify({ name: 'shop', mig }) })
    const error = await loadError(undefined, folder)
    expect(error.exitCode).toBe(2)
    expect(error.message).toBe('package.json: 3 problems; fix them and run again')
    expect(error.details).toEqual([
      'package.json: mig.source.database.port: source database port "70000" is not a port number (use a whole number from 1 to 65535, usually 3306)',
      'package.json: mig.source.database.name: source database name "m1`; DROP TABLE x" is not a plain MySQL name (use letters, digits, _ or $, at most 64 characters, not only digits)',
      'package.json: mig.options.bulk_size: bulk_size "-5" is not a whole number (use 0 (automatic) or a positive number of rows, e.g. 100)',
    ])
  })

  it('warns about unknown options with their path', async () => {
    const folder = tempFolder({ '.migrc.json': JSON.stringify({ ...CONFIG, options: { turbo: true } }) })
    const config = await loadConfig('.migrc.json', { cwd: folder, env: {} })
    expect(config.warnings).toEqual([
      '.migrc.json: options.turbo: unknown option "turbo" is ignored (check its spelling against the upstream config.xml.dist)',
    ])
  })

  it('rejects unknown keys, stages and modes', async () => {
    const bad = { ...CONFIG, extra: 1, steps: [{ mode: 'fast', step: [{ title: 'A', migrate: 'X' }] }] }
    const folder = tempFolder({ '.migrc.json': JSON.stringify(bad) })
    const error = await loadError('.migrc.json', folder)
    expect(error.details).toEqual([
      '.migrc.json: steps[0].step[0].migrate: unknown stage "migrate" (use title, integrity, data, delta, volume)',
      '.migrc.json: extra: unknown key "extra" (expected source, destination, options or steps)',
      '.migrc.json: steps[0].mode: unknown steps mode "fast" (use settings, data, delta)',
    ])
  })

  it('loads an explicit mig.config.mjs and a .migrc.yaml', async () => {
    const folder = tempFolder({
      'mig.config.mjs': `export default ${JSON.stringify(CONFIG)}`,
      '.migrc.yaml':
        'source:\n  database: { host: h1, name: a, user: u }\ndestination:\n  database: { host: h2, name: b, user: u }\noptions:\n  dest_prefix: m2_\n',
    })
    expect((await loadConfig('mig.config.mjs', { cwd: folder, env: {} })).options.bulkSize).toBe(100)
    const yaml = await loadConfig('.migrc.yaml', { cwd: folder, env: {} })
    expect(yaml.options.destPrefix).toBe('m2_')
    expect(yaml.source.host).toBe('h1')
  })

  it('reports broken JSON and YAML by position without quoting the file', async () => {
    const folder = tempFolder({
      'broken.json': '{\n  "source": { "database": { "password": "hunter2-secret", } }\n}',
      'broken.yaml': 'source:\n  database:\n    password: hunter2-secret\n   host: x\n',
    })
    const json = await loadError('broken.json', folder)
    expect(json.message).toMatch(/^broken\.json:2:\d+: invalid JSON/)
    const yaml = await loadError('broken.yaml', folder)
    expect(yaml.message).toMatch(/^broken\.yaml:4:\d+: invalid YAML: /)
    for (const error of [json, yaml]) {
      expect([error.message, ...error.details].join('\n')).not.toContain('hunter2')
      expect(error.message).not.toContain('\n')
    }
  })

  it('asks for config.xml when nothing is found', async () => {
    const folder = tempFolder({ 'package.json': '{"name":"empty"}' })
    const error = await loadError(undefined, folder)
    expect(error.exitCode).toBe(2)
    expect(error.message).toContain('pass the path of your config.xml')
  })
})
