import { describe, expect, it } from 'vitest'
import { MapDelta } from '../../src/steps/map-delta.js'
import type { DeltaEnvironment } from '../../src/steps/delta-step.js'

const environment = {
  tracked: [
    { table: 'sales_flat_order', keys: ['entity_id'], group: 'sales', origins: ['@mig/plugin-sales'] },
    { table: 'aw_blog_post', keys: ['post_id'], group: 'blog', origins: ['@vendor/delta-blog'] },
    { table: 'aw_blog_comment', keys: ['comment_id'], group: 'blog', origins: ['@vendor/delta-blog', 'config.xml'] },
  ],
} as unknown as DeltaEnvironment

describe('MapDelta tables', () => {
  it('applies every tracked table when none are named', () => {
    expect(new MapDelta('all').tables(environment)).toEqual(['sales_flat_order', 'aw_blog_post', 'aw_blog_comment'])
  })

  it('applies the named tables', () => {
    expect(new MapDelta('named', ['aw_blog_post']).tables(environment)).toEqual(['aw_blog_post'])
  })

  it("applies the tables a plugin's deltalog.xml tracks, also where another contributor names them too", () => {
    expect(new MapDelta('blog', { trackedBy: '@vendor/delta-blog' }).tables(environment)).toEqual([
      'aw_blog_post',
      'aw_blog_comment',
    ])
    expect(new MapDelta('none', { trackedBy: '@vendor/other' }).tables(environment)).toEqual([])
  })
})
