import { describe, expect, it } from 'vitest'
import { assertCompatibleCore, declaredCoreRange } from '../src/plugins/core-compatibility.js'

describe('plugin compatibility with @mig/core', () => {
  it('reads the declared range, peer dependency first', () => {
    expect(
      declaredCoreRange({ peerDependencies: { '@mig/core': '^1.2.0' }, dependencies: { '@mig/core': '^0.1.0' } }),
    ).toBe('^1.2.0')
    expect(declaredCoreRange({ dependencies: { '@mig/core': '^0.1.0' } })).toBe('^0.1.0')
    expect(declaredCoreRange({ name: 'x' })).toBeUndefined()
  })

  it('refuses a plugin built for another major (another minor while at 0.x), naming both versions', () => {
    expect(() => assertCompatibleCore('@vendor/delta-blog', '^1.0.0', '0.1.0')).toThrow(
      'plugin @vendor/delta-blog needs @mig/core ^1.0.0, but this mig has 0.1.0; install a version of the plugin built for @mig/core 0.x',
    )
    expect(() => assertCompatibleCore('@vendor/delta-blog', '^0.2.0', '0.1.4')).toThrow(/needs @mig\/core \^0\.2\.0/)
    expect(() => assertCompatibleCore('@vendor/delta-blog', '^2.0.0', '3.1.0')).toThrow(/this mig has 3\.1\.0/)
  })

  it('accepts matching ranges and trusts non-version specifiers', () => {
    expect(() => assertCompatibleCore('a', '^0.1.0', '0.1.9')).not.toThrow()
    expect(() => assertCompatibleCore('a', '>=1.0.0 <3', '2.5.0')).not.toThrow()
    expect(() => assertCompatibleCore('a', 'workspace:*', '0.1.0')).not.toThrow()
    expect(() => assertCompatibleCore('a', undefined, '0.1.0')).not.toThrow()
  })
})
