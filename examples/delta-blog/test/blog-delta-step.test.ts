/**
 * What core checks before any database is touched: the package.json `mig` section, the deltalog
 * and map files it names, and a step core recognises by brand and contract version.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  DELTA_STEP_API,
  collectTrackedTables,
  declaredCoreRange,
  isDeltaStep,
  migSectionOf,
  readMapXml,
  type DeltaEnvironment,
  type MigrationConfig,
  type TrackedTable,
} from '@mig/core/engine'
import { describe, expect, it } from 'vitest'
import { BlogDelta, pluginName } from '../src/index.js'

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)))
const packageJson: unknown = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))

describe('@vendor/delta-blog as core sees it', () => {
  it('declares its files, its entry point and @mig/core as a peer dependency', () => {
    expect((packageJson as { name: string }).name).toBe(pluginName)
    expect(migSectionOf(packageJson)).toEqual({
      deltalog: './etc/deltalog.xml',
      map: './etc/map.xml',
      main: './dist/index.js',
    })
    expect(declaredCoreRange(packageJson)).toBe('^0.1.0')
    expect((packageJson as { oclif?: unknown }).oclif).toEqual({})
  })

  it('tracks its three tables under their keys', () => {
    const mig = migSectionOf(packageJson)!
    const tracked = collectTrackedTables([{ name: pluginName, version: '1.0.0', root, mig }], { options: {} } as Pick<
      MigrationConfig,
      'options'
    >)
    expect(tracked.map((table) => [table.table, table.keys, table.origins])).toEqual([
      ['blog_post', ['post_id'], [pluginName]],
      ['blog_post_store', ['post_id', 'store_id'], [pluginName]],
      ['blog_comment', ['comment_id'], [pluginName]],
    ])
  })

  it('maps renamed tables, the moved column, the serialized field and the Magento 2-only column', async () => {
    const rules = await readMapXml(path.join(root, 'etc', 'map.xml'), pluginName)
    expect(rules.source.renames).toHaveLength(3)
    expect(rules.source.moves).toHaveLength(1)
    expect(JSON.stringify(rules)).toContain('SerializeToJson')
    expect(JSON.stringify(rules.destination)).toContain('views_count')
  })

  it('is a branded delta step of this contract version that claims exactly the plugin’s tables', () => {
    const step = new BlogDelta()
    expect(isDeltaStep(step)).toBe(true)
    expect(step[Symbol.for('@mig/core/delta-step') as never]).toBe(DELTA_STEP_API)
    expect(step.title).toBe('Blog')
    const table = (name: string, origin: string): TrackedTable => ({
      table: name,
      keys: [],
      group: 'g',
      origins: [origin],
    })
    const environment = {
      tracked: [
        table('blog_post', pluginName),
        table('sales_flat_order', '@mig/plugin-sales'),
        table('blog_comment', pluginName),
        table('blog_extra', 'deltalog.xml'),
      ],
    } as unknown as DeltaEnvironment
    expect(step.tables(environment)).toEqual(['blog_post', 'blog_comment'])
  })
})
