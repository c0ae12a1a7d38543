import type { Session } from '../db/database-client.js'
import { AbstractDelta } from './abstract-delta.js'
import type { ChangeFailure, ChangeSet, DeltaEnvironment, LoadedChanges } from './delta-step.js'

/**
 * Claims tables whose changes must be captured now but applied later: their deltalogs keep
 * every change (nothing is acknowledged) until a step that can apply them is installed.
 */
export class HeldDelta extends AbstractDelta {
  override readonly holdsChanges = true

  /** `origin`: the plugin whose deltalog.xml named the tables (every table it tracks is held). */
  constructor(
    readonly title: string,
    private readonly origin: string,
  ) {
    super()
  }

  tables(environment: DeltaEnvironment): readonly string[] {
    return environment.tracked.filter((table) => table.origins.includes(this.origin)).map((table) => table.table)
  }

  async load(changes: ChangeSet): Promise<LoadedChanges> {
    throw new Error(`${this.title} holds ${changes.table}; it is never loaded`)
  }

  async applyDeletes(_session: Session, _loaded: LoadedChanges): Promise<readonly ChangeFailure[]> {
    return []
  }

  async applyUpserts(_session: Session, _loaded: LoadedChanges): Promise<readonly ChangeFailure[]> {
    return []
  }
}
