/**
 * The step contract at compile time, as a vendor meets it: every hook is declared on the base
 * classes, so a subclass writes it with `override`, and a misspelt hook, a hook with another
 * signature, or a hook without `override` does not compile.
 */
import { MapDelta, type DataProgressListener, type Session } from '@mig/core'
import { expectTypeOf, test } from 'vitest'

test('hooks are written with override, and only real hooks compile', () => {
  class Grids extends MapDelta {
    override async afterData(_session: Session, _progress: DataProgressListener): Promise<void> {}
    override afterDataNeeds(): readonly string[] {
      return ['blog_post']
    }
    override notComparable(_table: string): string | undefined {
      return undefined
    }
  }

  class Misspelt extends MapDelta {
    // @ts-expect-error: afterDat is no hook, so it cannot override one
    override async afterDat(_session: Session, _progress: DataProgressListener): Promise<void> {}
  }

  class WrongSignature extends MapDelta {
    // @ts-expect-error: afterDataNeeds gives table names, not a number
    override afterDataNeeds(): number {
      return 1
    }
  }

  class WithoutOverride extends MapDelta {
    // @ts-expect-error: a hook implemented without override is an error (noImplicitOverride)
    afterDataNeeds(): readonly string[] {
      return []
    }
  }

  expectTypeOf<Grids>().toHaveProperty('afterData')
  expectTypeOf([Misspelt, WrongSignature, WithoutOverride]).toBeArray()
})
